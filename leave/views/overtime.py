"""加班: apply, detail with trail, record actual hours, 政工科 verifies, the ledger."""

from __future__ import annotations

import calendar as month_calendar
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leave.forms import OvertimeForm
from leave.selectors import get_overtime_for_viewer, overtime_entries, overtime_ledger
from leave.services import (
    OvertimeError,
    overtime_record_actual,
    overtime_record_refusal,
    overtime_request_create,
    overtime_verify,
    overtime_verify_refusal,
)
from office import roles
from office.approvals.views import request_access
from office.calendar import month_param
from office.org import acting_staff, viewer_for
from office.views import require_role


@require_http_methods(["GET", "POST"])
def overtime_new(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    form = OvertimeForm(request.POST or None, section_id=staff.section_id)
    if request.method == "POST" and form.is_valid():
        try:
            overtime = overtime_request_create(
                acting_user=request.user,
                date=form.cleaned_data["date"],
                start_time=form.cleaned_data["start_time"],
                end_time=form.cleaned_data["end_time"],
                reason=form.cleaned_data["reason"],
                people=list(form.cleaned_data["people"]),
            )
        except OvertimeError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "加班申请已提交，请等待审批。")
            return redirect(overtime)
    return render(request, "leave/overtime_new.html", {"form": form})


@require_GET
def overtime_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    access = request_access(viewer, "overtime", pk)
    overtime = access.obj
    return render(
        request,
        "leave/overtime_detail.html",
        {
            "overtime": overtime,
            "entries": overtime_entries(overtime),
            "access": access,
            "may_record": overtime_record_refusal(staff, overtime) is None,
            "may_verify": overtime_verify_refusal(viewer, overtime) is None,
        },
    )


@require_POST
def overtime_record(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    overtime = get_overtime_for_viewer(viewer, pk)
    hours: dict[int, Decimal] = {}
    try:
        for entry in overtime.entries.all():
            value = Decimal(request.POST.get(f"hours_{entry.staff_id}", ""))
            if not value.is_finite():
                raise InvalidOperation
            hours[entry.staff_id] = value
    except InvalidOperation:
        messages.error(request, "请为每位加班人员填写实际时长（数字，未加班填0）。")
        return redirect(overtime)
    try:
        overtime_record_actual(overtime=overtime, hours=hours, acting_user=request.user)
    except OvertimeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "实际加班时长已登记，待政工科核实。")
    return redirect(overtime)


@require_POST
def overtime_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    require_role(viewer, roles.PERSONNEL)
    overtime = get_overtime_for_viewer(viewer, pk)
    try:
        overtime_verify(overtime=overtime, acting_user=request.user)
    except OvertimeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已核实。")
    if request.POST.get("next") == "ledger":
        return redirect("leave:overtime_ledger")
    return redirect(overtime)


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    """政工科's overtime ledger for a month (加班台账)."""
    viewer = viewer_for(request.user)
    require_role(viewer, roles.PERSONNEL)
    first = month_param(request.GET.get("month"), timezone.localdate())
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    rows = list(overtime_ledger(viewer, first, last))
    total = sum((e.verified_hours or 0 for r in rows for e in r.entries.all()), Decimal(0))
    return render(
        request,
        "leave/overtime_ledger.html",
        {
            "rows": rows,
            "month": first,
            "total_verified": total,
            "verifiable": {r.pk for r in rows if overtime_verify_refusal(viewer, r) is None},
        },
    )
