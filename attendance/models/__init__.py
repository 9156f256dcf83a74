from attendance.models.clock import (
    AttendanceDay,
    ClockPoint,
    ClockRecord,
    ClockRecordHistory,
    DayStatus,
)
from attendance.models.closing import CorrectionLine, CorrectionRequest, MonthClose
from attendance.models.door import ClockDevice, DeviceChangeRequest, DoorScreen, HeldClock
from attendance.models.publication import AttendancePublication
from attendance.models.requests import MakeUpRequest, OutingRequest
from attendance.models.schedule import Schedule, ScheduleAssignment

__all__ = [
    "AttendancePublication",
    "AttendanceDay",
    "ClockDevice",
    "ClockPoint",
    "ClockRecord",
    "ClockRecordHistory",
    "CorrectionLine",
    "CorrectionRequest",
    "DayStatus",
    "DeviceChangeRequest",
    "DoorScreen",
    "HeldClock",
    "MakeUpRequest",
    "MonthClose",
    "OutingRequest",
    "Schedule",
    "ScheduleAssignment",
]
