"""Forms of the office app's own pages (the roster)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet

from office.models import Section, Staff
from office.roster import MAX_BYTES


class RosterUploadForm(forms.Form):
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


class PeopleFilterForm(forms.Form):
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
