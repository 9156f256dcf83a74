"""The form that hands out a study task, and the one that marks it 已学."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from office.forms import OfficeForm
from office.models import Section
from office.org import Viewer
from office.pickers import StaffListPickerField
from reading.models import StudyTask
from reading.services.study import REFLECTION_MAX

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StudyTaskForm(OfficeForm):
    title = forms.CharField(label="标题", max_length=200)
    form = forms.ChoiceField(
        label="学习形式",
        choices=StudyTask.Form.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    body = forms.CharField(
        label="学习内容或说明",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="学习材料（文字）形式时必填；其他形式可写学习要求。",
    )
    link = forms.URLField(label="内网链接", max_length=300, required=False, assume_scheme="http")
    document = forms.FileField(
        label="学习文件（PDF或图片，20MB以内）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )
    meeting_at = forms.DateTimeField(label="会议时间", required=False, widget=DATETIME_WIDGET)
    meeting_place = forms.CharField(label="会议地点", max_length=100, required=False)
    due_at = forms.DateTimeField(label="完成期限", widget=DATETIME_WIDGET)
    needs_reflection = forms.BooleanField(
        label="须提交学习心得",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    reflection_min_length = forms.IntegerField(
        label="心得最少字数", min_value=0, max_value=REFLECTION_MAX, initial=0, required=False
    )
    sections = forms.ModelMultipleChoiceField(
        label="整个科室",
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    people = StaffListPickerField(label="指定人员", required=False)

    def __init__(self, *args: Any, viewer: Viewer, sections: list[Section], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        # Bootstrap's look for the boxes; radios and ticks carry theirs from their widgets.
        boxes = ("title", "body", "link", "document", "meeting_at", "meeting_place", "due_at")
        for name in (*boxes, "reflection_min_length"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
        self.fields["sections"].queryset = Section.objects.filter(pk__in=[s.pk for s in sections])
        self.fields["sections"].choices = [(s.pk, s.name) for s in sections]
        self.fields["people"].limit_to(viewer)

    def clean_due_at(self) -> Any:
        due_at = self.cleaned_data["due_at"]
        if due_at <= timezone.now():
            raise ValidationError("完成期限应晚于现在。")
        return due_at

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("sections") and not data.get("people"):
            raise ValidationError("请勾选科室或指定人员。")
        return data

    def service_arguments(self) -> dict[str, Any]:
        """What ``study_create`` takes, from the cleaned data."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "form": data["form"],
            "body": data["body"],
            "link": data["link"],
            "document": data["document"] or None,
            "meeting_at": data["meeting_at"],
            "meeting_place": data["meeting_place"],
            "due_at": data["due_at"],
            "needs_reflection": data["needs_reflection"],
            "reflection_min_length": data["reflection_min_length"] or 0,
            "staff_ids": [p.pk for p in data["people"]],
            "section_ids": [s.pk for s in data["sections"]],
        }


class StudyDoneForm(OfficeForm):
    reflection = forms.CharField(
        label="学习心得",
        required=False,
        max_length=REFLECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CancelForm(OfficeForm):
    reason = forms.CharField(label="撤销理由", max_length=200)
