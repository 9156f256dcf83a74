"""The leave card on the "我的" page (my balances, my pending requests, items waiting for me)
and the leave lines of the role queue ("待办")."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from leave.models import LeaveRequest, OvertimeRequest
from leave.selectors import balance_lines, balance_types, pending_leave_of
from office import config
from office.approvals.models import ApprovalStatus
from office.approvals.selectors import viewer_inbox_count
from office.home import QueueItem, leader_filter
from office.org import Viewer


def home_panel(viewer: Viewer) -> dict[str, Any] | None:
    if viewer.staff is None:
        return None
    year = timezone.localdate().year
    lines = balance_lines([viewer.staff], year, balance_types(), config.get("annual_leave_tiers"))[
        viewer.staff.pk
    ]
    return {
        "year": year,
        "balances": lines,
        "pending": list(pending_leave_of(viewer.staff)[:5]),
        "waiting": viewer_inbox_count(viewer),
    }


def queue(viewer: Viewer) -> list[QueueItem]:
    """Leaders: 待我审批 and their people's overdue 销假. 政工科: overtime to verify."""
    items = []
    leads = leader_filter(viewer, "applicant__")
    if leads is not None and viewer.staff is not None:
        waiting = viewer_inbox_count(viewer)
        items.append(QueueItem("待我审批", waiting, reverse("approvals:inbox")))
    if leads is not None:
        overdue = LeaveRequest.objects.filter(
            leads,
            status=ApprovalStatus.APPROVED,
            overdue_at__isnull=False,
            reported_at__isnull=True,
        )
        items.append(QueueItem("逾期未销假", overdue, reverse("leave:calendar")))
    if viewer.is_personnel:
        to_verify = OvertimeRequest.objects.filter(
            viewer.unit_filter("section__"),
            status=ApprovalStatus.APPROVED,
            recorded_at__isnull=False,
            verified_at__isnull=True,
        )
        first = to_verify.order_by("date").values_list("date", flat=True).first()
        month = f"?month={first:%Y-%m}" if first else ""
        items.append(
            QueueItem("待核实加班", to_verify, f"{reverse('leave:overtime_ledger')}{month}")
        )
    return items
