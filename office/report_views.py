"""报表导出 (office:exports): the form, the user's recent exports, and their downloads."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from office.calendar import year_supported
from office.errors import ExportError
from office.exports import XLSX_TYPE, file_response
from office.forms import ExportForm
from office.org import Viewer, viewer_for
from office.reports import (
    INLINE_MAX_ROWS,
    Params,
    Report,
    export_build,
    export_count,
    export_for,
    export_start,
    recent_exports,
    report_or_404,
    reports_for,
)


@require_http_methods(["GET", "POST"])
def export_page(request: HttpRequest) -> HttpResponse:
    """The form (a GET with ``?report=…&month=…&section=…`` fills it in, as the month grid's
    link does); a POST downloads a small export at once and sends a large one to its job."""
    viewer = viewer_for(request.user)
    reports = reports_for(viewer)
    if not reports:
        raise PermissionDenied("报表导出仅对政工科、领导和科长开放。")
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    form = ExportForm(
        data,
        initial={"month": request.GET.get("month") or f"{today:%Y-%m}", **_chosen(request)},
        reports=[(r.slug, r.label) for r in reports],
        sections=_sections(viewer, reports),
    )
    status = 200
    if data is not None and form.is_valid():
        slug = form.cleaned_data["report"]
        try:
            params = _params(form.cleaned_data, today)
            rows = export_count(slug, viewer=viewer, params=params)
            return _file_or_job(request, viewer, slug, params, rows)
        except ExportError as exc:
            form.add_error(None, str(exc))
            status = 403
    return render(
        request,
        "office/exports.html",
        {"form": form, "exports": recent_exports(viewer), "now": timezone.now()},
        status=status,
    )


def _chosen(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET[k] for k in ("report", "section") if request.GET.get(k)}


def _sections(viewer: Viewer, reports: list[Report]) -> list[tuple[int, str]]:
    """Every section any of the reports lets the viewer export, in page order: one query per
    distinct set (most reports offer the same sections), not one per report."""
    found: dict[int, str] = {}
    asked: set[str] = set()
    for report in reports:
        rows = report.sections(viewer).order_by("unit_id", "order", "pk").values_list("pk", "name")
        if (sql := str(rows.query)) in asked:
            continue
        asked.add(sql)
        for pk, name in rows:
            found.setdefault(pk, name)
    return list(found.items())


def _params(data: dict, today: dt.date) -> Params:
    """A month gives its first and last day; a first and a last day given win over it."""
    first = data.get("month") or today.replace(day=1)
    start = data.get("start") or first
    end = data.get("end") or first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    if not (year_supported(start.year) and year_supported(end.year)):
        raise ExportError("日期超出系统支持的范围。")
    return Params(start, end, data.get("section"))


def _file_or_job(
    request: HttpRequest, viewer: Viewer, slug: str, params: Params, rows: int
) -> HttpResponse:
    """Up to ``INLINE_MAX_ROWS`` rows the file at once; more are written by a job, whose
    progress page the answer redirects to."""
    if rows <= INLINE_MAX_ROWS:
        filename, content = export_build(slug, viewer=viewer, params=params)
        return file_response(content, filename)
    export = export_start(viewer=viewer, slug=slug, params=params, acting_user=request.user)
    return redirect("office:job", export.job_id)


def report_download(request: HttpRequest, slug: str, *, params: Params) -> HttpResponse:
    """A report's own download link (车辆月报 on the fleet's pages, 绩效表 on its list), kept as it
    was: up to ``INLINE_MAX_ROWS`` rows the file at once. A larger one is a page whose button,
    a POST to the same link, starts its job (a GET starts nothing); a refusal is a 403."""
    viewer = viewer_for(request.user)
    try:
        rows = export_count(slug, viewer=viewer, params=params)
        if rows <= INLINE_MAX_ROWS or request.method == "POST":
            return _file_or_job(request, viewer, slug, params, rows)
    except ExportError as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(
        request,
        "office/export_large.html",
        {"label": report_or_404(slug).label, "period": params.period_text, "rows": rows},
    )


@require_GET
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    """The stored file, for the one who asked and the 政工科 of their unit (404 for others)."""
    export = export_for(viewer_for(request.user), export_id)
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=XLSX_TYPE
    )
