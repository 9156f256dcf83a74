"""My requests, a new leave request with its live day count, detail, 销假, the certificate.

Withdraw, cancel and decide are the shared approval actions (office.approvals.views)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leave.forms import LeaveRequestForm, PreviewForm, ReportBackForm
from leave.models import LeaveRequest, format_days
from leave.selectors import get_leave_for_viewer, my_leave_requests, my_overtime_requests
from leave.services import LeaveError, leave_preview, leave_report_back, leave_request_create
from leave.services.leave import report_back_refusal
from leave.services.recount import calendar_gap_warning
from leave.services.uploads import CONTENT_TYPES
from leave.views.common import back
from office.approvals.views import request_access
from office.calendar import add_working_days
from office.org import acting_staff


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    leaves = Paginator(my_leave_requests(staff), 20).get_page(request.GET.get("page"))
    overtime = my_overtime_requests(staff)[:10]
    return render(
        request, "leave/mine.html", {"page": leaves, "overtime": overtime, "staff": staff}
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    form = LeaveRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leave = leave_request_create(acting_user=request.user, **data)
        except LeaveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "请假申请已提交，请等待审批。")
            warning = calendar_gap_warning(leave.start_date, leave.end_date)
            if warning:
                messages.warning(request, warning)
            return redirect(leave)
    return render(request, "leave/new.html", {"form": form})


@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """htmx: the working-day count and remaining balance while the form is filled in."""
    viewer, staff = acting_staff(request)
    form = PreviewForm(request.GET)
    context: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        try:
            days, balance = leave_preview(
                applicant=staff,
                leave_type=data["leave_type"],
                start=data["start_date"],
                start_half=data["start_half"],
                end=data["end_date"],
                end_half=data["end_half"],
            )
        except LeaveError as exc:
            context["error"] = exc.message
        else:
            context.update(
                days=format_days(days),
                zero=days == 0,
                leave_type=data["leave_type"],
                balance=balance,
                short=balance is not None and days > balance.available,
                calendar_warning=calendar_gap_warning(data["start_date"], data["end_date"]),
            )
    return render(request, "leave/_preview.html", context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    access = request_access(viewer, "leave", pk)
    leave = access.obj
    today = timezone.localdate()
    return render(
        request,
        "leave/detail.html",
        {
            "leave": leave,
            "access": access,
            "may_report_back": report_back_refusal(staff, leave, today) is None,
            "report_form": ReportBackForm(initial={"returned_on": _return_day(leave, today)}),
        },
    )


def _return_day(leave: LeaveRequest, today: dt.date) -> dt.date:
    """The 返岗 date offered: the working day after the leave, or today if that is later.
    A leave running past today needs no arithmetic (nor can a stored 9999-12-31 overflow it)."""
    if leave.end_date >= today:
        return today
    return min(today, add_working_days(leave.end_date, 1))


@require_POST
def report_back(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    leave = get_leave_for_viewer(viewer, pk)
    form = ReportBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写返岗日期和上午/下午。")
        return redirect(leave)
    try:
        leave = leave_report_back(leave=leave, acting_user=request.user, **form.cleaned_data)
    except LeaveError as exc:
        messages.error(request, exc.message)
    else:
        given_back = leave.days - leave.days_used
        extra = f"，提前返岗退回{format_days(given_back)}天" if given_back > 0 else ""
        messages.success(request, f"已销假，实际休假{format_days(leave.days_used)}天{extra}。")
    return back(request, leave.get_absolute_url())


@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Certificates are private: served only to those who may see the request."""
    viewer, staff = acting_staff(request)
    leave = get_leave_for_viewer(viewer, pk)
    if not leave.attachment:
        raise Http404("该请假没有附件。")
    extension = "." + leave.attachment.name.rsplit(".", 1)[-1]
    response = FileResponse(
        leave.attachment.open("rb"),
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Content-Disposition"] = f'inline; filename="certificate{extension}"'
    return response
