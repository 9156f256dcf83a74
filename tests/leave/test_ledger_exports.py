"""请假台账 and 加班台账 read back: each request with its chain and outcome, scoped by section and
period, in two queries however many requests."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leave.services import leave_report_back, overtime_record_actual, overtime_verify
from office.approvals.services import approval_decide
from office.errors import ExportError
from office.org import viewer_for
from office.reports import Params, export_build
from tests.leave.test_overtime import approved

NOVEMBER = Params(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def ledger(person, slug, params=NOVEMBER):
    filename, content = export_build(slug, viewer=viewer_for(person.user), params=params)
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in ws[2]]
    rows = [
        dict(zip(header, row, strict=True))
        for row in ws.iter_rows(min_row=3, values_only=True)
        if isinstance(row[0], int)
    ]
    return filename, ws, rows


@pytest.fixture
def leaves(org, frozen, request_leave):
    """刘职员: 事假 on 3 November approved by the chief and reported back; 杨职员 (行政科): a
    pending 病假; 刘职员 again in December (outside the month)."""
    first = request_leave(org.staff, dt.date(2026, 11, 3), reason="孩子学校开家长会")
    approval_decide(request_obj=first, acting_user=org.chief.user, approve=True)
    frozen.move_to(dt.datetime(2026, 11, 4, 9, tzinfo=SHANGHAI))
    leave_report_back(
        leave=first,
        acting_user=org.staff.user,
        returned_on=dt.date(2026, 11, 4),
        returned_half="am",
    )
    request_leave(org.other_staff, dt.date(2026, 11, 5), code="sick", reason="发烧")
    request_leave(org.staff, dt.date(2026, 12, 7), reason="办理证件")
    return org


def test_the_leave_ledger_lists_each_leave_with_chain_outcome_and_report_back(leaves):
    filename, ws, rows = ledger(leaves.personnel, "leave_ledger")
    assert filename.endswith("2026年11月请假台账.xlsx")
    assert ws["A1"].value.endswith("2026年11月请假台账")
    assert [(r["姓名"], r["假别"], r["结果"]) for r in rows] == [
        ("刘职员", "事假", "已批准"),
        ("杨职员", "病假", "审批中"),
    ]
    first = rows[0]
    assert (first["科室"], first["开始"], first["结束"], first["天数"]) == (
        "综合科",
        "2026-11-03 上午",
        "2026-11-03 下午",
        1,
    )
    assert first["审批经过"].startswith("张科长 同意 11-02")
    assert first["销假时间"].date() == dt.date(2026, 11, 4)
    assert first["实际返岗"] == dt.datetime(2026, 11, 4)
    assert rows[1]["审批经过"] == "陈科长 待审批"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$2:$2"
    assert ws.freeze_panes == "E3"


def test_a_chief_gets_only_their_section(leaves):
    _, _, rows = ledger(leaves.chief, "leave_ledger")
    assert [r["姓名"] for r in rows] == ["刘职员"]
    with pytest.raises(ExportError, match="只能导出您所管理科室的报表"):
        ledger(
            leaves.chief,
            "leave_ledger",
            Params(NOVEMBER.start, NOVEMBER.end, leaves.other_section.pk),
        )


def test_a_period_picks_the_leaves_overlapping_it(leaves):
    december = Params(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    _, ws, rows = ledger(leaves.personnel, "leave_ledger", december)
    assert [r["事由"] for r in rows] == ["办理证件"]
    span = Params(dt.date(2026, 11, 5), dt.date(2026, 12, 10))
    _, ws, rows = ledger(leaves.personnel, "leave_ledger", span)
    assert [r["事由"] for r in rows] == ["发烧", "办理证件"]
    assert ws["A1"].value.endswith("2026年11月5日至2026年12月10日请假台账")


def test_the_leave_ledger_takes_the_same_queries_for_many_leaves(leaves, request_leave):
    viewer = viewer_for(leaves.personnel.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            export_build("leave_ledger", viewer=viewer, params=NOVEMBER)
        return len(queries)

    few = count()
    for day in (9, 10, 11, 12, 13, 16, 17):
        request_leave(leaves.chief, dt.date(2026, 11, day), reason="家中有事")
    assert count() == few


def test_the_overtime_ledger_lists_applied_worked_verified_and_conversion(org, frozen):
    overtime = approved(org)
    frozen.move_to(dt.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI))
    overtime = overtime_record_actual(
        overtime=overtime,
        hours={org.staff.pk: Decimal("3.5"), org.chief.pk: Decimal(4)},
        acting_user=org.chief.user,
    )
    overtime_verify(overtime=overtime, acting_user=org.personnel.user)
    _, ws, rows = ledger(org.personnel, "overtime_ledger")
    assert ws["A1"].value.endswith("2026年11月加班台账")
    hours = sorted((r["姓名"], r["申请(小时)"], r["实际(小时)"], r["核实(小时)"]) for r in rows)
    assert hours == [("刘职员", 4, 3.5, 3.5), ("张科长", 4, 4, 4)]
    assert {r["状态"] for r in rows} == {"已核实"}
    assert {r["折算"] for r in rows} == {"转调休"}
    assert {r["时间"] for r in rows} == {"09:00–13:00"}
    assert rows[0]["审批经过"].startswith("张科长 同意")
    _, _, other = ledger(org.other_chief, "overtime_ledger")
    assert other == []


def test_plain_staff_may_run_no_ledger(org):
    for slug in ("leave_ledger", "overtime_ledger"):
        with pytest.raises(ExportError, match="没有导出该报表的权限"):
            ledger(org.staff, slug)
