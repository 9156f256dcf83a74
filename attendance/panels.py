"""The "我的" home card: today's clock status and a button to the clock-in page."""

from __future__ import annotations

from django.utils import timezone

from attendance.models import AttendanceDay, ClockRecord
from attendance.services import pending_days_refresh
from office.org import Viewer


def today_panel(viewer: Viewer) -> dict | None:
    if viewer.staff is None:
        return None
    pending_days_refresh()
    today = timezone.localdate()
    return {
        "clocks": list(ClockRecord.objects.filter(staff=viewer.staff, date=today)),
        "row": AttendanceDay.objects.filter(staff=viewer.staff, date=today).first(),
        "today": today,
    }
