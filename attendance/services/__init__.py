"""Every attendance state change (STYLE.md): one function per action."""

from attendance.services.clock import ClockResult, clock_in
from attendance.services.status import day_close, day_status_refresh, pending_days_refresh

__all__ = ["ClockResult", "clock_in", "day_close", "day_status_refresh", "pending_days_refresh"]
