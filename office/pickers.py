"""People pickers that search instead of listing the whole office (issue 19).

A form takes a person as a ``StaffPickerField``: a text box where one types a 工号 or a name.
With JavaScript, htmx asks ``staff_search`` for at most ``PICKER_LIMIT`` matches as one types
and a click fills the box with the chosen 工号; without it, the typed 工号 or exact name is
checked when the form is posted. Either way the same ``pickable_staff`` rule decides who may be
chosen, so the endpoint never offers a person the form would refuse.

Several people (学习任务's 指定人员, 文件阅知's 阅知人员, 督查督办's 其他责任人) are one
``StaffListPickerField``, drawn by office/_staff_list_picker.html: with JavaScript, a search box
over the same endpoint adds each chosen person as a removable chip (keyboard: ↓/↑ through the
matches, Enter picks); without it, 工号s or exact names are typed into a plain box, which is
what the form posts either way. Words that name no one the sender may choose are refused by
name, with one message whether or not someone elsewhere has that 工号 or name: as a page of a
person of another unit is a 404, the form does not tell that they exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.functional import cached_property
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


# Several people: one 工号 or name after another, separated by spaces, commas or line breaks;
# more than this many is a whole section's work, which the forms offer as sections.
LIST_LIMIT = 300
SEPARATORS = re.compile(r"[\s,，、;；]+")
# How many of the words a message names before it says how many more there are.
NAMED_IN_MESSAGE = 10


def words_of(value: object) -> list[str]:
    """The 工号s or names typed in a list box, each once, in order."""
    words = SEPARATORS.split(clean_text(str(value or "")))
    return list(dict.fromkeys(w[:QUERY_MAX] for w in words if w))


def _named(words: list[str]) -> str:
    shown = "、".join(words[:NAMED_IN_MESSAGE])
    return f"{shown}等{len(words)}个" if len(words) > NAMED_IN_MESSAGE else shown


@dataclass(frozen=True)
class Chip:
    """One chosen person as the picker shows it: what is in the box, and who it is."""

    value: str
    label: str
    staff_no: str = ""

    @property
    def found(self) -> bool:
        return bool(self.staff_no)


class StaffListWidget(forms.Textarea):
    """The box of 工号s the form posts. office/_staff_list_picker.html shows it alone without
    JavaScript; with it, static/js/office.js hides it behind the chips and the search box and
    keeps it filled."""

    def __init__(self) -> None:
        super().__init__(
            attrs={
                "class": "form-control",
                "rows": "2",
                "autocomplete": "off",
                "data-picker-plain": "",
                "data-picker-list": "",
            }
        )


class StaffListBoundField(forms.BoundField):
    @cached_property
    def chosen(self) -> list[Chip]:
        """The people in the box, as chips (one query, none for an empty box): a word that
        names nobody, or several, is shown as typed, for its error to explain."""
        words = words_of(self.value())[: self.field.limit]
        if not words:
            return []
        found = self.field.queryset.filter(Q(staff_no__in=words) | Q(name__in=words))
        by_no, by_name = {}, {}
        for person in found.only("staff_no", "name"):
            by_no[person.staff_no] = person
            by_name.setdefault(person.name, []).append(person)
        chips = []
        for word in words:
            people = [by_no[word]] if word in by_no else by_name.get(word, [])
            if len(people) == 1:
                person = people[0]
                chips.append(Chip(word, f"{person.name}（{person.staff_no}）", person.staff_no))
            else:
                chips.append(Chip(word, word))
        return chips


class StaffListPickerField(forms.Field):
    """Several people among ``pickable_staff()``: with JavaScript, each is found by typing part
    of a name or a 工号 and shown as a removable chip; without it, 工号s or exact names are typed
    into the box. Either way the box posts the words, and the same strict check reads them: two
    queries however many are named."""

    widget = StaffListWidget
    default_error_messages = {
        "unknown": "没有找到这些工号或姓名的在职人员：%(words)s。请从搜索结果中选择。",
        "ambiguous": "有多人名为%(words)s，请改填工号或从搜索结果中选择。",
        "too_many": "一次最多填写 %(limit)s 人，人数更多时请选择整个科室。",
    }

    def __init__(self, *, limit: int = LIST_LIMIT, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.limit = limit
        self.queryset = pickable_staff()

    def limit_to(self, viewer: Viewer) -> None:
        """Offer and accept only the people of ``viewer``'s unit (city roles: everyone)."""
        self.queryset = pickable_staff(viewer)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> StaffListBoundField:
        return StaffListBoundField(form, self, field_name)

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list | tuple):
            return " ".join(p.staff_no if isinstance(p, Staff) else str(p) for p in value)
        return value

    def to_python(self, value: object) -> list[Staff]:
        if value in self.empty_values:
            return []
        # A paste longer than the limit's worth of 工号s is refused before it is split.
        too_long = len(str(value)) > self.limit * (QUERY_MAX + 1)
        words = [] if too_long else words_of(value)
        if too_long or len(words) > self.limit:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.limit}
            )
        by_no = {p.staff_no: p for p in self.queryset.filter(staff_no__in=words)}
        named: dict[str, list[Staff]] = {}
        for person in self.queryset.filter(name__in=[w for w in words if w not in by_no]):
            named.setdefault(person.name, []).append(person)
        people, missing, ambiguous = [], [], []
        for word in words:
            found = [by_no[word]] if word in by_no else named.get(word, [])
            if len(found) == 1:
                people.append(found[0])
            else:
                (ambiguous if found else missing).append(word)
        if missing or ambiguous:
            raise ValidationError(self._refusals(missing, ambiguous))
        return list({p.pk: p for p in people}.values())

    def _refusals(self, missing: list[str], ambiguous: list[str]) -> list[ValidationError]:
        """One message per reason, each naming the words as typed. Another unit's person is
        among the missing like a word that names nobody: no query outside the choosable."""
        refusals = []
        for code, words in (
            ("unknown", missing),
            ("ambiguous", [f"“{w}”" for w in ambiguous]),
        ):
            if words:
                message = self.error_messages[code]
                refusals.append(
                    ValidationError(message, code=code, params={"words": _named(words)})
                )
        return refusals


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
