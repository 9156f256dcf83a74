"""What leave adds to the pre-close check of 考勤封帐 (attendance.closing): requests still
pending approval and 销假 not done in the month. One query each, whatever the unit's size."""

from __future__ import annotations

from django.urls import reverse

from attendance.closing import OpenQuery, month_bounds, register_open_items
from leave.models import LeaveRequest, OvertimeRequest
from office.approvals.models import ApprovalStatus


def pending_leave(unit_id: int, year: int, month: int) -> OpenQuery:
    first, last = month_bounds(year, month)
    rows = LeaveRequest.objects.filter(
        applicant__section__unit_id=unit_id,
        status=ApprovalStatus.PENDING,
        start_date__lte=last,
        end_date__gte=first,
    )
    return OpenQuery("请假申请未审批", rows, reverse("approvals:inbox"))


def pending_overtime(unit_id: int, year: int, month: int) -> OpenQuery:
    """Overtime of the month not yet settled: pending approval, or approved and not verified."""
    rows = OvertimeRequest.objects.filter(
        section__unit_id=unit_id,
        date__year=year,
        date__month=month,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
    ).exclude(status=ApprovalStatus.APPROVED, verified_at__isnull=False)
    return OpenQuery("加班未审批或未核实", rows, reverse("leave:overtime_ledger"))


def not_reported_back(unit_id: int, year: int, month: int) -> OpenQuery:
    """Approved leave ending in the month (or before) and touching it, not reported back."""
    first, last = month_bounds(year, month)
    rows = LeaveRequest.objects.filter(
        applicant__section__unit_id=unit_id,
        status=ApprovalStatus.APPROVED,
        reported_at__isnull=True,
        end_date__gte=first,
        end_date__lte=last,
    )
    return OpenQuery("请假未销假", rows, reverse("leave:calendar"))


def register() -> None:
    register_open_items(pending_leave, order=10)
    register_open_items(pending_overtime, order=20)
    register_open_items(not_reported_back, order=50)
