"""Admin pages of the approval models (imported by office/admin.py, which autodiscovery loads)."""

from django.contrib import admin

from office.admin import NoDeleteAdmin
from office.approvals.models import ApprovalStep, Delegation


@admin.register(ApprovalStep)
class ApprovalStepAdmin(NoDeleteAdmin):
    list_display = [
        "content_type",
        "object_id",
        "order",
        "approver",
        "decision",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["decision", "content_type"]
    list_select_related = ["content_type", "approver", "decided_by"]
    raw_id_fields = ["approver", "decided_by"]


@admin.register(Delegation)
class DelegationAdmin(NoDeleteAdmin):
    list_display = ["delegator", "delegate", "start", "end", "revoked_at"]
    list_select_related = ["delegator", "delegate"]
    raw_id_fields = ["delegator", "delegate"]
