"""全市概况: attendance and confirmed findings by unit, for 市级领导, 市级督查 and superusers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inspections import selectors
from office.calendar import month_param
from office.org import Viewer, viewer_for


def sees_city_overview(viewer: Viewer) -> bool:
    return viewer.is_superuser or viewer.is_city_leader or viewer.is_city_inspector


@require_GET
def city_overview(request: HttpRequest) -> HttpResponse:
    if not sees_city_overview(viewer_for(request.user)):
        raise PermissionDenied("只有市级领导和市级督查可以查看全市概况。")
    today = timezone.localdate()
    first = month_param(request.GET.get("month"), today)
    categories, rows = selectors.city_overview(first, today)
    return render(
        request,
        "inspections/city_overview.html",
        {"month": first, "categories": categories, "rows": rows},
    )
