"""督办台账: the 督办 whose 办结时限 falls in a period, by section (按期 / 逾期 rates) and one
row per 责任人, as a Report of office's registry (registered in InspectionsConfig.ready())."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from inspections.instruction_selectors import (
    ledger_rows,
    may_follow,
    period_receipts,
    sees_unit_instructions,
)
from inspections.models import Instruction
from inspections.services.instructions import STATE_LABELS
from office.assignment_models import ANSWERED_STATES
from office.exports import Column, Sheet
from office.models import Section
from office.org import Viewer
from office.reports import Report, Scope

CHUNK = 2000

SOURCES = dict(Instruction.Source.choices)


class InstructionLedgerReport(Report):
    slug = "instruction_ledger"
    label = "督办台账"
    period = "range"

    def may_run(self, viewer: Viewer) -> bool:
        """主任 and 督导小组 (the unit), 分管主任 and 科长 (their sections)."""
        return may_follow(viewer)

    def sections(self, viewer: Viewer) -> QuerySet[Section]:
        if sees_unit_instructions(viewer):
            return Section.objects.filter(viewer.unit_filter())
        return Section.objects.filter(pk__in=viewer.managed_section_ids)

    def _receipts(self, scope: Scope) -> QuerySet:
        return period_receipts(scope.section_ids, scope.params.start, scope.params.end)

    def count(self, scope: Scope) -> int:
        return self._receipts(scope).count()

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        rows = ledger_rows(scope.sections, scope.params.start, scope.params.end)
        title = f"{scope.name} {scope.params.period_text}督办台账"
        yield Sheet(
            "按科室",
            [
                Column("科室", width=10),
                Column("督办件次", width=8),
                Column("按期办结", width=8),
                Column("逾期办结", width=8),
                Column("逾期未办结", width=9),
                Column("未到期", width=7),
                Column("按期率", width=8),
                Column("逾期率", width=8),
                Column("逾期未反馈", width=9),
            ],
            [
                [
                    r.section,
                    r.total,
                    r.on_time,
                    r.late_done,
                    r.late_open,
                    r.not_due,
                    r.on_time_percent,
                    r.late_percent,
                    r.feedback_missed,
                ]
                for r in rows
            ],
            heading=title,
            legend="按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结）；未到期的不计入。",
        )
        yield self._detail(scope, title)

    def _detail(self, scope: Scope, title: str) -> Sheet:
        now = timezone.now()
        values = (
            self._receipts(scope)
            .order_by("assignment__due_at", "section__order", "staff__staff_no", "pk")
            .values_list(
                "assignment__title",
                "assignment__instruction__source",
                "assignment__created_by__name",
                "assignment__created_at",
                "assignment__due_at",
                "section__name",
                "staff__staff_no",
                "staff__name",
                "state",
                "accepted_at",
                "done_at",
                "note",
            )
            .iterator(chunk_size=CHUNK)
        )

        def verdict(state: str, due, done) -> str:  # noqa: ANN001
            if state in ANSWERED_STATES:
                return "按期" if done <= due else "逾期"
            return "逾期" if due < now else "未到期"

        rows = (
            [
                number,
                item,
                SOURCES.get(source, source),
                assigner,
                timezone.localtime(created),
                timezone.localtime(due),
                section,
                staff_no,
                name,
                STATE_LABELS.get(state, state),
                timezone.localtime(accepted) if accepted else "",
                timezone.localtime(done) if done else "",
                verdict(state, due, done),
                note,
            ]
            for number, (
                item,
                source,
                assigner,
                created,
                due,
                section,
                staff_no,
                name,
                state,
                accepted,
                done,
                note,
            ) in enumerate(values, start=1)
        )
        return Sheet(
            "明细",
            [
                Column("序号", width=4),
                Column("督办事项", width=24, wrap=True),
                Column("来源", width=8),
                Column("交办人", width=8),
                Column("交办时间", width=16),
                Column("办结时限", width=16),
                Column("承办科室", width=8),
                Column("工号", width=6),
                Column("责任人", width=8),
                Column("状态", width=6),
                Column("签收时间", width=16),
                Column("办结上报时间", width=16),
                Column("按期", width=6),
                Column("办结说明", width=30, wrap=True),
            ],
            rows,
            heading=title,
            foot=("制表人：", "督导小组审核："),
        )
