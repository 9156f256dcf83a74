from leave.models.leave import (
    BalanceAdjustment,
    BalanceKind,
    Half,
    LeaveBalance,
    LeaveRequest,
    LeaveType,
    format_days,
)
from leave.models.overtime import Conversion, OvertimeEntry, OvertimeRequest

__all__ = [
    "BalanceAdjustment",
    "BalanceKind",
    "Conversion",
    "Half",
    "LeaveBalance",
    "LeaveRequest",
    "LeaveType",
    "OvertimeEntry",
    "OvertimeRequest",
    "format_days",
]
