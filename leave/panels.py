"""The leave card on the "我的" page: my balances, my pending requests, items waiting for me."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from leave.selectors import balance_lines, balance_types, pending_leave_of
from office import config
from office.approvals.selectors import inbox_count
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
        "waiting": inbox_count(viewer.staff),
    }
