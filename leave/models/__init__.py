from leave.models.approval import ApprovalRequest, ApprovalStatus, ApprovalStep, Delegation
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
    "ApprovalRequest",
    "ApprovalStatus",
    "ApprovalStep",
    "BalanceAdjustment",
    "BalanceKind",
    "Conversion",
    "Delegation",
    "Half",
    "LeaveBalance",
    "LeaveRequest",
    "LeaveType",
    "OvertimeEntry",
    "OvertimeRequest",
    "format_days",
]
