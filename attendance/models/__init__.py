from attendance.models.clock import (
    AttendanceDay,
    ClockPoint,
    ClockRecord,
    ClockRecordHistory,
    DayStatus,
)
from attendance.models.closing import CorrectionLine, CorrectionRequest, MonthClose
from attendance.models.publication import AttendancePublication
from attendance.models.requests import MakeUpRequest, OutingRequest
from attendance.models.schedule import Schedule, ScheduleAssignment

__all__ = [
    "AttendancePublication",
    "AttendanceDay",
    "ClockPoint",
    "ClockRecord",
    "ClockRecordHistory",
    "CorrectionLine",
    "CorrectionRequest",
    "DayStatus",
    "MakeUpRequest",
    "MonthClose",
    "OutingRequest",
    "Schedule",
    "ScheduleAssignment",
]
