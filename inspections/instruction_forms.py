"""Forms of the 督办 pages: they parse; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from inspections.forms import BootstrapMixin, MultipleFileInput, PhotosField
from inspections.models import Feedback, Instruction
from inspections.models.instructions import WEEKDAYS
from office.forms import OfficeForm
from office.models import Assignment, Section, Staff
from office.org import Viewer
from office.pickers import StaffListPickerField
from office.text import text_limit


class InstructionForm(BootstrapMixin, OfficeForm):
    title = forms.CharField(label="督办事项", max_length=text_limit(Assignment, "title"))
    source = forms.ChoiceField(label="来源", choices=Instruction.Source.choices)
    reference = forms.CharField(
        label="文号或批示件",
        required=False,
        max_length=text_limit(Instruction, "reference"),
        help_text="如：市长批示件第12号",
    )
    body = forms.CharField(
        label="批示（来文）内容",
        max_length=text_limit(Assignment, "body"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sections = forms.ModelMultipleChoiceField(
        label="承办科室",
        queryset=Section.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="所选科室的科长为责任人（按住Ctrl可多选）",
    )
    others = StaffListPickerField(label="其他责任人", required=False)
    due_at = forms.DateTimeField(
        label="办结时限",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    interval = forms.ChoiceField(label="反馈要求", choices=Instruction.Interval.choices)
    weekday = forms.TypedChoiceField(
        label="每周反馈日",
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    every_days = forms.IntegerField(
        label="反馈间隔（天）", min_value=1, max_value=90, required=False
    )

    def __init__(self, *args, sections: list[Section], viewer: Viewer, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        # Anyone of the registrar's unit may be named (the search offers no one else).
        self.fields["others"].limit_to(viewer)
        self.fields["sections"].queryset = Section.objects.filter(
            pk__in=[s.pk for s in sections]
        ).order_by("order", "pk")
        if not self.is_bound:
            self.initial.setdefault(
                "due_at", (timezone.localtime() + dt.timedelta(days=7)).replace(hour=17, minute=30)
            )

    def people(self) -> list[Staff]:
        """The 责任人: the chiefs of the chosen sections and the people named."""
        chiefs = Staff.objects.filter(
            pk__in=[s.chief_id for s in self.cleaned_data["sections"] if s.chief_id]
        ).select_related("section")
        named = {person.pk: person for person in [*chiefs, *self.cleaned_data["others"]]}
        return list(named.values())

    def clean(self) -> dict:
        data = super().clean()
        chiefless = [s.name for s in data.get("sections", []) if not s.chief_id]
        if chiefless:
            self.add_error(
                "sections", f"{'、'.join(chiefless)}尚未设置科长，请在“其他责任人”中指定。"
            )
        return data


class AttachmentsField(PhotosField):
    """Several PDFs or images from one input (the content is checked by the service)."""

    widget = MultipleFileInput(attrs={"accept": "application/pdf,image/*"})


class FeedbackForm(BootstrapMixin, OfficeForm):
    text = forms.CharField(
        label="进展情况",
        max_length=text_limit(Feedback, "text"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = AttachmentsField(
        label="附件", required=False, help_text="PDF或图片，每个不超过10MB，最多5个"
    )


class NoteForm(BootstrapMixin, OfficeForm):
    """办结说明 (report done) or 退回理由 (send back)."""

    note = forms.CharField(
        label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LedgerForm(BootstrapMixin, OfficeForm):
    start = forms.DateField(label="办结时限自", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="至", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("结束日期不能早于开始日期。")
        return data
