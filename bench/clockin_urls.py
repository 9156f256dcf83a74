"""The production URLs plus one bare view that inserts a row: the baseline of the load bench."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST


@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (user_id, at) VALUES (%s, now())", [request.user.pk])
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare_insert),
    path("", include("office.urls")),
]
