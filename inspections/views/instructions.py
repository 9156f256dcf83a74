"""督查督办 pages: the leaders' list, registering, the instruction's page (签收, 进展反馈, 办结
for the 责任人; 确认 / 退回 for the assigner), 我的督办, attachments and the 督办台账."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections import instruction_rules as rules
from inspections import instruction_selectors as selectors
from inspections.errors import InspectionError
from inspections.instruction_exports import InstructionLedgerReport
from inspections.instruction_forms import FeedbackForm, InstructionForm, LedgerForm, NoteForm
from inspections.services import instructions as services
from office import assignment_services as receipts
from office.assignment_services import AssignmentError
from office.models import Receipt, Section, Staff
from office.org import Viewer, acting_staff, viewer_for

PAGE_SIZE = 30


def _act(
    request: HttpRequest, action: Callable[[], Any], *, success: str, target: str
) -> HttpResponse:
    """Call one service; show its refusal (either app's domain error) or the success."""
    try:
        action()
    except (InspectionError, AssignmentError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.success(request, success)
    return redirect(target)


def _require_follower(viewer: Viewer) -> None:
    if not selectors.may_follow(viewer):
        raise PermissionDenied("督办事项清单供领导和督导小组查看；交给您的事项请在“我的督办”办理。")


@require_GET
def instruction_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_follower(viewer)
    state = request.GET.get("state", "")
    state = state if state in selectors.STATES else ""
    page = Paginator(selectors.instructions_listed(viewer, state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inspections/instruction_list.html",
        {
            "page": page,
            "state": state,
            "states": selectors.STATES,
            "now": timezone.now(),
            "may_register": services.instruction_register_refusal(viewer) is None,
        },
    )


def _assignable_sections(viewer: Viewer) -> list[Section]:
    return list(
        Section.objects.filter(pk__in=services.assignable_section_ids(viewer)).order_by(
            "order", "pk"
        )
    )


@require_http_methods(["GET", "POST"])
def instruction_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if refusal := services.instruction_register_refusal(viewer):
        raise PermissionDenied(refusal)
    form = InstructionForm(
        request.POST or None, sections=_assignable_sections(viewer), viewer=viewer
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instruction = services.instruction_register(
                title=data["title"],
                body=data["body"],
                source=data["source"],
                reference=data["reference"],
                due_at=data["due_at"],
                interval=data["interval"],
                weekday=data["weekday"],
                every_days=data["every_days"],
                people=form.people(),
                acting_user=request.user,
            )
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "督办事项已登记，责任人将收到通知。")
            return redirect("inspections:instruction_detail", instruction.pk)
    return render(request, "inspections/instruction_form.html", {"form": form})


def _may(staff: Staff | None, receipt: Receipt) -> dict[str, str | None]:
    """What the person may do with one receipt: each step's refusal (None where allowed). An
    account without a Staff row (a bare administrator) takes no step."""
    if staff is None:
        return dict.fromkeys(("accept", "complete", "confirm"), "此账号未关联干部职工信息。")
    return {
        "accept": receipts.receipt_accept_refusal(staff, receipt),
        "complete": receipts.receipt_complete_refusal(staff, receipt),
        "confirm": receipts.receipt_confirm_refusal(staff, receipt),
    }


@require_GET
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    instruction = selectors.instruction_for_viewer(viewer, pk)
    assignment = instruction.assignment
    now = timezone.now()
    days = rules.feedback_days(
        interval=instruction.interval,
        weekday=instruction.weekday,
        every_days=instruction.every_days,
        registered_at=assignment.created_at,
        due_at=assignment.due_at,
    )
    rows = [
        {
            "receipt": receipt,
            "state": services.STATE_LABELS[receipt.state],
            "late": receipt.is_open and assignment.due_at < now,
            "feedback": services.feedback_post_refusal(viewer, receipt),
            **_may(viewer.staff, receipt),
        }
        for receipt in selectors.instruction_receipts(instruction)
    ]
    return render(
        request,
        "inspections/instruction_detail.html",
        {
            "instruction": instruction,
            "assignment": assignment,
            "rows": rows,
            "mine": next((r for r in rows if r["receipt"].staff == viewer.staff), None),
            "next_day": rules.next_feedback_day(days, now=now),
            "late": assignment.due_at < now,
            "feedback_form": FeedbackForm(),
        },
    )


def _receipt(request: HttpRequest, pk: int) -> Receipt:
    """The receipt of an instruction the person may see (404 otherwise), for a step they take
    as a person (403 for an account without a Staff row)."""
    viewer, _ = acting_staff(request)
    return selectors.receipt_for_viewer(viewer, pk)


def _page(receipt: Receipt) -> str:
    return services.instruction_url(receipt.assignment)


@require_POST
def receipt_accept(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = _receipt(request, pk)
    return _act(
        request,
        lambda: receipts.receipt_accept(receipt=receipt, acting_user=request.user),
        success="已签收，请按时反馈进展。",
        target=_page(receipt),
    )


@require_POST
def feedback_post(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = _receipt(request, pk)
    form = FeedbackForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写进展情况。")
        return redirect(_page(receipt))
    return _act(
        request,
        lambda: services.feedback_post(
            receipt=receipt,
            text=form.cleaned_data["text"],
            uploads=form.cleaned_data["attachments"],
            acting_user=request.user,
        ),
        success="进展已反馈。",
        target=_page(receipt),
    )


def _note(request: HttpRequest) -> str:
    form = NoteForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


@require_POST
def receipt_complete(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = _receipt(request, pk)
    note = _note(request)
    return _act(
        request,
        lambda: receipts.receipt_complete(receipt=receipt, acting_user=request.user, note=note),
        success="已办结上报，等待交办人确认。",
        target=_page(receipt),
    )


@require_POST
def receipt_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = _receipt(request, pk)
    return _act(
        request,
        lambda: receipts.receipt_confirm(receipt=receipt, acting_user=request.user),
        success="已确认办结。",
        target=_page(receipt),
    )


@require_POST
def receipt_return(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = _receipt(request, pk)
    reason = _note(request)
    return _act(
        request,
        lambda: receipts.receipt_return(receipt=receipt, acting_user=request.user, reason=reason),
        success="已退回，责任人将继续办理。",
        target=_page(receipt),
    )


@require_GET
def attachment_view(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_for_viewer(viewer_for(request.user), pk)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def my_instructions(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.staff is None:
        raise PermissionDenied("此账号未关联干部职工信息，没有交办给您的事项。")
    page = Paginator(selectors.my_receipts(viewer), PAGE_SIZE).get_page(request.GET.get("page"))
    for receipt in page:
        receipt.state_label = services.STATE_LABELS[receipt.state]
    return render(
        request, "inspections/my_instructions.html", {"page": page, "now": timezone.now()}
    )


def _ledger_period(request: HttpRequest) -> tuple[LedgerForm, dt.date, dt.date]:
    today = timezone.localdate()
    default = {"start": today.replace(month=1, day=1), "end": today}
    form = LedgerForm(request.GET or default)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


@require_GET
def instruction_ledger(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    report = InstructionLedgerReport()
    if not report.may_run(viewer):
        raise PermissionDenied("督办台账供主任、分管主任、科长和督导小组查看。")
    form, start, end = _ledger_period(request)
    sections = list(report.sections(viewer).order_by("unit_id", "order", "pk"))
    return render(
        request,
        "inspections/instruction_ledger.html",
        {
            "form": form,
            "rows": selectors.ledger_rows(sections, start, end),
            "start": start,
            "end": end,
            "report": report,
        },
    )
