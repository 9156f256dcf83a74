"""Forms of the 督办 pages: they parse; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone

from inspections.forms import BootstrapMixin, MultipleFileInput, PhotosField
from inspections.models import Feedback, Instruction
from inspections.models.instructions import WEEKDAYS
from office.forms import OfficeForm
from office.models import Assignment, Section, Staff
from office.text import text_limit

MAX_NAMED = 200  # 工号 typed into one instruction; more people are named through 承办科室


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
    staff_nos = forms.CharField(
        label="其他责任人工号",
        required=False,
        help_text="多人用逗号或空格分隔",
    )
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

    def __init__(self, *args, sections: list[Section], unit_id: int | None, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.unit_id = unit_id
        self.fields["sections"].queryset = Section.objects.filter(
            pk__in=[s.pk for s in sections]
        ).order_by("order", "pk")
        if not self.is_bound:
            self.initial.setdefault(
                "due_at", (timezone.localtime() + dt.timedelta(days=7)).replace(hour=17, minute=30)
            )

    def clean_staff_nos(self) -> list[Staff]:
        numbers = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["staff_nos"]) if n]
        if len(numbers) > MAX_NAMED:
            raise forms.ValidationError(f"一次最多填写{MAX_NAMED}个工号，其余请选择承办科室。")
        found = list(
            Staff.objects.filter(staff_no__in=numbers, section__unit_id=self.unit_id)
            .select_related("section")
            .order_by("section__order", "staff_no")
        )
        unknown = set(numbers) - {person.staff_no for person in found}
        if unknown:
            raise forms.ValidationError(f"没有找到工号：{'、'.join(sorted(unknown)[:5])}。")
        return found

    def people(self) -> list[Staff]:
        """The 责任人: the chiefs of the chosen sections and the people named by 工号."""
        chiefs = Staff.objects.filter(
            pk__in=[s.chief_id for s in self.cleaned_data["sections"] if s.chief_id]
        ).select_related("section")
        named = {person.pk: person for person in [*chiefs, *self.cleaned_data["staff_nos"]]}
        return list(named.values())

    def clean(self) -> dict:
        data = super().clean()
        chiefless = [s.name for s in data.get("sections", []) if not s.chief_id]
        if chiefless:
            self.add_error("sections", f"{'、'.join(chiefless)}尚未设置科长，请改填责任人工号。")
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
