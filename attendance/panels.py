"""The "我的" home cards: today's clock status and a button to the clock-in page; while an
outing is open, the outing with its 返回 button."""

from __future__ import annotations

from django.utils import timezone

from attendance.selectors import open_outing, today_for
from office.org import Viewer


def today_panel(viewer: Viewer) -> dict | None:
    if viewer.staff is None:
        return None
    today = today_for(viewer.staff, timezone.now())
    return {"clocks": list(today.clocks.values()), "row": today.row, "today": today.day}


def outing_panel(viewer: Viewer) -> dict | None:
    """外出中: shown on the home page only while the person is out, with its 返回 button."""
    if viewer.staff is None:
        return None
    now = timezone.now()
    outing = open_outing(viewer.staff, now)
    if outing is None:
        return None
    return {"outing": outing, "now": now, "overdue": now > outing.expected_return}
