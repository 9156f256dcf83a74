"""考勤月报 read back: marks and totals equal to the stored days, February 2026 (春节 and its 调休
Saturdays), sheets by scope, print setup, and the same queries for one person or many."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from leave.models import OvertimeEntry, OvertimeRequest
from office.approvals.models import ApprovalStatus
from office.errors import ExportError
from office.org import viewer_for
from office.reports import Params, export_build
from tests.factories import StaffFactory

N, L, E, M, A, V = (
    DayStatus.NORMAL,
    DayStatus.LATE,
    DayStatus.EARLY,
    DayStatus.MISSING,
    DayStatus.ABSENT,
    DayStatus.LEAVE,
)
FEBRUARY = Params(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
FIRST_DAY_COLUMN = 3  # C: after 工号 and 姓名 (a section's sheet)


def day(person, date, am, pm, labels=""):
    AttendanceDay.objects.create(
        staff=person,
        date=date,
        am_status=am,
        pm_status=pm,
        labels=labels,
        computed_at=timezone.now(),
    )


def book(person, params=FEBRUARY):
    filename, content = export_build(
        "attendance_month", viewer=viewer_for(person.user), params=params
    )
    return filename, openpyxl.load_workbook(io.BytesIO(content))


def row_of(ws, name):
    for row in ws.iter_rows(min_row=4, values_only=True):
        if row[1] == name:
            return row
    raise AssertionError(f"{name} 不在表中")


def header(ws):
    return [c.value for c in ws[2]]


@pytest.fixture
def february(org):
    """刘职员's first fortnight of February 2026, every kind of half-day."""
    feb = lambda d: dt.date(2026, 2, d)  # noqa: E731
    day(org.staff, feb(2), N, N)
    day(org.staff, feb(3), L, N)
    day(org.staff, feb(4), N, E)
    day(org.staff, feb(5), A, A)
    day(org.staff, feb(6), V, V, "事假")
    day(org.staff, feb(9), N, V, "下午年休假")
    day(org.staff, feb(10), M, N)
    day(org.staff, feb(14), N, N)  # the 调休 Saturday before 春节
    overtime = OvertimeRequest.objects.create(
        applicant=org.chief,
        section=org.section,
        date=feb(7),
        start_time=dt.time(9),
        end_time=dt.time(12),
        reason="赶材料",
        status=ApprovalStatus.APPROVED,
        verified_at=timezone.now(),
    )
    OvertimeEntry.objects.create(
        overtime=overtime, staff=org.staff, planned_hours=3, actual_hours=3, verified_hours=2.5
    )
    return org


def test_a_chief_gets_their_section_titled_and_named(february):
    filename, workbook = book(february.chief)
    assert filename == "综合科2026年2月考勤月报.xlsx"
    assert workbook.sheetnames == ["综合科"]
    ws = workbook["综合科"]
    assert ws["A1"].value == "综合科 2026年2月考勤月报"
    assert ws["A1"].font.b and ws["A1"].font.sz == 16
    assert "A1:" in " ".join(str(r) for r in ws.merged_cells.ranges)


def test_marks_and_totals_equal_the_stored_days(february):
    _, workbook = book(february.chief)
    ws = workbook["综合科"]
    titles = header(ws)
    row = row_of(ws, "刘职员")
    by_title = dict(zip(titles, row, strict=True))
    marks = row[FIRST_DAY_COLUMN - 1 : FIRST_DAY_COLUMN - 1 + 28]
    assert marks[:14] == (
        None,  # 1日, Sunday: nothing stored
        "✓",
        "迟✓",  # a half-day pair shows both halves
        "✓早",
        "旷",
        "事",
        None,
        None,
        "✓年",
        "缺✓",
        None,
        None,
        None,
        "✓",  # 14日, the 调休 Saturday before 春节
    )
    assert by_title["应出勤天数"] == 16  # 20 weekdays − 6 days of 春节 + 2 调休 Saturdays
    assert by_title["实出勤天数"] == 5.5  # 11 halves at work
    assert (by_title["迟到"], by_title["早退"], by_title["缺卡"]) == (1, 1, 1)
    assert by_title["旷工"] == 2
    assert by_title["事假"] == 1
    assert by_title["年休假"] == 0.5
    assert by_title["病假"] == 0
    assert by_title["加班"] == 2.5
    # The chief has nothing stored: a row of blanks and zeros, not missing.
    chief = dict(zip(titles, row_of(ws, "张科长"), strict=True))
    assert (chief["实出勤天数"], chief["旷工"], chief["加班"]) == (0, 0, 0)


def test_february_shades_the_holidays_and_the_working_saturdays(february):
    ws = book(february.chief)[1]["综合科"]
    fills = {
        cell.value: cell.fill.fgColor.rgb
        for cell in ws[2][FIRST_DAY_COLUMN - 1 : FIRST_DAY_COLUMN - 1 + 28]
    }
    assert ws.cell(row=3, column=FIRST_DAY_COLUMN).value == "日"  # 1 February 2026: a Sunday
    holiday, workday = "FFD9D9D9", "FFFCE4D6"
    assert fills["1"] == holiday  # Sunday
    assert fills["14"] == workday  # 调休上班 Saturday
    assert fills["28"] == workday
    assert all(fills[str(d)] == holiday for d in (16, 17, 18, 19, 20, 23))  # 春节
    assert fills["2"] not in (holiday, workday)
    # Body cells of those columns carry the same fill, so the print shows them down the page.
    body = ws.cell(row=4, column=FIRST_DAY_COLUMN + 15)
    assert body.fill.fgColor.rgb == holiday


def test_the_sheet_is_set_up_for_printing(february):
    ws = book(february.chief)[1]["综合科"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth is left at its default, 1 (written only when not 1); 0 pages tall: any.
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$2:$3"
    assert ws.freeze_panes == "C4"
    assert ws["A4"].border.left.style == "thin"
    # No name is cut: 姓名 is at least two units per character of the longest name.
    assert ws.column_dimensions["B"].width >= 2 * len("刘职员")
    # The legend and the signature lines follow the rows.
    texts = [c.value for row in ws.iter_rows(min_row=6) for c in row if c.value]
    assert any(str(t).startswith("图例：✓ 正常") for t in texts)
    assert {"制表人：", "科长签字：", "政工科审核："} <= set(texts)


def test_personnel_get_every_section_and_the_whole_unit(february):
    filename, workbook = book(february.personnel)
    assert workbook.sheetnames == ["全部", "主任室", "综合科", "行政科", "政工科"]
    whole = workbook["全部"]
    assert whole["A1"].value.endswith("2026年2月考勤月报")
    assert header(whole)[:3] == ["工号", "姓名", "科室"]
    assert whole.freeze_panes == "D4"
    assert row_of(whole, "刘职员")[2] == "综合科"
    people = [r[1] for r in whole.iter_rows(min_row=4, values_only=True) if r[1]]
    assert len(people) == 9  # everyone of the org fixture, each once


def test_a_chief_asking_for_another_section_is_refused(february):
    params = Params(FEBRUARY.start, FEBRUARY.end, february.other_section.pk)
    with pytest.raises(ExportError, match="只能导出您所管理科室的报表"):
        book(february.chief, params)


def test_plain_staff_may_not_export_it(february):
    with pytest.raises(ExportError, match="没有导出该报表的权限"):
        book(february.staff)


def test_the_queries_do_not_grow_with_the_staff(february):
    """Sections, calendar, leave types, overtime hours, the people's sections, the taps not yet
    stored, and the people with their days once per pass (the 全部 sheet, the sections)."""
    viewer = viewer_for(february.personnel.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            export_build("attendance_month", viewer=viewer, params=FEBRUARY)
        return len(queries)

    count()  # the calendar's cache filled
    few = count()
    for _ in range(40):
        person = StaffFactory(section=february.section)
        day(person, dt.date(2026, 2, 2), N, L)
        day(person, dt.date(2026, 2, 3), A, N)
    assert count() == few


def test_hours_are_decimal_days_are_halves(february):
    """A person with 1.5 days of 病假 and overtime in two requests: sums, not the last one."""
    person = StaffFactory(section=february.section, name="钱职员")
    day(person, dt.date(2026, 2, 11), V, V, "病假")
    day(person, dt.date(2026, 2, 12), V, N, "上午病假")
    for hours in (Decimal("1.5"), Decimal("2")):
        overtime = OvertimeRequest.objects.create(
            applicant=february.chief,
            section=february.section,
            date=dt.date(2026, 2, 8),
            start_time=dt.time(9),
            end_time=dt.time(11),
            reason="值班",
            status=ApprovalStatus.APPROVED,
            verified_at=timezone.now(),
        )
        OvertimeEntry.objects.create(
            overtime=overtime, staff=person, planned_hours=2, verified_hours=hours
        )
    ws = book(february.chief)[1]["综合科"]
    values = dict(zip(header(ws), row_of(ws, "钱职员"), strict=True))
    assert (values["病假"], values["加班"], values["实出勤天数"]) == (1.5, 3.5, 0.5)
    assert values["11"] == "病" and values["12"] == "病✓"


def test_a_city_leader_gets_a_sheet_per_unit_with_the_sections_named(february):
    from office import roles
    from office.org import Viewer
    from tests.factories import unit_with_roles

    other = unit_with_roles()
    day(other.staff, dt.date(2026, 2, 2), A, A)
    leader = Viewer(user_id=None, staff=None, groups=frozenset({roles.CITY_LEADER}))
    filename, content = export_build("attendance_month", viewer=leader, params=FEBRUARY)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    unit = february.section.unit
    assert filename == "全市2026年2月考勤月报.xlsx"
    assert workbook.sheetnames == ["全部", unit.short_name, "市发改委"]
    sheet = workbook["市发改委"]
    assert sheet["A1"].value == "市发展和改革委员会 2026年2月考勤月报"
    row = dict(zip(header(sheet), row_of(sheet, "市发改委职员"), strict=True))
    assert (row["科室"], row["旷工"]) == ("市发改委综合科", 2)


def test_taps_not_yet_stored_are_counted_in(org, frozen):
    """A day whose taps wait for the minute job shows as the month grid shows it."""
    from attendance.models import ClockRecord
    from tests.attendance.conftest import at

    monday = dt.date(2026, 2, 2)
    frozen(at(dt.date(2026, 2, 3), 9, 0))
    for point, (h, m) in (
        ("am_in", (7, 50)),
        ("am_out", (12, 10)),
        ("pm_in", (13, 30)),
        ("pm_out", (18, 30)),
    ):
        ClockRecord.objects.create(
            staff=org.staff, date=monday, point=point, at=at(monday, h, m), status_pending=True
        )
    ws = book(org.chief)[1]["综合科"]
    values = dict(zip(header(ws), row_of(ws, "刘职员"), strict=True))
    assert (values["2"], values["实出勤天数"]) == ("✓", 1)
    assert not AttendanceDay.objects.exists()  # counted in, nothing written
