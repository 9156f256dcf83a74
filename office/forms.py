"""Forms of the office app's own pages (the roster)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import AutoField, IntegerField, Q, QuerySet
from django.http import QueryDict

from office import config, roles
from office.models import Section, Staff
from office.org import Viewer
from office.roster import MAX_BYTES
from office.text import clean_text


class CleanTextMixin:
    """Input is made safe before the fields validate it.

    Text fields receive it through ``clean_text``, so what is stored (and counted against
    ``max_length``) carries no control character that would break an .xlsx or .docx later.
    A choice of a row by its id gets a well-formed id or "0" (no such row: "选择有效的项"),
    so "²" or a 30-digit number is refused instead of reaching the database. Every form of the
    project derives from ``OfficeForm`` or ``OfficeModelForm`` (a test checks), the admin's
    forms from ``OfficeModelForm`` too.
    """

    def full_clean(self) -> None:
        if self.is_bound:
            cleaners = {
                self.add_prefix(name): cleaner
                for name, field in self.fields.items()
                if (cleaner := _cleaner_for(field)) is not None
            }
            self.data = _cleaned(self.data, cleaners)
        super().full_clean()


def _cleaner_for(field: forms.Field) -> Callable[[str], str] | None:
    if isinstance(field, forms.CharField):
        return clean_text
    if (
        isinstance(field, forms.ModelChoiceField)
        and field.to_field_name is None
        and isinstance(field.queryset.model._meta.pk, AutoField | IntegerField)
    ):
        return _well_formed_id
    return None


def _well_formed_id(value: str) -> str:
    if not value.strip() or posted_ids([value.strip()]):
        return value
    return "0"


def _cleaned(
    data: Mapping[str, Any], cleaners: dict[str, Callable[[str], str]]
) -> Mapping[str, Any]:
    def clean(name: str, value: Any) -> Any:
        return cleaners[name](value) if isinstance(value, str) else value

    if isinstance(data, QueryDict):
        data = data.copy()
        for name in cleaners:
            if name in data:
                data.setlist(name, [clean(name, v) for v in data.getlist(name)])
        return data
    return {key: clean(key, value) if key in cleaners else value for key, value in data.items()}


def first_error(form: forms.BaseForm) -> str:
    """The first error of an invalid form, for a view that answers with a message."""
    return next(iter(form.errors.values()))[0]


def posted_ids(values: list[str]) -> list[int]:
    """The ids among posted values: plain digits that fit a database key, the rest ignored."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= 18]


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
        label="科室", queryset=Section.objects.none(), required=False, empty_label="全部科室"
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *Staff.Status.choices], required=False
    )
    q = forms.CharField(label="搜索", max_length=30, required=False)

    def __init__(self, *args, viewer: Viewer, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        # The viewer's unit's sections (every unit's for city roles); another unit's is refused.
        self.fields["section"].queryset = Section.objects.filter(viewer.unit_filter())

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


class TiersInput(forms.Widget):
    """年休假 tiers posted as rows: ``<name>_years`` and ``<name>_days`` lists, read back as
    "1:5,10:10,20:15" (blank rows dropped); the settings page draws the table itself."""

    def value_from_datadict(self, data: Mapping[str, Any], _files: Any, name: str) -> str | None:
        # A post of the text itself ("1:5,10:10") is read as it is.
        if not hasattr(data, "getlist") or f"{name}_years" not in data:
            return data.get(name)
        years, days = data.getlist(f"{name}_years"), data.getlist(f"{name}_days")
        return ",".join(
            f"{y.strip()}:{d.strip()}"
            for y, d in zip(years, days, strict=False)
            if y.strip() or d.strip()
        )

    def value_omitted_from_data(self, data: Mapping[str, Any], _files: Any, name: str) -> bool:
        return f"{name}_years" not in data and name not in data


class RolesField(forms.MultipleChoiceField):
    """Roles as checkboxes, stored as the setting's comma-separated text."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value: Any) -> list[str]:
        return [part for part in value.split(",") if part] if isinstance(value, str) else value

    def to_python(self, value: Any) -> list[str]:
        # The boxes post one role each; a post of the text itself ("政工科,管理员") is split.
        return [part for item in super().to_python(value) for part in item.split(",") if part]

    def clean(self, value: Any) -> str:
        chosen = set(super().clean(value))
        return ",".join(role for role in roles.ALL if role in chosen)


def _setting_field(option: config.Option, value: Any) -> forms.Field:
    """The field a personnel officer understands: choices by their Chinese names, weekdays by
    name, tiers as rows, roles as checkboxes; the rest a number or a line of text."""
    help_text = option.help
    if option.widget == "roles":
        return RolesField(
            label=option.label,
            choices=[(role, role) for role in roles.ALL],
            initial=value,
            required=False,
            help_text=help_text,
        )
    if option.choices:
        return forms.TypedChoiceField(
            label=option.label,
            choices=option.choices,
            coerce=option.type,
            initial=value,
            widget=forms.RadioSelect if option.widget == "radio" else forms.Select,
            help_text=help_text,
            error_messages={"invalid_choice": "请从列出的选项中选择。"},
        )
    if option.type is int:
        return forms.IntegerField(
            label=option.label,
            initial=value,
            min_value=option.lo,
            max_value=option.hi,
            help_text=help_text,
        )
    return forms.CharField(
        label=option.label,
        initial=value,
        required=False,
        max_length=config.TEXT_MAX_LENGTH,
        widget=TiersInput if option.widget == "tiers" else forms.TextInput,
        help_text=help_text,
    )


class SettingsForm(OfficeForm):
    """系统设置: one field per option, each with its help and default (``rows``). With
    ``city`` (the city defaults) it edits a unit's overrides: only the ``per_unit`` options,
    each shown with the city default beside it and, where the unit has its own value
    (``overridden``), a 恢复默认 box."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        values: Mapping[str, Any] = kwargs.pop("values")
        city: Mapping[str, Any] | None = kwargs.pop("city", None)
        overridden: Mapping[str, Any] = kwargs.pop("overridden", {})
        super().__init__(*args, **kwargs)
        self.rows: list[dict[str, Any]] = []
        for key, option in config.OPTIONS.items():
            if (city is None and key in config.UNIT_ONLY) or (city and not option.per_unit):
                continue
            self.fields[key] = _setting_field(option, values[key])
            self.rows.append(
                {
                    "field": self[key],
                    "key": key,
                    "option": option,
                    "default": config.display(key, option.default),
                    "city": None if city is None else config.display(key, city[key]),
                    "own": key in overridden,
                    "tiers": self._tier_rows(key) if option.widget == "tiers" else [],
                }
            )
        # Kept for the template's choice between the unit's page and the city's.
        self.unit_rows = self.rows if city is not None else []
        if city is not None:
            self.fields["reset"] = forms.MultipleChoiceField(
                label="恢复默认",
                choices=[(key, config.OPTIONS[key].label) for key in overridden],
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key in config.OPTIONS:
            if key in data:
                try:
                    data[key] = config.coerce(key, data[key])
                except ValidationError as exc:
                    self.add_error(key, exc)
        return data

    def _tier_rows(self, key: str) -> list[tuple[str, str]]:
        """The tiers as shown: what was posted (even if refused), else the stored value."""
        value = self[key].value() or ""
        rows = [tuple((part.split(":") + [""])[:2]) for part in value.split(",") if part]
        return [(y.strip(), d.strip()) for y, d in rows]


class UnitForm(OfficeForm):
    """单位全称, 简称 and 排序; the service refuses a duplicate name."""

    name = forms.CharField(label="单位全称", max_length=50)
    short_name = forms.CharField(label="单位简称", max_length=20, help_text="公文版头所用的简称")
    order = forms.IntegerField(label="排序", min_value=0, max_value=32767, initial=0)


class ExportForm(OfficeForm):
    """报表导出: which report, the month (or the first and last day) and the section."""

    report = forms.ChoiceField(label="报表")
    month = forms.CharField(
        label="月份",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}),
    )
    start = forms.DateField(
        label="开始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="结束日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    # A number, not a choice: a section outside the viewer's is refused by the export itself
    # (office.reports.export_scope), with the reason, rather than as "not a valid choice".
    section = forms.IntegerField(label="科室", required=False, widget=forms.Select)

    def __init__(
        self, *args: Any, reports: list[tuple[str, str]], sections: list[tuple[int, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["report"].choices = reports
        self.fields["section"].widget.choices = [("", "全部科室"), *sections]
        for name in ("report", "section"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean_month(self) -> Any:
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return dt.date(year, month, 1)
        except ValueError as exc:
            raise forms.ValidationError("月份格式应为 年-月，例如 2026-11。") from exc
