"""The 统计看板: charts that each app registers in its AppConfig.ready(), drawn in the browser.

A chart is a function (viewer, scope) -> ChartData that aggregates in the database (GROUP BY
section, week or type: a fixed number of queries however many people). One JSON endpoint per
chart serves it; the page draws the chart and its table from the same numbers.

The scope is what the viewer may see: every section of their unit for 主任, 政工科 and 督导小组
(every unit for 市级领导), the sections they supervise for a 分管主任, their own for a 科长;
plain staff are refused. A ``section`` parameter narrows it to one of those, a ``unit``
parameter to one unit's (the drill-down from a unit's bar), never beyond.

A chart by section stays readable at any scope (``by_section``): over more than ``MAX_BARS``
sections in several units it draws one bar per unit (a click drills into the unit), and over
more than ``MAX_BARS`` bars still it draws the ``SHOWN`` worst with a caption saying so. The
JSON always carries every row: the page's data table is the chart's text alternative.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from office.calendar import month_param
from office.forms import posted_ids
from office.models import Section
from office.org import Viewer

REFUSED = "统计看板仅对科长、分管主任、主任、政工科和督导小组开放。"
NOT_YOURS = "只能查看您所管理科室的统计。"
NOT_YOUR_UNIT = "只能查看您可查看单位的统计。"
MAX_BARS = 20
SHOWN = 15


@dataclass(frozen=True)
class Scope:
    """The sections (id -> name, in the office's order), their units (id -> short name, and
    each section's unit id) and the month a chart covers."""

    sections: dict[int, str]
    first: dt.date
    last: dt.date
    today: dt.date
    units: dict[int, str] = field(default_factory=dict)
    section_unit: dict[int, int] = field(default_factory=dict)

    @property
    def section_ids(self) -> list[int]:
        return list(self.sections)

    @property
    def by_unit(self) -> list[tuple[str, list[tuple[int, str]]]]:
        """The sections under their units' names, for a picker of many."""
        groups: dict[int, list[tuple[int, str]]] = {}
        for pk, name in self.sections.items():
            groups.setdefault(self.section_unit[pk], []).append((pk, name))
        return [(self.units[unit_id], rows) for unit_id, rows in groups.items()]

    @property
    def month(self) -> str:
        return f"{self.first:%Y-%m}"

    @property
    def until(self) -> dt.date:
        """The month's last day, or today in the current month (days to come count nothing)."""
        return min(self.last, self.today)


@dataclass
class ChartData:
    """What the endpoint returns: one label per bar, one list of numbers per series (same
    length), and the page each bar opens (or "" when none)."""

    categories: list[str]
    series: list[dict[str, Any]]
    links: list[str] = field(default_factory=list)
    unit: str = ""
    note: str = ""
    horizontal: bool = False
    # The bars drawn when not every row is (indices into categories, worst first) and why.
    shown: list[int] | None = None
    caption: str = ""
    # A unit's id for each bar that drills into that unit's sections (grouped by unit).
    drill: list[int] = field(default_factory=list)

    def as_json(self, chart: Chart, scope: Scope) -> dict[str, Any]:
        return {
            "slug": chart.slug,
            "title": chart.title,
            "kind": chart.kind,
            "month": scope.month,
            "period": f"{scope.first.year}年{scope.first.month}月",
            "categories": self.categories,
            "series": self.series,
            "links": self.links or [""] * len(self.categories),
            "unit": self.unit,
            "note": self.note,
            "horizontal": self.horizontal,
            "shown": self.shown,
            "caption": self.caption,
            "drill": self.drill,
        }


@dataclass(frozen=True)
class Chart:
    order: int
    slug: str
    title: str
    kind: str  # "bar" or "line"
    data: Callable[[Viewer, Scope], ChartData]
    visible: Callable[[Viewer], bool]


CHARTS: dict[str, Chart] = {}


def register_chart(
    *,
    order: int,
    slug: str,
    title: str,
    data: Callable[[Viewer, Scope], ChartData],
    kind: str = "bar",
    visible: Callable[[Viewer], bool] = lambda _viewer: True,
) -> None:
    CHARTS[slug] = Chart(order, slug, title, kind, data, visible)


def charts_for(viewer: Viewer) -> list[Chart]:
    return sorted((c for c in CHARTS.values() if c.visible(viewer)), key=lambda c: c.order)


def may_see_dashboard(viewer: Viewer) -> bool:
    return viewer.sees_whole_unit or viewer.runs_inspections or bool(viewer.managed_section_ids)


def scope_for(viewer: Viewer, *, section: str = "", unit: str = "", month: str = "") -> Scope:
    """One query (the sections with their units). 403 for plain staff and for a section or a
    unit outside the scope."""
    if not may_see_dashboard(viewer):
        raise PermissionDenied(REFUSED)
    sections = Section.objects.order_by("unit__order", "unit_id", "order", "pk")
    if viewer.sees_whole_unit or viewer.runs_inspections:
        sections = sections.filter(viewer.unit_filter())
    else:
        sections = sections.filter(pk__in=viewer.managed_section_ids)
    # An id is plain digits that fit a key: "²", "-1" or a thousand digits are refused, not a 500.
    if section:
        if not (ids := posted_ids([section])):
            raise PermissionDenied(NOT_YOURS)
        sections = sections.filter(pk=ids[0])
    if unit:
        if not (ids := posted_ids([unit])):
            raise PermissionDenied(NOT_YOUR_UNIT)
        sections = sections.filter(unit_id=ids[0])
    rows = list(sections.values_list("pk", "name", "unit_id", "unit__short_name"))
    if section and not rows:
        raise PermissionDenied(NOT_YOURS)
    if unit and not rows:
        raise PermissionDenied(NOT_YOUR_UNIT)
    today = timezone.localdate()
    first = month_param(month, today)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    return Scope(
        sections={pk: name for pk, name, _, _ in rows},
        first=first,
        last=last,
        today=today,
        units={unit_id: short for _, _, unit_id, short in rows},
        section_unit={pk: unit_id for pk, _, unit_id, _ in rows},
    )


def weeks_back(scope: Scope, count: int = 12) -> list[dt.date]:
    """The Mondays of the ``count`` weeks ending with the week of ``scope.until``."""
    monday = scope.until - dt.timedelta(days=scope.until.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


Counts = Mapping[str, Any]


def _added(rows: list[Counts]) -> dict[str, Any]:
    """The rows' counts added field by field (a SUM over no rows is None: it adds nothing)."""
    total: dict[str, Any] = {}
    for row in rows:
        for key, value in row.items():
            total[key] = (total.get(key) or 0) + (value or 0)
    return total


def by_section(
    scope: Scope,
    counts: Mapping[int, Counts],
    *,
    series: list[tuple[str, Callable[[Counts], float | None]]],
    link: Callable[[int], str],
    worst: str,
    ascending: bool,
    unit: str,
    note: str,
) -> ChartData:
    """A chart of the scope's sections from additive ``counts`` per section id (a section
    without a row counts nothing); each series computes its value from a row's counts.

    Over more than MAX_BARS sections in several units the rows are the units (counts added,
    so a unit's rate is its people's, not an average of its sections'), each drilling into its
    sections. Over more than MAX_BARS rows the chart draws the SHOWN worst (``worst`` names
    them: "出勤率最低"; ``ascending``: the lowest are the worst; rows without a value are not
    drawn) and says so; the rows all stay in the JSON for the table."""
    members: dict[int, list[Counts]] = {}
    for pk in scope.sections:
        members.setdefault(scope.section_unit[pk], []).append(counts.get(pk, {}))
    grouped = len(members) > 1 and len(scope.sections) > MAX_BARS
    if grouped:
        labels = [scope.units[pk] for pk in members]
        rows = [_added(members[pk]) for pk in members]
        links = [""] * len(rows)
        drill = list(members)
    else:
        labels = list(scope.sections.values())
        rows = [dict(counts.get(pk, {})) for pk in scope.sections]
        links = [link(pk) for pk in scope.sections]
        drill = []
    chart = ChartData(
        categories=labels,
        series=[{"name": name, "data": [value(row) for row in rows]} for name, value in series],
        links=links,
        unit=unit,
        note=note,
        horizontal=True,
        drill=drill,
    )
    what = "单位" if grouped else "科室"
    if len(rows) > MAX_BARS:
        values = [[value(row) for _, value in series] for row in rows]
        sums = [
            None if all(v is None for v in row) else sum(v for v in row if v is not None)
            for row in values
        ]
        ranked = sorted(
            (i for i, total in enumerate(sums) if total is not None),
            key=lambda i: (sums[i] if ascending else -sums[i], i),
        )
        chart.shown = ranked[:SHOWN]
        chart.caption = f"共 {len(rows)} 个{what}，显示{worst}的 {len(chart.shown)} 个"
        if not ranked:
            chart.caption = f"共 {len(rows)} 个{what}，本月均无数据"
    elif grouped:
        chart.caption = f"按单位汇总：共 {len(rows)} 个单位、{len(scope.sections)} 个科室"
    if grouped:
        chart.caption += "；点击单位查看其科室"
    return chart
