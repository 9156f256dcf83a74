"""Every state change of the leave app. Views, tasks and tests call these and nothing else."""

from leave.errors import BalanceError, LeaveError, OvertimeError
from leave.services.balances import balance_adjust, balance_get
from leave.services.leave import (
    leave_preview,
    leave_report_back,
    leave_request_create,
)
from leave.services.overdue import leave_flag_overdue
from leave.services.overtime import (
    overtime_record_actual,
    overtime_record_refusal,
    overtime_request_create,
    overtime_verify,
    overtime_verify_refusal,
)

__all__ = [
    "BalanceError",
    "LeaveError",
    "OvertimeError",
    "balance_adjust",
    "balance_get",
    "leave_flag_overdue",
    "leave_preview",
    "leave_report_back",
    "leave_request_create",
    "overtime_record_actual",
    "overtime_record_refusal",
    "overtime_request_create",
    "overtime_verify",
    "overtime_verify_refusal",
]
