"""统计看板: the page with its charts, and one JSON endpoint per chart."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from office.dashboard import CHARTS, charts_for, scope_for
from office.org import viewer_for


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    scope = scope_for(viewer, month=request.GET.get("month", ""))
    return render(
        request,
        "office/dashboard.html",
        {"charts": charts_for(viewer), "scope": scope, "section": request.GET.get("section", "")},
    )


@require_GET
def chart_data(request: HttpRequest, slug: str) -> JsonResponse:
    viewer = viewer_for(request.user)
    chart = CHARTS.get(slug)
    if chart is None:
        raise Http404("没有这张统计图。")
    scope = scope_for(
        viewer,
        section=request.GET.get("section", ""),
        unit=request.GET.get("unit", ""),
        month=request.GET.get("month", ""),
    )
    if not chart.visible(viewer):
        raise PermissionDenied("您没有权限查看这张统计图。")
    return JsonResponse(chart.data(viewer, scope).as_json(chart, scope))
