"""考勤月报: the month sheet the office used to type by hand, one row per person, one column per
day with the month grid's marks, then the totals; one sheet per section and a 全部 sheet.

Memory stays flat and the queries bounded whatever the staff: the people and their stored days
come from one query (the days joined to the people, in page order), read in chunks and grouped
person by person as they stream to the writer; the taps not yet stored are counted in
(``days_with_taps_counted``) from one query more. Leave and overtime belong to the leave app,
which this app may not import: it registers a month source (``register_month_source``) that
names the leave types (their columns) and the verified overtime hours of each person.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, FilteredRelation, Q
from django.db.models.functions import Cast

from attendance.engine import HALF_NAMES
from attendance.models import AttendanceDay
from attendance.models.clock import DayStatus
from attendance.services.status import days_with_taps_counted
from attendance.templatetags.attendance_tags import SHORT
from office import calendar
from office.exports import Column, Sheet
from office.models import Staff
from office.reports import Report, Scope

WEEKDAYS = "一二三四五六日"
# Halves that count as at work: a tap, even late, early or with one missing, and 外出/公出.
PRESENT = frozenset(
    {
        DayStatus.NORMAL,
        DayStatus.LATE,
        DayStatus.EARLY,
        DayStatus.MISSING,
        DayStatus.OUTING,
        DayStatus.TRIP,
    }
)
FOOT = ("制表人：", "科长签字：", "政工科审核：")
CHUNK = 4000


@dataclass(frozen=True)
class MonthExtra:
    """What another app adds to the sheet: leave types (a column each, days taken, read from
    the stored days' labels) and verified overtime hours per person."""

    leave_names: tuple[str, ...] = ()
    overtime_hours: Mapping[int, Decimal] = field(default_factory=dict)


MonthSource = Callable[[list[int], dt.date, dt.date], MonthExtra]
MONTH_SOURCES: list[MonthSource] = []


def register_month_source(source: MonthSource) -> None:
    """``source(section_ids, start, end)``: a bounded number of queries for any staff."""
    if source not in MONTH_SOURCES:
        MONTH_SOURCES.append(source)


def month_extra(section_ids: list[int], start: dt.date, end: dt.date) -> MonthExtra:
    names: list[str] = []
    hours: dict[int, Decimal] = {}
    for source in MONTH_SOURCES:
        extra = source(section_ids, start, end)
        names += [n for n in extra.leave_names if n not in names]
        for staff_id, value in extra.overtime_hours.items():
            hours[staff_id] = hours.get(staff_id, Decimal(0)) + value
    return MonthExtra(tuple(names), hours)


def half_labels(labels: str) -> tuple[str, str]:
    """The leave label of each half from a day's ``labels`` ("事假", or "上午事假；下午外出：…")."""
    if not labels:
        return "", ""
    parts = labels.split("；")
    found = {"am": "", "pm": ""}
    for half, name in HALF_NAMES.items():
        for part in parts:
            if part.startswith(name):
                found[half] = part[len(name) :]
    if not any(found.values()):
        return labels, labels
    return found["am"], found["pm"]


def _number(value: float | Decimal) -> int | float:
    return int(value) if value == int(value) else float(value)


class AttendanceMonthReport(Report):
    slug = "attendance_month"
    frozen_by_close = True
    label = "考勤月报"
    period = "month"

    def count(self, scope: Scope) -> int:
        people = self._people(scope).count()
        return people * (2 if len(scope.sections) > 1 else 1)

    def _people(self, scope: Scope) -> Any:
        return Staff.objects.filter(section_id__in=scope.section_ids).exclude(
            status=Staff.Status.LEFT
        )

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        """全部 and a sheet per section, written side by side from one pass over the people;
        over several units (a city's leaders) a sheet per unit instead, each listing its
        people with their section: 600 tabs help nobody. One section: its sheet alone."""
        month = _Month(scope, self._people(scope))
        period = scope.params.period_text
        by_unit = len({s.unit_id for s in scope.sections}) > 1
        group = {s.pk: s.unit if by_unit else s for s in scope.sections}

        def part(owner: Any) -> Sheet:
            title = owner.short_name if by_unit else owner.name
            return month.sheet(title, f"{owner.name} {period}考勤月报", (), with_section=by_unit)

        if len(scope.sections) == 1:
            rows = (row for _, row in month.rows(with_section=False))
            yield month.sheet(scope.name, f"{scope.name} {period}考勤月报", rows, False)
            return
        split = (
            (group[section_id], row, row if by_unit else row[:2] + row[3:])
            for section_id, row in month.rows(with_section=True)
        )
        whole = month.sheet("全部", f"{scope.name} {period}考勤月报", split, with_section=True)
        whole.split = part
        yield whole


class _Month:
    """The month's columns, marks and totals; ``rows`` streams (section id, row) pairs."""

    def __init__(self, scope: Scope, people: Any) -> None:
        params = scope.params
        self.scope, self.start, self.end = scope, params.start, params.end
        self.days = list(calendar.days(self.start, self.end))
        self.day_keys = [f"{day}" for day in self.days]
        overrides = calendar.overrides_between(self.start, self.end)
        self.working = [calendar.is_working(day, overrides) for day in self.days]
        self.due = sum(self.working)
        self.extra = month_extra(scope.section_ids, self.start, self.end)
        self.leave_names = list(self.extra.leave_names) or ["请假"]
        self.people = people
        sections = dict(people.values_list("pk", "section_id"))
        self.live = days_with_taps_counted(rows={}, people=sections, start=self.start, end=self.end)
        self.marks = {status: SHORT[status] for status in DayStatus}
        self.section_names = {s.pk: s.name for s in scope.sections}

    def columns(self, with_section: bool) -> list[Column]:
        columns = [Column("工号", width=6), Column("姓名", width=8)]
        if with_section:
            columns.append(Column("科室", width=8))
        for day, working in zip(self.days, self.working, strict=True):
            shade = "holiday" if not working else ("workday" if day.weekday() >= 5 else "")
            columns.append(Column(str(day.day), WEEKDAYS[day.weekday()], width=2.5, shade=shade))
        columns += [
            Column("应出勤天数", width=6.5),
            Column("实出勤天数", width=6.5),
            Column("迟到", "次"),
            Column("早退", "次"),
            Column("缺卡", "次"),
            Column("旷工", "半天"),
        ]
        columns += [Column(name, "天") for name in self.leave_names]
        columns.append(Column("加班", "小时"))
        return columns

    def sheet(self, title: str, heading: str, rows: Iterable[list], with_section: bool) -> Sheet:
        return Sheet(
            title,
            self.columns(with_section),
            rows,
            heading=heading,
            legend=self.legend(),
            foot=FOOT,
            frozen_columns=3 if with_section else 2,
        )

    def legend(self) -> str:
        marks = "　".join(f"{SHORT[s]} {s.label}" for s in DayStatus)
        leave = "　".join(f"{name[0]} {name}" for name in self.leave_names)
        return (
            f"图例：{marks}；请假按假别标注：{leave}。上午、下午状态不同时依次标注两个字"
            f"（如“✓{self.leave_names[0][0]}”为上午正常、下午{self.leave_names[0]}）。"
            "灰底为休息日和法定节假日，橙底为调休上班日。天数以半天计。"
        )

    def rows(self, *, with_section: bool) -> Iterator[tuple[int, list]]:
        days = FilteredRelation(
            "attendance_days", condition=Q(attendance_days__date__range=(self.start, self.end))
        )
        stream = (
            # The date as ISO text: no per-row conversion to a date (SQLite stores text).
            self.people.annotate(d=days, on=Cast("d__date", CharField()))
            .order_by(
                "section__unit_id", "section__order", "section_id", "staff_no", "pk", "d__date"
            )
            .values_list(
                "pk",
                "staff_no",
                "name",
                "section_id",
                "on",
                "d__am_status",
                "d__pm_status",
                "d__labels",
            )
            .iterator(chunk_size=CHUNK)
        )
        for (pk, staff_no, name, section_id), found in itertools.groupby(
            stream, key=lambda r: r[:4]
        ):
            stored = {r[4]: (r[5], r[6], r[7]) for r in found if r[4] is not None}
            head = [staff_no, name] + ([self.section_names[section_id]] if with_section else [])
            yield section_id, head + self.person(pk, stored)

    def person(self, pk: int, stored: dict[str, tuple[str, str, str]]) -> list:
        marks, counts = [], dict.fromkeys(DayStatus, 0)
        leave = dict.fromkeys(self.leave_names, 0)
        for day, key in zip(self.days, self.day_keys, strict=True):
            live: AttendanceDay | None = self.live.get((pk, day))
            if live is not None:
                found = (live.am_status, live.pm_status, live.labels)
            else:
                found = stored.get(key)
            if found is None:
                marks.append(None)
                continue
            am, pm, labels = found
            am_leave, pm_leave = half_labels(labels) if DayStatus.LEAVE in (am, pm) else ("", "")
            am_mark = self._mark(am, am_leave, leave)
            pm_mark = self._mark(pm, pm_leave, leave)
            marks.append(am_mark if am_mark == pm_mark else am_mark + pm_mark)
            counts[am] += 1
            counts[pm] += 1
        present = sum(counts[s] for s in PRESENT)
        hours = self.extra.overtime_hours.get(pk, 0)
        return [
            *marks,
            self.due,
            _number(present / 2),
            counts[DayStatus.LATE],
            counts[DayStatus.EARLY],
            counts[DayStatus.MISSING],
            counts[DayStatus.ABSENT],
            *(_number(leave[name] / 2) for name in self.leave_names),
            _number(hours),
        ]

    def _mark(self, status: str, label: str, leave: dict[str, int]) -> str:
        """The half's mark; a leave half is also counted in its type's column (the first
        character of the type: 年, 事, 病; 假 when no leave type is known)."""
        if status != DayStatus.LEAVE:
            return self.marks.get(status, "")
        if label in leave:
            leave[label] += 1
            return label[0]
        if not self.extra.leave_names:
            leave["请假"] += 1
        return self.marks[status]
