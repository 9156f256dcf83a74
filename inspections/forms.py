"""Input forms; they parse and validate shapes, the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from inspections import selectors
from inspections.models import (
    Category,
    Finding,
    InspectionRound,
    Item,
    SelfInspectionCampaign,
    SelfInspectionReport,
    WeeklyNotice,
)
from office import roles
from office.forms import OfficeForm, OfficeModelForm, posted_ids
from office.models import Section, Staff
from office.org import Viewer
from office.text import text_limit


class BootstrapMixin:
    """Give every widget its Bootstrap class, so templates render fields in one loop."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input; the phone opens its camera (accept=image/* capture)."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"})

    def clean(self, data, initial=None):  # noqa: ANN001, ANN201
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(f, initial) for f in files]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return f"{obj.name}（{obj.section.name}，{obj.staff_no}）"


def active_staff() -> QuerySet[Staff]:
    return Staff.objects.exclude(status=Staff.Status.LEFT).select_related("section")


def section_people(section_id: object, viewer: Viewer) -> QuerySet[Staff]:
    """The people offered as 当事人: those of the chosen section only, so the page stays small
    with 10,000 staff (the section list swaps them in as it changes); none of a section
    outside the viewer's unit."""
    ids = posted_ids([str(section_id or "")])
    if not ids:
        return Staff.objects.none()
    return (
        active_staff()
        .filter(viewer.unit_filter("section__"), section_id=ids[0])
        .order_by("staff_no")
    )


def unit_sections(viewer: Viewer) -> QuerySet[Section]:
    """The sections a picker offers: the viewer's unit's (every unit's for city roles), so a
    posted id of another unit's section is "not one of the available choices"."""
    return Section.objects.filter(viewer.unit_filter())


class FindingForm(BootstrapMixin, OfficeForm):
    section = forms.ModelChoiceField(
        label="科室",
        queryset=Section.objects.none(),
        required=False,
        empty_label="（请先选择科室）",
        help_text="先选科室，再从该科室人员中选当事人；问题针对科室时不选当事人",
    )
    staff = StaffChoiceField(
        label="当事人",
        queryset=Staff.objects.none(),
        required=False,
        empty_label="（不针对个人）",
    )
    item = forms.ModelChoiceField(
        label="检查项目",
        queryset=Item.objects.filter(active=True).select_related("category"),
        empty_label="请选择31项具体问题之一",
    )
    occurred_at = forms.DateTimeField(
        label="发现时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label="地点", max_length=text_limit(Finding, "place"), required=False)
    description = forms.CharField(
        label="问题描述",
        max_length=text_limit(Finding, "description"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.ChoiceField(
        label="来源",
        choices=[c for c in Finding.Source.choices if c[0] != Finding.Source.ATTENDANCE],
    )
    round = forms.ModelChoiceField(
        label="检查轮次",
        queryset=InspectionRound.objects.none(),
        required=False,
        empty_label="（不属于某次检查）",
    )
    photos = PhotosField(label="证据照片", required=False, help_text="可拍照或选择多张图片")

    def __init__(self, *args, viewer: Viewer, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        chosen = self.data.get("section") if self.is_bound else self.initial.get("section")
        self.fields["section"].queryset = unit_sections(viewer)
        self.fields["staff"].queryset = section_people(chosen, viewer)
        self.fields["round"].queryset = selectors.rounds(viewer).prefetch_related(None)
        self.fields["section"].widget.attrs.update(
            {
                "hx-get": reverse("inspections:finding_people"),
                "hx-target": "#id_staff",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
            }
        )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("staff") and not data.get("section"):
            raise forms.ValidationError("请选择科室（问题针对个人时再选当事人）。")
        return data


class PhotoAddForm(BootstrapMixin, OfficeForm):
    photos = PhotosField(label="补充照片", required=False, help_text="可拍照或选择多张图片")


class RoundForm(BootstrapMixin, OfficeForm):
    date = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="方式", choices=InspectionRound.Kind.choices)
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员",
        queryset=Staff.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="督导小组成员（由管理员在人员角色中设置）",
    )
    sections = forms.ModelMultipleChoiceField(
        label="检查科室", queryset=Section.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="说明",
        max_length=text_limit(InspectionRound, "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, viewer: Viewer, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        # The 督导小组's members of the viewer's unit, not all 10,000 staff: a round is that
        # group's check (a city role's round: any unit's group and the 市级督查).
        groups = [roles.INSPECTOR, roles.CITY_INSPECTOR] if viewer.is_city else [roles.INSPECTOR]
        self.fields["inspectors"].queryset = (
            active_staff()
            .filter(viewer.unit_filter("section__"), user__groups__name__in=groups)
            .distinct()
            .order_by("staff_no")
        )
        self.fields["sections"].queryset = unit_sections(viewer)


class RectifyForm(BootstrapMixin, OfficeForm):
    deadline = forms.DateField(label="整改期限", widget=forms.DateInput(attrs={"type": "date"}))


class FeedbackForm(BootstrapMixin, OfficeForm):
    feedback = forms.CharField(
        label="整改反馈",
        max_length=text_limit(Finding, "rectification_feedback"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DismissForm(BootstrapMixin, OfficeForm):
    reason = forms.CharField(
        label="不予认定理由",
        max_length=text_limit(Finding, "dismiss_reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FindingFilterForm(BootstrapMixin, OfficeForm):
    week = forms.CharField(
        label="周次", required=False, widget=forms.TextInput(attrs={"type": "week"})
    )
    section = forms.ModelChoiceField(
        label="科室", queryset=Section.objects.none(), required=False, empty_label="全部科室"
    )
    item = forms.ModelChoiceField(
        label="项目",
        queryset=Item.objects.select_related("category"),
        required=False,
        empty_label="全部项目",
    )
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "全部"), (selectors.CONFIRMED_ANY, "已确认（含整改中、已整改）")]
        + Finding.Status.choices,
        required=False,
    )
    # From the 统计看板's bars: the findings of a month, of a category of the 31 items.
    month = forms.DateField(
        label="月份",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    category = forms.ModelChoiceField(
        label="类别", queryset=Category.objects.all(), required=False, empty_label="全部类别"
    )

    def __init__(self, *args, viewer: Viewer, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = unit_sections(viewer)


class NoticeForm(BootstrapMixin, OfficeModelForm):
    class Meta:
        model = WeeklyNotice
        fields = ["title", "intro", "remarks", "cc"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "remarks": forms.Textarea(attrs={"rows": 4}),
        }


class CompileForm(BootstrapMixin, OfficeForm):
    week = forms.CharField(label="周次", widget=forms.TextInput(attrs={"type": "week"}))


class ItemForm(BootstrapMixin, OfficeModelForm):
    class Meta:
        model = Item
        fields = ["category", "code", "text", "order", "active"]


class CampaignForm(BootstrapMixin, OfficeForm):
    title = forms.CharField(label="标题", max_length=text_limit(SelfInspectionCampaign, "title"))
    intro = forms.CharField(
        label="说明",
        max_length=text_limit(SelfInspectionCampaign, "intro"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))


class ReportForm(BootstrapMixin, OfficeForm):
    items = forms.ModelMultipleChoiceField(
        label="对照查摆出的问题",
        queryset=Item.objects.filter(active=True).select_related("category"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    report = forms.CharField(
        label="个人自查报告",
        max_length=text_limit(SelfInspectionReport, "report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
