"""学习任务完成情况: one task's receipts as a workbook, through the one .xlsx writer
(office.exports): a sheet of counts by section, then one row per person. Two queries (the
counts, the rows streamed), whatever the number of people."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from office.assignment_models import ReceiptState
from office.assignment_selectors import Progress, assignment_progress
from office.dates import cn_date, cn_datetime
from office.exports import Column, Sheet, write_xlsx
from office.org import Viewer
from reading import selectors
from reading.models import StudyTask

STATE_WORDS = {
    ReceiptState.PENDING: "未学",
    ReceiptState.ACCEPTED: "未学",
    ReceiptState.DONE: "已学",
    ReceiptState.CONFIRMED: "已学",
}


def _person_rows(viewer: Viewer, task: StudyTask) -> Iterator[list[object]]:
    rows = selectors.export_rows(viewer, task.assignment).values_list(
        "section__name", "staff__staff_no", "staff__name", "state", "done_at", "note"
    )
    due_at, now = task.assignment.due_at, timezone.now()
    for section, number, name, state, done_at, note in rows.iterator(chunk_size=2000):
        # Late: studied after the deadline, or not yet studied when it has passed.
        late = (done_at or now) > due_at
        yield [
            section,
            number,
            name,
            STATE_WORDS[state],
            timezone.localtime(done_at).strftime("%Y-%m-%d %H:%M") if done_at else "",
            "逾期" if late else "",
            note if task.needs_reflection else "",
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
    assignment = task.assignment
    progress = assignment_progress(assignment, selectors.section_scope(viewer, assignment))
    heading = f"{assignment.title}（完成期限：{cn_datetime(assignment.due_at)}）"
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
            headers=[
                "科室",
                "工号",
                "姓名",
                "状态",
                "完成时间",
                "是否逾期",
                Column("学习心得", width=50, wrap=True),
            ],
            widths=[16, 10, 10, 8, 18, 10],
            frozen_columns=3,
            rows=_person_rows(viewer, task),
        ),
    ]
    filename = f"学习任务完成情况-{assignment.title[:30]}-{cn_date(timezone.localdate())}.xlsx"
    return write_xlsx(sheets), filename
