from leave.models.approval import ApprovalRequest, ApprovalStep, Delegation

__all__ = ["ApprovalRequest", "ApprovalStep", "Delegation"]
