"""绩效 pages: a person's month line by line, the section/unit list and its sheet, the rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from office.calendar import month_param
from office.errors import PerformanceError
from office.forms import OfficeModelForm, posted_ids
from office.models import PerformanceRule, Section, Staff, Unit
from office.org import Viewer, acting_staff, get_staff_for_viewer, viewer_for
from office.performance import (
    KINDS,
    Scope,
    month_bounds,
    month_result,
    points_text,
    rule_rows,
    rules_of_unit,
    scope_people,
)
from office.performance_exports import PerformanceReport
from office.performance_services import (
    RULE_FIELDS,
    performance_rules_refusal,
    performance_rules_save,
)
from office.report_views import report_download
from office.reports import Params

PER_PAGE = 50
HISTORY_SHOWN = 20


def _month(request: HttpRequest) -> tuple[dt.date, str, str]:
    """The month asked for (this month by default) and the months before and after it."""
    first = month_param(request.GET.get("month"), timezone.localdate())
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    return first, f"{previous:%Y-%m}", f"{following:%Y-%m}"


def _person_page(request: HttpRequest, person: Staff, is_me: bool) -> HttpResponse:
    first, previous, following = _month(request)
    scope = Scope(unit_id=person.section.unit_id, staff_ids=frozenset({person.pk}))
    result = month_result(scope, first, [person])
    return render(
        request,
        "office/performance_person.html",
        {
            "person": person,
            "is_me": is_me,
            "first": first,
            "previous": previous,
            "following": following,
            "result": result,
            "month": result.people[0],
            "rules": rule_rows(result.rules),
        },
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """我的绩效."""
    _, me = acting_staff(request)
    return _person_page(request, me, True)


@require_GET
def person(request: HttpRequest, staff_id: int) -> HttpResponse:
    """A person's month, for themselves, their chief and deputy, 政工科 and the leaders (404
    for anyone else)."""
    viewer = viewer_for(request.user)
    found = get_staff_for_viewer(viewer, staff_id)
    return _person_page(request, found, viewer.staff is not None and viewer.staff.pk == found.pk)


@dataclass
class ListScope:
    """What the list (and its sheet) covers for this viewer and request."""

    scope: Scope
    people: QuerySet[Staff]
    sections: list[Section]
    section_id: int | None
    units: list[Unit]
    unit: Unit | None


def _list_scope(viewer: Viewer, request: HttpRequest) -> ListScope:
    """A chief or deputy: their sections; 政工科, 主任, 管理员: their unit; city roles: the unit
    they pick. Anyone else: 403."""
    if not (viewer.sees_whole_unit or viewer.managed_section_ids):
        raise PermissionDenied("只有科室负责人、政工科和单位领导可以查看绩效汇总。")
    units: list[Unit] = []
    unit = None
    if viewer.is_city and viewer.sees_whole_unit:
        units = list(Unit.objects.all())
        wanted = posted_ids([request.GET.get("unit", "")])
        unit = next((u for u in units if wanted and u.pk == wanted[0]), units[0] if units else None)
        unit_id = unit.pk if unit else None
    else:
        unit_id = viewer.unit_id
    if unit_id is None:
        raise Http404("没有可查看的单位。")
    sections = Section.objects.filter(unit_id=unit_id)
    if not viewer.sees_whole_unit:
        sections = sections.filter(pk__in=viewer.managed_section_ids)
    sections = list(sections)
    allowed = frozenset(section.pk for section in sections)
    wanted = posted_ids([request.GET.get("section", "")])
    section_id = wanted[0] if wanted and wanted[0] in allowed else None
    section_ids = frozenset({section_id}) if section_id else allowed
    scope = Scope(unit_id=unit_id, section_ids=section_ids)
    return ListScope(scope, scope_people(scope), sections, section_id, units, unit)


@require_GET
def month_list(request: HttpRequest) -> HttpResponse:
    """绩效汇总: one row per person of the viewer's sections or unit, a page at a time."""
    viewer = viewer_for(request.user)
    found = _list_scope(viewer, request)
    first, previous, following = _month(request)
    page = Paginator(found.people, PER_PAGE).get_page(request.GET.get("page"))
    people = list(page)
    scope = Scope(
        unit_id=found.scope.unit_id,
        section_ids=found.scope.section_ids,
        staff_ids=frozenset(person.pk for person in people),
    )
    result = month_result(scope, first, people)
    return render(
        request,
        "office/performance_list.html",
        {
            "found": found,
            "page": page,
            "result": result,
            "kinds": KINDS,
            "first": first,
            "previous": previous,
            "following": following,
            "rules": rule_rows(result.rules),
        },
    )


@require_http_methods(["GET", "POST"])
def month_sheet(request: HttpRequest) -> HttpResponse:
    """绩效表.xlsx of the list's scope (its unit, its section), through 报表导出
    (``PerformanceReport``): every person, not just a page; a large one is a job."""
    found = _list_scope(viewer_for(request.user), request)
    first, _, _ = _month(request)
    params = Params(*month_bounds(first), found.section_id, unit_id=found.scope.unit_id)
    return report_download(request, PerformanceReport.slug, params=params)


class RuleForm(OfficeModelForm):
    class Meta:
        model = PerformanceRule
        fields = RULE_FIELDS


@require_GET
def rules_home(request: HttpRequest) -> HttpResponse:
    """The rules the viewer edits: their unit's, or the city default for a 市级管理员."""
    viewer = viewer_for(request.user)
    if performance_rules_refusal(viewer, None) is None:
        return redirect("performance:rules_city")
    if performance_rules_refusal(viewer, viewer.unit_id) is None and viewer.unit_id:
        return redirect("performance:rules_unit", viewer.unit_id)
    raise PermissionDenied("只有政工科可以修改绩效规则。")


@require_http_methods(["GET", "POST"])
def rules_edit(request: HttpRequest, unit_id: int | None = None) -> HttpResponse:
    """绩效规则: a unit's (its 政工科) or, without a unit, the city default (市级管理员)."""
    viewer = viewer_for(request.user)
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise Http404("没有这个单位。")
    if refusal := performance_rules_refusal(viewer, unit_id):
        raise PermissionDenied(refusal)
    rule = PerformanceRule.objects.filter(unit_id=unit_id).first()
    inherited = rule is None
    if rule is None:
        rule = PerformanceRule(unit_id=unit_id, **rules_of_unit(unit_id).as_rules())
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            performance_rules_save(
                unit_id=unit_id,
                values={name: form.cleaned_data[name] for name in RULE_FIELDS},
                acting_user=request.user,
            )
        except PerformanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "绩效规则已保存。")
            return redirect(request.path)
    return render(
        request,
        "office/performance_rules.html",
        {
            "form": form,
            "unit": unit,
            "inherited": inherited,
            "changes": _rule_changes(unit_id),
            "units": list(Unit.objects.all()) if viewer.is_city else [],
        },
    )


def _rule_changes(unit_id: int | None) -> list[dict]:
    """The latest changes of the rules, each with what changed from what to what."""
    records = list(
        PerformanceRule.history.filter(unit_id=unit_id)
        .select_related("history_user__staff")
        .order_by("-history_date", "-history_id")[: HISTORY_SHOWN + 1]
    )
    changes = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        fields = []
        for name in RULE_FIELDS:
            before = getattr(older, name) if older is not None else None
            after = getattr(record, name)
            if older is None or before != after:
                label = PerformanceRule._meta.get_field(name).verbose_name
                fields.append(
                    f"{label}：{points_text(before)} → {points_text(after)}"
                    if older
                    else f"{label}：{points_text(after)}"
                )
        changes.append({"record": record, "fields": fields})
    return changes[:HISTORY_SHOWN]
