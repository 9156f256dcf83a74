"""The "我的" home card: today's clock status and a button to the clock-in page."""

from __future__ import annotations

from django.utils import timezone

from attendance.selectors import today_for
from office.org import Viewer


def today_panel(viewer: Viewer) -> dict | None:
    if viewer.staff is None:
        return None
    today = today_for(viewer.staff, timezone.now())
    return {"clocks": list(today.clocks.values()), "row": today.row, "today": today.day}
