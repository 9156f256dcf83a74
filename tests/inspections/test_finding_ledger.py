"""督查问题台账 read back: each finding with its item, person, section, status and rectification,
as the viewer may see findings (政工科 sees none; a chief their section)."""

import datetime as dt
import io

import openpyxl
import pytest

from inspections.services.findings import finding_confirm, finding_feedback, finding_rectify
from office.errors import ExportError
from office.org import viewer_for
from office.reports import Params, export_build
from tests.factories import unit_with_roles

NOVEMBER = Params(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def ledger(person, params=NOVEMBER):
    _, content = export_build("finding_ledger", viewer=viewer_for(person.user), params=params)
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in ws[2]]
    rows = [
        dict(zip(header, row, strict=True))
        for row in ws.iter_rows(min_row=3, values_only=True)
        if isinstance(row[0], int)
    ]
    return ws, rows


@pytest.fixture
def rectified(org, monday, person_finding, section_finding):
    finding_confirm(finding=person_finding, acting_user=org.inspector.user)
    finding_rectify(
        finding=person_finding, deadline=dt.date(2026, 11, 30), acting_user=org.inspector.user
    )
    finding_feedback(finding=person_finding, feedback="已当面批评教育", acting_user=org.chief.user)
    return org


def test_the_ledger_lists_findings_with_item_person_status_and_rectification(rectified):
    ws, rows = ledger(rectified.inspector)
    assert ws["A1"].value.endswith("2026年11月督查问题台账")
    person = next(r for r in rows if r["姓名"] == "刘职员")
    assert (person["科室"], person["类别"], person["状态"]) == ("综合科", "工作纪律", "已整改")
    assert person["检查项目"].startswith("1-02 ")
    assert person["问题描述"] == "上班时间离岗外出办私事"
    assert person["整改期限"] == dt.datetime(2026, 11, 30)
    assert person["整改情况"] == "已当面批评教育"
    assert person["发现时间"] == dt.datetime(2026, 11, 17, 10)
    section = next(r for r in rows if r["姓名"] == "（科室）")
    assert section["状态"] == "已登记"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"


def test_a_chief_sees_their_section_and_nobody_else_does(rectified):
    assert len(ledger(rectified.chief)[1]) == 2
    with pytest.raises(ExportError, match="只能导出您所管理科室的报表"):
        ledger(rectified.chief, Params(NOVEMBER.start, NOVEMBER.end, rectified.other_section.pk))
    assert ledger(rectified.other_chief)[1] == []
    for person in (rectified.staff, unit_with_roles().personnel):
        with pytest.raises(ExportError, match="没有导出该报表的权限"):
            ledger(person)


def test_the_period_bounds_are_whole_days_in_shanghai(rectified):
    """Both findings fall on 17 November (10:00 and 18:00 in Shanghai)."""
    day = lambda d: Params(dt.date(2026, 11, d), dt.date(2026, 11, d))  # noqa: E731
    assert len(ledger(rectified.inspector, day(17))[1]) == 2
    assert ledger(rectified.inspector, day(16))[1] == []
    assert ledger(rectified.inspector, day(18))[1] == []
