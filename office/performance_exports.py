"""绩效表 on 报表导出: a month's points per person (every person of the scope, not a page of the
list) and the rules it was computed with on the second sheet (``performance_sheets``).

Points are reckoned per unit (each unit has its rules and its month close), so an export over
several units (a city role who picks no unit) writes each unit's two sheets in turn."""

from __future__ import annotations

from collections.abc import Iterator

from office.exports import Sheet
from office.models import Staff
from office.performance import KINDS, Scope, month_result, performance_sheets, scope_people
from office.reports import Report
from office.reports import Scope as ExportScope

# The second sheet: a line per kind, the two caps, the month and how it was computed.
RULE_ROWS = len(KINDS) + 4


class PerformanceReport(Report):
    slug = "performance_month"
    frozen_by_close = True
    label = "绩效表"
    order = 200  # after the apps' reports: 考勤月报 stays the form's first choice

    def count(self, scope: ExportScope) -> int:
        people = Staff.objects.filter(section_id__in=scope.section_ids).exclude(
            status=Staff.Status.LEFT
        )
        return people.count() + RULE_ROWS * len({s.unit_id for s in scope.sections})

    def sheets(self, scope: ExportScope) -> Iterator[Sheet]:
        first = scope.params.start.replace(day=1)
        units: dict[int, list[int]] = {}
        for section in scope.sections:
            units.setdefault(section.unit_id, []).append(section.pk)
        names = {s.unit_id: s.unit.short_name for s in scope.sections}
        for unit_id, section_ids in units.items():
            unit_scope = Scope(unit_id=unit_id, section_ids=frozenset(section_ids))
            result = month_result(unit_scope, first, list(scope_people(unit_scope)))
            for sheet in performance_sheets(result):
                if len(units) > 1:
                    sheet.title = f"{names[unit_id]}{sheet.title}"
                yield sheet

    def title(self, scope: ExportScope) -> str:
        """The month the points are of (a first and a last day give the first one's month)."""
        start = scope.params.start
        return f"{scope.name}{start.year}年{start.month}月{self.label}"

    def filename(self, scope: ExportScope) -> str:
        return f"{scope.name}{self.label}{scope.params.start:%Y-%m}.xlsx"
