from django.contrib import admin

from inspections.models import (
    Category,
    Finding,
    FindingPhoto,
    InspectionRound,
    Item,
    SelfInspectionCampaign,
    SelfInspectionReport,
    WeeklyNotice,
)
from office.admin import NoDeleteAdmin
from office.forms import OfficeModelForm


@admin.register(Category)
class CategoryAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "order"]


@admin.register(Item)
class ItemAdmin(NoDeleteAdmin):
    list_display = ["code", "text", "category", "order", "active"]
    list_filter = ["category", "active"]
    list_select_related = ["category"]
    search_fields = ["code", "text"]


@admin.register(InspectionRound)
class InspectionRoundAdmin(NoDeleteAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    filter_horizontal = ["inspectors", "sections"]


class FindingPhotoInline(admin.TabularInline):
    model = FindingPhoto
    form = OfficeModelForm
    extra = 0
    can_delete = False
    fields = ["content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields


@admin.register(Finding)
class FindingAdmin(NoDeleteAdmin):
    list_display = ["occurred_at", "staff", "section", "item", "source", "status"]
    list_filter = ["status", "source", "section", "item__category"]
    list_select_related = ["staff", "section", "item"]
    raw_id_fields = ["staff", "round", "recorded_by"]
    search_fields = ["staff__name", "description"]
    date_hierarchy = "occurred_at"
    inlines = [FindingPhotoInline]


@admin.register(WeeklyNotice)
class WeeklyNoticeAdmin(NoDeleteAdmin):
    list_display = ["year", "week", "status", "number_year", "number", "title"]
    list_filter = ["status"]
    readonly_fields = ["data", "number_year", "number", "published_at", "published_by"]


@admin.register(SelfInspectionCampaign)
class SelfInspectionCampaignAdmin(NoDeleteAdmin):
    list_display = ["title", "deadline"]


@admin.register(SelfInspectionReport)
class SelfInspectionReportAdmin(NoDeleteAdmin):
    list_display = ["campaign", "staff", "status", "submitted_at"]
    list_filter = ["status", "campaign"]
    list_select_related = ["campaign", "staff"]
    raw_id_fields = ["staff"]
