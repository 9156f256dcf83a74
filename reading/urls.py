from django.urls import URLPattern

app_name = "reading"
urlpatterns: list[URLPattern] = []
