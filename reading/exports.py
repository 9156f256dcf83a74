"""学习任务 workbooks through the one .xlsx writer (office.exports):

- 学习任务完成情况, one task (its completion page's 导出 Excel): counts by section, then one row
  per person; two queries (the counts, the rows streamed) whatever the number of people.
- 学习任务台账, a registered report (报表导出): every person's receipt of the study tasks due in
  a period, for the sections the viewer may export; one query, streamed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from office.assignment_models import ReceiptState
from office.assignment_selectors import Progress, assignment_progress
from office.dates import cn_date, cn_datetime
from office.exports import Column, Sheet, write_xlsx
from office.org import Viewer
from office.reports import Report, Scope
from reading import selectors
from reading.models import StudyTask

CHUNK = 2000
STATE_WORDS = {
    ReceiptState.PENDING: "未学",
    ReceiptState.ACCEPTED: "未学",
    ReceiptState.DONE: "已学",
    ReceiptState.CONFIRMED: "已学",
}
PERSON_COLUMNS: list[str | Column] = [
    "科室",
    "工号",
    "姓名",
    "状态",
    "完成时间",
    "是否逾期",
    Column("学习心得", width=50, wrap=True),
]
PERSON_VALUES = ("section__name", "staff__staff_no", "staff__name", "state", "done_at", "note")


def _local(at: dt.datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _person(values: Iterable[Any], due_at: dt.datetime, now: dt.datetime) -> list[Any]:
    """One person's row from ``PERSON_VALUES``. Late: studied after the deadline, or not yet
    studied when it has passed."""
    section, number, name, state, done_at, note = values
    late = (done_at or now) > due_at
    return [
        section,
        number,
        name,
        STATE_WORDS[state],
        _local(done_at),
        "逾期" if late else "",
        note,
    ]


def _section_rows(progress: Progress) -> list[list[object]]:
    rows: list[list[object]] = [
        [s.name, s.total, s.answered, s.open, f"{s.rate}%"] for s in progress.sections
    ]
    total = progress.total
    rate = progress.answered * 100 // total if total else 0
    rows.append(["合计", total, progress.answered, progress.open, f"{rate}%"])
    return rows


def study_workbook(viewer: Viewer, task: StudyTask) -> tuple[bytes, str]:
    """One task's completion: the sections and people the viewer may see."""
    assignment = task.assignment
    progress = assignment_progress(assignment, selectors.section_scope(viewer, assignment))
    heading = f"{assignment.title}（完成期限：{cn_datetime(assignment.due_at)}）"
    now = timezone.now()
    people = selectors.export_rows(viewer, assignment).values_list(*PERSON_VALUES)
    sheets = [
        Sheet(
            title="按科室",
            heading=heading,
            headers=["科室", "应学人数", "已学", "未学", "完成率"],
            widths=[16, 10, 8, 8, 10],
            rows=_section_rows(progress),
        ),
        Sheet(
            title="人员明细",
            heading=heading,
            headers=PERSON_COLUMNS,
            widths=[16, 10, 10, 8, 18, 10],
            frozen_columns=3,
            rows=(
                _person(row, assignment.due_at, now) for row in people.iterator(chunk_size=CHUNK)
            ),
        ),
    ]
    filename = f"学习任务完成情况-{assignment.title[:30]}-{cn_date(timezone.localdate())}.xlsx"
    return write_xlsx(sheets), filename


class StudyLedger(Report):
    """学习任务台账: the receipts of the study tasks due in the period, by the section each
    person was in when the task was sent."""

    slug = "study_ledger"
    label = "学习任务台账"
    period = "range"

    def _receipts(self, scope: Scope) -> QuerySet:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(scope.params.start, dt.time(0), tzinfo=tz)
        after = dt.datetime.combine(scope.params.end + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        return selectors.study_receipts_due(scope.section_ids, start, after)

    def count(self, scope: Scope) -> int:
        return self._receipts(scope).count()

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        now = timezone.now()
        rows = self._receipts(scope).values_list(
            "assignment__title",
            "assignment__created_by__name",
            "assignment__due_at",
            *PERSON_VALUES,
        )
        yield Sheet(
            title="学习任务台账",
            heading=f"{scope.name} {scope.params.period_text}学习任务台账",
            headers=["学习任务", "布置人", "完成期限", *PERSON_COLUMNS],
            widths=[30, 10, 18, 16, 10, 10, 8, 18, 10],
            frozen_columns=1,
            rows=(
                [title, sender, _local(due_at), *_person(person, due_at, now)]
                for title, sender, due_at, *person in rows.iterator(chunk_size=CHUNK)
            ),
        )
