import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from attendance.errors import AttendanceError
from attendance.models import AttendanceDay, ClockRecord, DayStatus, ScheduleAssignment
from attendance.schedules import load_book
from attendance.services import day_close
from attendance.services.calendar import (
    assignment_create,
    calendar_import,
    calendar_load_package,
    schedule_create,
)
from office.calendar import is_working_day
from office.models import CalendarDay, Job
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def do_import(data: bytes, name="2030.xlsx"):
    return calendar_import(file=io.BytesIO(data), filename=name, size=len(data), acting_user=None)


def test_import_replaces_the_year_arrangement(org, frozen):
    frozen(at(MONDAY, 9, 0))
    data = xlsx(
        [[dt.date(2030, 1, 1), "节假日", "元旦"], ["2030-01-05", "调休上班", "元旦调休上班"]]
    )
    assert do_import(data) == (2, None)  # a year still to come: no stored day to recompute
    assert not is_working_day(dt.date(2030, 1, 1))
    assert is_working_day(dt.date(2030, 1, 5))


def test_import_with_errors_lists_row_numbers_and_changes_nothing(org, frozen):
    frozen(at(MONDAY, 9, 0))
    data = xlsx(
        [
            ["2030-01-01", "节假日", "元旦"],
            ["2030-13-01", "节假日", ""],
            ["2030-02-01", "放假", ""],
        ]
    )
    with pytest.raises(AttendanceError) as error:
        do_import(data)
    assert "第3行" in error.value.message and "第4行" in error.value.message
    assert not CalendarDay.objects.filter(date__year=2030).exists()


def test_import_refuses_other_file_types_and_mixed_years(org, frozen):
    frozen(at(MONDAY, 9, 0))
    with pytest.raises(AttendanceError, match="xlsx"):
        do_import(b"not excel", name="a.csv")
    with pytest.raises(AttendanceError, match="无法读取"):
        do_import(b"not excel")
    mixed = xlsx([["2030-01-01", "节假日", ""], ["2031-01-01", "节假日", ""]])
    with pytest.raises(AttendanceError, match="同一年"):
        do_import(mixed)


def test_load_from_package_for_a_known_and_an_unknown_year(org, frozen):
    frozen(at(MONDAY, 9, 0))
    stored, job = calendar_load_package(year=2025, acting_user=None)
    assert stored > 0
    assert job.key == "2025-01-01/2025-12-31" and job.status == Job.Status.QUEUED
    assert not is_working_day(dt.date(2025, 10, 1))
    with pytest.raises(AttendanceError, match="尚未收录"):
        calendar_load_package(year=2099, acting_user=None)


def test_import_view_shows_errors_and_is_personnel_only(org, frozen):
    frozen(at(MONDAY, 9, 0))
    url = reverse("attendance:calendar_import")
    bad = SimpleUploadedFile("2030.xlsx", xlsx([["x", "节假日", ""]]))
    response = login(org.personnel).post(url, {"file": bad}, follow=True)
    assert "第2行" in response.content.decode()
    assert login(org.chief).post(url, {}).status_code == 403
    assert login(org.personnel).get(url).status_code == 405


def schedule_values(**changes):
    values = {
        "name": "标准作息",
        "valid_from": MONDAY,
        "points": 4,
        "am_start": dt.time(9, 0),
        "am_end": dt.time(12, 0),
        "summer_pm_start": dt.time(14, 30),
        "summer_pm_end": dt.time(17, 30),
        "winter_pm_start": dt.time(14, 0),
        "winter_pm_end": dt.time(17, 0),
        "summer_start_month": 5,
        "summer_start_day": 1,
        "summer_end_month": 9,
        "summer_end_day": 30,
        "grace_minutes": 0,
    }
    return {**values, **changes}


def test_new_schedule_version_never_rewrites_past_days(org, frozen):
    friday = MONDAY - dt.timedelta(days=3)
    ClockRecord.objects.create(staff=org.staff, date=friday, point="am_in", at=at(friday, 8, 45))
    ClockRecord.objects.create(staff=org.staff, date=friday, point="am_out", at=at(friday, 12, 0))
    frozen(at(friday + dt.timedelta(days=1), 0, 30))
    day_close(day=friday, acting_user=None)
    frozen(at(MONDAY, 7, 0))
    with pytest.raises(AttendanceError, match="不能早于今天"):
        schedule_create(acting_user=None, **schedule_values(valid_from=friday))
    schedule_create(acting_user=None, **schedule_values())
    book = load_book()
    assert book.hours_for(org.staff.pk, org.section.pk, friday).am_start == dt.time(8, 30)
    assert book.hours_for(org.staff.pk, org.section.pk, MONDAY).am_start == dt.time(9, 0)
    assert AttendanceDay.objects.get(staff=org.staff, date=friday).am_status == DayStatus.LATE


def test_personal_assignment_overrides_the_section(org, frozen):
    frozen(at(MONDAY, 7, 0))
    schedule_create(acting_user=None, **schedule_values(name="早班", am_start=dt.time(8, 0)))
    schedule_create(acting_user=None, **schedule_values(name="晚班", am_start=dt.time(9, 30)))
    assignment_create(
        acting_user=None, schedule_name="早班", valid_from=MONDAY, section=org.section
    )
    assignment_create(acting_user=None, schedule_name="晚班", valid_from=MONDAY, staff=org.staff)
    book = load_book()
    assert book.hours_for(org.chief.pk, org.section.pk, MONDAY).am_start == dt.time(8, 0)
    assert book.hours_for(org.staff.pk, org.section.pk, MONDAY).am_start == dt.time(9, 30)
    with pytest.raises(AttendanceError, match="二选一"):
        assignment_create(acting_user=None, schedule_name="早班", valid_from=MONDAY)
    assert ScheduleAssignment.objects.count() == 2


def test_schedule_page_form_refuses_a_past_date(org, frozen):
    frozen(at(MONDAY, 7, 0))
    data = {
        k: (v.strftime("%H:%M") if isinstance(v, dt.time) else v)
        for k, v in schedule_values(valid_from="2020-01-01").items()
    }
    response = login(org.personnel).post(reverse("attendance:schedule_new"), data)
    assert response.status_code == 200 and "不能早于今天" in response.content.decode()
