"""周通报 pages: list and read (everyone: their unit's and the city's), compile / edit / publish
(the unit's 督导小组; 市级督查 for the city notice), downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections import selectors
from inspections.dates import parse_week
from inspections.documents.docx import notice_docx
from inspections.documents.tables import notice_tables
from inspections.documents.xlsx import notice_xlsx
from inspections.errors import InspectionError
from inspections.forms import CompileForm, NoticeForm
from inspections.services import notices as services
from inspections.views.common import DOCX, require_inspector, run_service
from office.exports import file_response
from office.models import Unit
from office.org import Viewer, viewer_for


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(selectors.notices_visible(viewer), 20).get_page(request.GET.get("page"))
    # City roles see every unit's notices: name each one's issuer, and let them pick a series.
    units = list(Unit.objects.all()) if viewer.is_city and selectors.several_units() else []
    return render(
        request,
        "inspections/notice_list.html",
        {"page": page, "compile_form": CompileForm(), "units": units},
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    notice = selectors.notice_for_viewer(viewer, pk)
    edit_refusal = services.notice_edit_refusal(viewer, notice)
    return render(
        request,
        "inspections/notice_detail.html",
        {
            "notice": notice,
            "tables": notice_tables(notice.data),
            "edit_refusal": edit_refusal,
            # Why 发布 would be refused, told before the click (the draft's editors only).
            "naming_refusal": None if edit_refusal else services.notice_naming_refusal(notice),
        },
    )


def _series_unit(viewer: Viewer, series: str) -> Unit | None:
    """The unit whose notice to compile: ``series`` is a unit's id or "city" (city roles pick
    one on the list page); without it, the viewer's own series. 403 outside what they run."""
    if series == "city":
        unit_id = None
    elif series.isdigit():
        unit_id = int(series)
    else:
        unit_id = selectors.notice_series_default(viewer)
    if refusal := services.notice_series_refusal(viewer, unit_id):
        raise PermissionDenied(refusal)
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("没有找到这个单位。")
    return unit


@require_POST
def notice_compile(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_inspector(viewer)
    form = CompileForm(request.POST)
    week = parse_week(form.data.get("week", "")) if form.is_valid() else None
    if week is None:
        messages.error(request, "请选择要汇总的周次。")
        return redirect("inspections:notice_list")
    unit = _series_unit(viewer, request.POST.get("series", ""))
    notice = services.notice_compile(
        year=week[0], week=week[1], unit=unit, acting_user=request.user
    )
    if notice.is_published:
        messages.info(request, "该周通报已发布，内容不再变化。")
    else:
        messages.success(request, "已按最新数据汇总草稿。")
    return redirect("inspections:notice_detail", notice.pk)


@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    notice = selectors.notice_for_viewer(viewer, pk)
    require_inspector(viewer)
    form = NoticeForm(request.POST or None, instance=notice)
    if refusal := services.notice_edit_refusal(viewer, notice):
        messages.error(request, refusal)
        return redirect("inspections:notice_detail", notice.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_update(notice=notice, **form.cleaned_data, acting_user=request.user)
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "草稿已保存。")
            return redirect("inspections:notice_detail", notice.pk)
    return render(request, "inspections/notice_form.html", {"form": form, "notice": notice})


@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    notice = selectors.notice_for_viewer(viewer, pk)
    require_inspector(viewer)
    return run_service(
        request,
        lambda: services.notice_publish(notice=notice, acting_user=request.user),
        success="通报已发布，全体干部职工可以阅读。",
        target=notice.get_absolute_url(),
    )


@require_GET
def notice_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "xlsx"):
        raise Http404("不支持的格式。")
    notice = selectors.notice_for_viewer(viewer_for(request.user), pk)
    name = f"{notice.number_text if notice.number else notice.title}"
    if fmt == "docx":
        return file_response(notice_docx(notice), f"{name}.docx", DOCX)
    return file_response(notice_xlsx(notice), f"{name}.xlsx")
