"""Forms of the office app's own pages (the roster)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict

from office.models import Section, Staff
from office.roster import MAX_BYTES
from office.text import clean_text


class CleanTextMixin:
    """Text fields receive their input through ``clean_text`` before they validate it.

    So what is stored (and counted against ``max_length``) carries no control character that
    would break an .xlsx or .docx later. Every form of the project derives from ``OfficeForm``
    or ``OfficeModelForm`` (a test checks), the admin's forms from ``OfficeModelForm`` too.
    """

    def full_clean(self) -> None:
        if self.is_bound:
            names = [
                self.add_prefix(name)
                for name, field in self.fields.items()
                if isinstance(field, forms.CharField)
            ]
            self.data = _cleaned(self.data, names)
        super().full_clean()


def _cleaned(data: Mapping[str, Any], names: list[str]) -> Mapping[str, Any]:
    if isinstance(data, QueryDict):
        data = data.copy()
        for name in names:
            if name in data:
                data.setlist(name, [_clean(v) for v in data.getlist(name)])
        return data
    return {key: _clean(value) if key in names else value for key, value in data.items()}


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


class OfficeForm(CleanTextMixin, forms.Form):
    """The base of every plain form in the project."""


class OfficeModelForm(CleanTextMixin, forms.ModelForm):
    """The base of every model form in the project, the admin's included."""


class RosterUploadForm(OfficeForm):
    file = forms.FileField(
        label="花名册文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "form-control",
            }
        ),
        help_text=f"使用下载的模板填写，不超过 {MAX_BYTES // 1024 // 1024} MB。",
    )


class PeopleFilterForm(OfficeForm):
    """The roster list's filters; invalid values are ignored rather than shown as errors."""

    section = forms.ModelChoiceField(
        label="科室", queryset=Section.objects.all(), required=False, empty_label="全部科室"
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *Staff.Status.choices], required=False
    )
    q = forms.CharField(label="搜索", max_length=30, required=False)

    def apply(self, people: QuerySet[Staff]) -> QuerySet[Staff]:
        if not self.is_valid():
            return people
        data = self.cleaned_data
        if data["section"]:
            people = people.filter(section=data["section"])
        if data["status"]:
            people = people.filter(status=data["status"])
        if data["q"]:
            people = people.filter(Q(name__contains=data["q"]) | Q(staff_no__startswith=data["q"]))
        return people
