"""Admin pages of assignments and receipts (imported by office/admin.py): shown, not edited;
every change goes through office/assignment_services.py, which checks and notifies."""

from django.contrib import admin
from django.http import HttpRequest

from office.admin import NoDeleteAdmin
from office.assignment_models import Assignment, Receipt


class ReadOnlyAdmin(NoDeleteAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:  # noqa: ARG002
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "unit", "created_by", "created_at", "due_at", "cancelled_at"]
    list_filter = ["kind", "unit"]
    list_select_related = ["unit", "created_by"]
    search_fields = ["title"]
    date_hierarchy = "created_at"


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "staff", "section", "state", "done_at", "overdue_at"]
    list_filter = ["state", "assignment__kind"]
    list_select_related = ["assignment", "staff", "section"]
    raw_id_fields = ["assignment", "staff", "section"]
    search_fields = ["staff__staff_no", "staff__name", "assignment__title"]
