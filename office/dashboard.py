"""The 统计看板: charts that each app registers in its AppConfig.ready(), drawn in the browser.

A chart is a function (viewer, scope) -> ChartData that aggregates in the database (GROUP BY
section, week or type: a fixed number of queries however many people). One JSON endpoint per
chart serves it; the page draws the chart and its table from the same numbers.

The scope is what the viewer may see: every section of their unit for 主任, 政工科 and 督导小组
(every unit for 市级领导), the sections they supervise for a 分管主任, their own for a 科长;
plain staff are refused. A ``section`` parameter narrows it to one of those, never beyond.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from office.calendar import month_param
from office.models import Section
from office.org import Viewer

REFUSED = "统计看板仅对科长、分管主任、主任、政工科和督导小组开放。"
NOT_YOURS = "只能查看您所管理科室的统计。"


@dataclass(frozen=True)
class Scope:
    """The sections (id -> name, in the office's order) and the month a chart covers."""

    sections: dict[int, str]
    first: dt.date
    last: dt.date
    today: dt.date

    @property
    def section_ids(self) -> list[int]:
        return list(self.sections)

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


def scope_for(viewer: Viewer, *, section: str = "", month: str = "") -> Scope:
    """One query (the sections). 403 for plain staff and for a section outside the scope."""
    if not may_see_dashboard(viewer):
        raise PermissionDenied(REFUSED)
    sections = Section.objects.order_by("unit__order", "unit_id", "order", "pk")
    if viewer.sees_whole_unit or viewer.runs_inspections:
        sections = sections.filter(viewer.unit_filter())
    else:
        sections = sections.filter(pk__in=viewer.managed_section_ids)
    if section:
        if not section.isdigit():
            raise PermissionDenied(NOT_YOURS)
        sections = sections.filter(pk=int(section))
    found = dict(sections.values_list("pk", "name"))
    if section and not found:
        raise PermissionDenied(NOT_YOURS)
    today = timezone.localdate()
    first = month_param(month, today)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    return Scope(sections=found, first=first, last=last, today=today)


def weeks_back(scope: Scope, count: int = 12) -> list[dt.date]:
    """The Mondays of the ``count`` weeks ending with the week of ``scope.until``."""
    monday = scope.until - dt.timedelta(days=scope.until.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
