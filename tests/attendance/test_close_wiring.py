"""考勤封帐 with the reports and 绩效: a closed month's exports are one stored file, its 绩效 is
stored when it closes, dropped when it reopens, and stored again after a correction."""

import datetime as dt
import hashlib

import pytest

from attendance.models import AttendanceDay
from attendance.services.closing import LineInput, correction_create, month_reopen
from office.approvals.services import approval_decide
from office.archive import MonthArchive
from office.models import PerformanceMonth
from office.org import viewer_for
from office.reports import Params, export_build
from tests.attendance.conftest import at, close_month
from tests.conftest import login

NOVEMBER = Params(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
DAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def december(frozen):
    frozen(at(dt.date(2026, 12, 2), 10, 0))


def build(person, params=NOVEMBER):
    return export_build("attendance_month", viewer=viewer_for(person.user), params=params)


def test_an_open_months_export_is_not_stored(org, december):
    build(org.personnel)
    assert not MonthArchive.objects.exists()


def test_a_closed_months_export_is_stored_once_and_the_same_bytes_ever_after(org, december):
    close_month(org)
    name, first = build(org.personnel)
    AttendanceDay.objects.create(
        staff=org.staff,
        date=DAY,
        am_status="absent",
        pm_status="absent",
        computed_at=at(DAY, 23, 0),
    )  # a change behind the guard's back: the stored file does not follow it
    assert build(org.personnel) == (name, first)
    archive = MonthArchive.objects.get()
    assert archive.sha256 == hashlib.sha256(first).hexdigest()
    assert archive.kind == "attendance_month"


def test_the_page_serves_the_stored_file_too(org, december):
    close_month(org)
    data = {"report": "attendance_month", "month": "2026-11", "section": org.section.pk}
    first = login(org.chief).post("/exports/", data).content
    again = login(org.chief).post("/exports/", data).content
    assert first == again and MonthArchive.objects.count() == 1


def test_a_part_of_a_month_is_built_every_time(org, december):
    close_month(org)
    build(org.personnel, Params(dt.date(2026, 11, 1), dt.date(2026, 11, 15)))
    assert not MonthArchive.objects.exists()


def test_only_what_the_close_freezes_is_stored(org, december):
    """Findings, trips, 督办 and study move on after 考勤封帐: their ledgers are built anew."""
    from office.reports import REPORTS

    close_month(org)
    for slug in ("leave_ledger", "overtime_ledger", "finding_ledger", "vehicle_month"):
        export_build(slug, viewer=viewer_for(org.personnel.user), params=NOVEMBER)
    assert set(MonthArchive.objects.values_list("kind", flat=True)) == {
        "leave_ledger",
        "overtime_ledger",
    }
    frozen = {slug for slug, report in REPORTS.items() if report.frozen_by_close}
    assert frozen == {"attendance_month", "leave_ledger", "overtime_ledger", "performance_month"}


def test_closing_stores_the_months_performance_and_reopening_drops_it(org, december):
    close = close_month(org)
    frozen_month = PerformanceMonth.objects.get()
    assert frozen_month.unit_id == org.section.unit_id
    assert frozen_month.month == dt.date(2026, 11, 1)
    month_reopen(close=close, reason="补录病假", acting_user=org.personnel.user)
    assert not PerformanceMonth.objects.exists()


def test_an_approved_correction_supersedes_the_stored_export_and_restores_performance(
    org, december
):
    AttendanceDay.objects.create(
        staff=org.staff,
        date=DAY,
        am_status="absent",
        pm_status="absent",
        computed_at=at(DAY, 23, 0),
    )
    close_month(org)
    _, before = build(org.personnel)
    absent = PerformanceMonth.objects.get().lines.filter(staff=org.staff, kind="absent_half_day")
    assert absent.count() == 1 and absent.get().quantity == 2
    correction = correction_create(
        staff=org.staff,
        reason="当天在市档案馆查档，漏报外出",
        lines=[LineInput(DAY, "day", "normal")],
        acting_user=org.staff.user,
    )
    approver = correction.approval_steps.get().approver
    approval_decide(request_obj=correction, acting_user=approver.user, approve=True)
    assert MonthArchive.objects.filter(superseded_at__isnull=False).count() == 1
    assert not PerformanceMonth.objects.get().lines.filter(staff=org.staff, kind="absent_half_day")
    _, after = build(org.personnel)
    assert after != before and MonthArchive.objects.filter(superseded_at=None).count() == 1
