"""People pickers that search instead of listing the whole office (issue 19).

A form takes a person as a ``StaffPickerField``: a text box where one types a 工号 or a name.
With JavaScript, htmx asks ``staff_search`` for at most ``PICKER_LIMIT`` matches as one types
and a click fills the box with the chosen 工号; without it, the typed 工号 or exact name is
checked when the form is posted. Either way the same ``pickable_staff`` rule decides who may be
chosen, so the endpoint never offers a person the form would refuse.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from office import roles
from office.models import Staff
from office.org import Viewer, viewer_for
from office.text import clean_text
from office.views import require_role

PICKER_LIMIT = 20
QUERY_MAX = 30
# Who has a page with a picker: the 委托代批 page (chiefs, deputies, the director), the
# schedules page (政工科, the admin), the 车队 page (drivers) and 文件阅知's sending page (the
# 督导小组 among the senders).
PICKER_ROLES = (
    roles.CHIEF,
    roles.DEPUTY,
    roles.DIRECTOR,
    roles.PERSONNEL,
    roles.ADMIN,
    roles.MOTOR_POOL,
    roles.INSPECTOR,
)


def pickable_staff(viewer: Viewer | None = None) -> QuerySet[Staff]:
    """Who may be chosen in a picker: everyone who has not left (借调 included), in the
    viewer's unit (city roles: every unit)."""
    people = Staff.objects.exclude(status=Staff.Status.LEFT)
    return people if viewer is None else people.filter(viewer.unit_filter("section__"))


def typed(value: object) -> str:
    """What was typed, as it may reach a query (no NUL or control characters, bounded)."""
    return clean_text(str(value)).strip()[:QUERY_MAX]


def staff_matches(query: str, viewer: Viewer | None = None) -> list[Staff]:
    """Up to ``PICKER_LIMIT`` + 1 pickable people whose 工号 starts with or name contains
    ``query``, an exact 工号 or name first; one query."""
    if not query:
        return []
    found = (
        pickable_staff(viewer)
        .filter(Q(staff_no__istartswith=query) | Q(name__contains=query))
        .select_related("section")
        .order_by("section__order", "staff_no")[: PICKER_LIMIT + 1]
    )
    return sorted(found, key=lambda s: s.staff_no != query and s.name != query)


class StaffPickerField(forms.ModelChoiceField):
    """A person typed as a 工号 or an exact name, among ``pickable_staff()``."""

    default_error_messages = {
        "invalid_choice": "没有找到工号或姓名为“%(value)s”的在职人员，请从搜索结果中选择。",
        "ambiguous": "有多人名为“%(value)s”，请填写工号或从搜索结果中选择。",
    }

    def __init__(self, **kwargs: object) -> None:
        attrs = {
            "class": "form-control",
            "autocomplete": "off",
            "maxlength": str(QUERY_MAX),
            "placeholder": "输入工号或姓名搜索",
            "data-staff-picker": "",
            "hx-get": reverse_lazy("office:staff_search"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "next .picker-results",
            "hx-swap": "innerHTML",
        }
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        kwargs.setdefault("to_field_name", "staff_no")
        super().__init__(pickable_staff().select_related("section"), **kwargs)

    def limit_to(self, viewer: Viewer) -> None:
        """Offer and accept only the people of ``viewer``'s unit (city roles: everyone)."""
        self.queryset = pickable_staff(viewer).select_related("section")

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Staff):
            return value.staff_no
        if isinstance(value, int):
            return self.queryset.filter(pk=value).values_list("staff_no", flat=True).first()
        return value

    def to_python(self, value: object) -> Staff | None:
        if value in self.empty_values:
            return None
        text = typed(value)
        person = self.queryset.filter(staff_no=text).first()
        if person is not None:
            return person
        named = list(self.queryset.filter(name=text)[:2])
        if len(named) == 1:
            return named[0]
        code = "ambiguous" if named else "invalid_choice"
        raise ValidationError(self.error_messages[code], code=code, params={"value": text})


# A list of people is typed one 工号 or name after another, separated by spaces, commas or
# line breaks; more than this many is a whole section's work, which forms offer as sections.
LIST_LIMIT = 300
SEPARATORS = re.compile(r"[\s,，、;；]+")


class StaffListPickerField(forms.Field):
    """Several people typed as 工号s or exact names, among ``pickable_staff()``. The box
    searches for the word being typed (static/js/office.js), and a click replaces that word
    with the chosen 工号. Two queries however many are typed."""

    default_error_messages = {
        "unknown": "没有找到工号或姓名为“%(value)s”的在职人员，请从搜索结果中选择。",
        "ambiguous": "有多人名为“%(value)s”，请填写工号或从搜索结果中选择。",
        "too_many": f"一次最多填写 {LIST_LIMIT} 人，人数更多时请选择整个科室。",
    }

    def __init__(self, **kwargs: object) -> None:
        attrs = {
            "class": "form-control",
            "rows": "3",
            "autocomplete": "off",
            "placeholder": "逐个输入工号或姓名搜索，用空格或逗号分隔",
            "data-staff-picker": "",
            "data-picker-multi": "",
            "hx-get": reverse_lazy("office:staff_search"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "next .picker-results",
            "hx-swap": "innerHTML",
        }
        kwargs.setdefault("widget", forms.Textarea(attrs=attrs))
        super().__init__(**kwargs)
        self.queryset = pickable_staff()

    def limit_to(self, viewer: Viewer) -> None:
        self.queryset = pickable_staff(viewer)

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list | tuple):
            return " ".join(p.staff_no if isinstance(p, Staff) else str(p) for p in value)
        return value

    def to_python(self, value: object) -> list[Staff]:
        if value in self.empty_values:
            return []
        words = list(dict.fromkeys(w for w in SEPARATORS.split(clean_text(str(value))) if w))
        if len(words) > LIST_LIMIT:
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        words = [w[:QUERY_MAX] for w in words]
        by_no = {p.staff_no: p for p in self.queryset.filter(staff_no__in=words)}
        named: dict[str, list[Staff]] = {}
        for person in self.queryset.filter(name__in=[w for w in words if w not in by_no]):
            named.setdefault(person.name, []).append(person)
        people, errors = [], []
        for word in words:
            found = [by_no[word]] if word in by_no else named.get(word, [])
            if len(found) == 1:
                people.append(found[0])
            else:
                code = "ambiguous" if found else "unknown"
                errors.append(
                    ValidationError(self.error_messages[code], code=code, params={"value": word})
                )
        if errors:
            raise ValidationError(errors)
        return list({p.pk: p for p in people}.values())


@require_GET
def staff_search(request: HttpRequest) -> HttpResponse:
    """The picker's results as a fragment: at most ``PICKER_LIMIT`` buttons."""
    viewer = viewer_for(request.user)
    require_role(viewer, *PICKER_ROLES)
    query = typed(request.GET.get("q", ""))
    people = staff_matches(query, viewer)
    return render(
        request,
        "office/_staff_picker_results.html",
        {"people": people[:PICKER_LIMIT], "more": len(people) > PICKER_LIMIT, "query": query},
    )
