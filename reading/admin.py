"""Admin pages of the reading kinds: shown, not edited (every change goes through the
services). A circular's PDF is not linked from here either: it is read only as stamped pages."""

from django.contrib import admin

from office.assignment_admin import ReadOnlyAdmin
from reading.models import Circular, ReadLog


@admin.register(Circular)
class CircularAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "sender", "page_count", "created_at", "readable_until"]
    list_select_related = ["assignment", "sender"]
    search_fields = ["assignment__title", "sender__name"]
    # The stored file's name is not shown (the admin would render it as a link).
    fields = ["assignment", "sender", "page_count", "size", "created_at", "readable_until"]
    raw_id_fields = ["assignment", "sender"]


@admin.register(ReadLog)
class ReadLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "staff", "user", "circular", "page", "allowed", "reason", "ip"]
    list_filter = ["allowed"]
    list_select_related = ["staff", "user", "circular__assignment"]
    raw_id_fields = ["circular", "staff", "user"]
    search_fields = ["staff__staff_no", "staff__name", "circular__assignment__title"]
    # The log only grows: no count of the whole table on each page.
    show_full_result_count = False
