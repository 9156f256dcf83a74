"""学习任务台账 (reading/exports.py ``StudyLedger``), a registered report: the receipts of the
study tasks due in the period, for the sections the viewer may export, in one query."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from office.assignment_services import assignment_cancel
from office.org import viewer_for
from office.reports import Params, export_build, export_count
from reading.services.study import study_mark_done
from tests.factories import SectionFactory, many_staff
from tests.reading.study_helpers import NOW, study_task

DECEMBER = Params(dt.date(2026, 12, 1), dt.date(2026, 12, 31))


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content))["学习任务台账"]
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_the_ledger_lists_each_persons_receipt_of_tasks_due_in_the_period(org):
    task = study_task(org.personnel, sections=[org.section], needs_reflection=True)
    receipt = task.assignment.receipts.get(staff=org.staff)
    study_mark_done(task=task, receipt=receipt, acting_user=org.staff.user, reflection="心得体会")
    study_task(org.personnel, [org.staff], title="下月的任务", due_in=dt.timedelta(days=40))
    withdrawn = study_task(org.personnel, [org.staff], title="撤销的任务")
    assignment_cancel(
        assignment=withdrawn.assignment, acting_user=org.personnel.user, reason="重复"
    )
    filename, content = export_build(
        "study_ledger", viewer=viewer_for(org.personnel.user), params=DECEMBER
    )
    assert filename.endswith("学习任务台账.xlsx")
    # 学习任务, 姓名, 状态, 完成时间 → 学习心得 (an empty cell reads back as None).
    listed = {(row[0], row[5], row[6], row[7]): row[9] for row in rows(content)}
    title = "学习全市作风整顿动员会议精神"
    assert listed == {
        (title, "刘职员", "已学", "2026-12-07 09:00"): "心得体会",
        (title, "张科长", "未学", None): None,
    }
    assert rows(content)[0][1] == "周政工"


def test_a_chief_exports_their_own_section_only(org):
    study_task(org.personnel, sections=[org.section, org.other_section])
    params = Params(DECEMBER.start, DECEMBER.end)
    _, content = export_build(
        "study_ledger", viewer=viewer_for(org.other_chief.user), params=params
    )
    assert {row[5] for row in rows(content)} == {"陈科长", "杨职员", "吴督导"}
    assert export_count("study_ledger", viewer=viewer_for(org.other_chief.user), params=params) == 3


@pytest.mark.parametrize("count", [10, 300])
def test_the_ledger_takes_the_same_queries_for_10_and_300_people(
    org, count, django_assert_num_queries
):
    section = SectionFactory(name="大科")
    many_staff(section, count)
    study_task(org.personnel, sections=[section])
    viewer = viewer_for(org.personnel.user)
    # The sections in scope (with unit); the receipts streamed (考勤封帐 does not freeze study:
    # no closed-month check).
    with django_assert_num_queries(2):
        export_build("study_ledger", viewer=viewer, params=DECEMBER)
