"""周通报 pages: list and read (everyone), compile / edit / publish (督导小组), downloads."""

from __future__ import annotations

from django.contrib import messages
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
from office.org import viewer_for


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(selectors.notices_visible(viewer), 20).get_page(request.GET.get("page"))
    return render(
        request, "inspections/notice_list.html", {"page": page, "compile_form": CompileForm()}
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    notice = selectors.notice_for_viewer(viewer, pk)
    return render(
        request,
        "inspections/notice_detail.html",
        {
            "notice": notice,
            "tables": notice_tables(notice.data),
            "edit_refusal": services.notice_edit_refusal(viewer, notice),
        },
    )


@require_POST
def notice_compile(request: HttpRequest) -> HttpResponse:
    require_inspector(viewer_for(request.user))
    form = CompileForm(request.POST)
    week = parse_week(form.data.get("week", "")) if form.is_valid() else None
    if week is None:
        messages.error(request, "请选择要汇总的周次。")
        return redirect("inspections:notice_list")
    notice = services.notice_compile(year=week[0], week=week[1], acting_user=request.user)
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
