"""Domain errors of the leave app. All are ApprovalErrors, so a refusal raised inside an
approval hook (e.g. an overdrawn balance) also refuses the approval, with the same message."""

from office.approvals.services import ApprovalError


class LeaveError(ApprovalError):
    """A leave request or 销假 refused; the message tells the person what to do."""


class BalanceError(ApprovalError):
    """A balance change refused."""


class OvertimeError(ApprovalError):
    """An overtime step refused."""
