"""Findings: record from a phone, list with filters, my findings, rectification, photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections import selectors
from inspections.dates import parse_week
from inspections.errors import InspectionError
from inspections.forms import (
    DismissForm,
    FeedbackForm,
    FindingFilterForm,
    FindingForm,
    PhotoAddForm,
    RectifyForm,
    RoundForm,
)
from inspections.models import Finding
from inspections.services import findings as services
from inspections.views.common import require_inspector, run_service
from office.org import acting_staff, viewer_for

PAGE_SIZE = 30


@require_GET
def finding_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = FindingFilterForm(request.GET or None, viewer=viewer)
    filters: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "week": parse_week(data["week"]) if data["week"] else None,
            "section_id": data["section"].pk if data["section"] else None,
            "item_id": data["item"].pk if data["item"] else None,
            "status": data["status"],
            "month": data["month"],
            "category_id": data["category"].pk if data["category"] else None,
        }
    findings = selectors.findings_filtered(viewer, **filters)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/finding_list.html",
        {"page": page, "form": form, "title": "督查发现", "show_filters": True},
    )


@require_GET
def my_findings(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    findings = selectors.findings_visible(viewer).filter(staff=staff)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/finding_list.html", {"page": page, "title": "我的督查问题"})


@require_GET
def rectification_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not viewer.led_section_ids:
        raise PermissionDenied("整改反馈由科长填写。")
    page = Paginator(selectors.findings_to_rectify(viewer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "inspections/rectification_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_inspector(viewer)
    form = FindingForm(request.POST or None, request.FILES or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_record(
                staff=data["staff"],
                section=data["section"],
                item=data["item"],
                occurred_at=data["occurred_at"],
                place=data["place"],
                description=data["description"],
                source=data["source"],
                inspection_round=data["round"],
                photos=data["photos"],
                acting_user=request.user,
            )
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "督查发现已登记。")
            return redirect("inspections:finding_detail", finding.pk)
    return render(request, "inspections/finding_form.html", {"form": form})


@require_GET
def finding_people(request: HttpRequest) -> HttpResponse:
    """The 当事人 list for the section just chosen on the finding form (htmx swaps it in)."""
    viewer = viewer_for(request.user)
    require_inspector(viewer)
    section = request.GET.get("section", "")
    if not (section.isdigit() and viewer.inspects_section(int(section))):
        section = ""  # another unit's people are never offered
    form = FindingForm(initial={"section": section}, viewer=viewer)
    return HttpResponse(str(form["staff"]))


@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    finding = selectors.finding_for_viewer(viewer, pk)
    context = {
        "finding": finding,
        "photos": finding.photos.all(),
        "refusals": services.finding_refusals(viewer, finding),
        "rectify_form": RectifyForm(),
        "feedback_form": FeedbackForm(),
        "dismiss_form": DismissForm(),
        "photo_form": PhotoAddForm(),
    }
    return render(request, "inspections/finding_detail.html", context)


def _inspector_finding(request: HttpRequest, pk: int) -> Finding:
    viewer = viewer_for(request.user)
    finding = selectors.finding_for_viewer(viewer, pk)
    require_inspector(viewer)
    return finding


@require_POST
def finding_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _inspector_finding(request, pk)
    return run_service(
        request,
        lambda: services.finding_confirm(finding=finding, acting_user=request.user),
        success="已确认。",
        target=finding.get_absolute_url(),
    )


@require_POST
def finding_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _inspector_finding(request, pk)
    form = RectifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的整改期限。")
        return redirect(finding.get_absolute_url())
    return run_service(
        request,
        lambda: services.finding_rectify(
            finding=finding, deadline=form.cleaned_data["deadline"], acting_user=request.user
        ),
        success="已下达整改，科长将收到通知。",
        target=finding.get_absolute_url(),
    )


@require_POST
def finding_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _inspector_finding(request, pk)
    form = DismissForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_service(
        request,
        lambda: services.finding_dismiss(finding=finding, reason=reason, acting_user=request.user),
        success="已不予认定。",
        target=finding.get_absolute_url(),
    )


@require_POST
def finding_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    finding = selectors.finding_for_viewer(viewer, pk)
    if refusal := services.feedback_writer_refusal(viewer, finding):
        raise PermissionDenied(refusal)
    form = FeedbackForm(request.POST)
    feedback = form.cleaned_data["feedback"] if form.is_valid() else ""
    return run_service(
        request,
        lambda: services.finding_feedback(
            finding=finding, feedback=feedback, acting_user=request.user
        ),
        success="整改反馈已提交，问题已办结。",
        target=finding.get_absolute_url(),
    )


@require_POST
def finding_photos_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _inspector_finding(request, pk)
    form = PhotoAddForm(request.POST, request.FILES)
    if not form.is_valid() or not form.cleaned_data["photos"]:
        messages.error(request, "请选择要上传的照片。")
        return redirect(finding.get_absolute_url())
    return run_service(
        request,
        lambda: services.finding_photo_add(
            finding=finding, uploads=form.cleaned_data["photos"], acting_user=request.user
        ),
        success="照片已上传。",
        target=finding.get_absolute_url(),
    )


@require_GET
def photo_view(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.photo_for_viewer(viewer_for(request.user), pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_inspector(viewer)
    page = Paginator(selectors.rounds(viewer), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/round_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_inspector(viewer)
    form = RoundForm(request.POST or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_create(**form.cleaned_data, acting_user=request.user)
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "检查轮次已登记。")
            return redirect("inspections:round_list")
    return render(request, "inspections/round_form.html", {"form": form})


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_inspector(viewer)
    inspection_round = selectors.round_for_inspector(viewer, pk)
    findings = selectors.findings_visible(viewer).filter(round=inspection_round)
    return render(
        request,
        "inspections/round_detail.html",
        {"round": inspection_round, "findings": findings},
    )
