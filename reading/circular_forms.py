"""The form a sender fills to hand a PDF round: the file, until when, and who reads it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from office.forms import OfficeForm
from office.models import Section
from office.org import Viewer
from office.pickers import StaffListPickerField, pickable_staff
from reading import pdfpages

DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
)


class CircularForm(OfficeForm):
    title = forms.CharField(
        label="文件标题", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    body = forms.CharField(
        label="说明（可不填）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    pdf = forms.FileField(
        label="PDF 文件",
        help_text=f"只收 PDF，不超过 {pdfpages.MAX_PDF_BYTES // 1024 // 1024} MB、"
        f"{pdfpages.MAX_PAGES} 页。阅读人只能在浏览器中逐页查看带本人姓名和工号水印的页面图片，"
        "无法下载原文件。",
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf", "class": "form-control"}),
    )
    readable_until = forms.DateTimeField(
        label="可阅读至（阅读人须在此前确认已阅）", widget=DATETIME_WIDGET
    )
    sections = forms.ModelMultipleChoiceField(
        label="阅知科室（科室全体人员）",
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = StaffListPickerField(label="阅知人员", required=False)

    def __init__(self, *args: object, viewer: Viewer, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["sections"].queryset = Section.objects.filter(viewer.unit_filter()).order_by(
            "order", "pk"
        )
        self.fields["people"].limit_to(viewer)

    @classmethod
    def initial_values(cls) -> dict[str, dt.datetime]:
        # A week to read and confirm, ending at the close of a working day.
        end = timezone.localtime() + dt.timedelta(days=7)
        return {"readable_until": end.replace(hour=17, minute=30, second=0, microsecond=0)}

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if not self.errors and not data.get("sections") and not data.get("people"):
            raise forms.ValidationError("请选择阅知科室或填写阅知人员。")
        return data

    def staff_ids(self) -> list[int]:
        """Everyone named, and everyone now in a chosen section (one query)."""
        named = {person.pk for person in self.cleaned_data["people"]}
        sections = self.cleaned_data["sections"]
        if sections:
            named.update(
                pickable_staff(self.viewer)
                .filter(section__in=sections)
                .values_list("pk", flat=True)
            )
        return sorted(named)
