"""考勤封帐: closing and reopening, and a closed month refusing every change to its days."""

import datetime as dt

import pytest
from django.urls import reverse

from attendance.closing import closed_refusal, month_close_state, open_counts
from attendance.errors import AttendanceError
from attendance.models import AttendanceDay, ClockRecord, DayStatus, MonthClose
from attendance.services.calendar import calendar_day_set
from attendance.services.closing import month_close, month_reopen
from attendance.services.requests import makeup_create, outing_create
from attendance.services.status import (
    day_close,
    day_status_refresh,
    day_status_refresh_everyone,
    pending_days_refresh,
)
from office.approvals.services import ApprovalError, approval_decide
from tests.attendance.conftest import at, close_month
from tests.conftest import login
from tests.factories import StaffFactory, UserFactory, unit_with_roles

NOV_THU = dt.date(2026, 11, 26)
NOV_FRI = dt.date(2026, 11, 27)
DEC_WED = dt.date(2026, 12, 2)
MESSAGE = "2026年11月考勤已封帐，如需更正请提交更正申请。"


def settle_november(org, frozen):
    """The staff member clocks in late on Thursday and not at all on Friday; the nights close."""
    frozen(at(NOV_THU, 8, 40))
    ClockRecord.objects.create(staff=org.staff, date=NOV_THU, point="am_in", at=at(NOV_THU, 8, 40))
    for day in (NOV_THU, NOV_FRI):
        frozen(at(day + dt.timedelta(days=1), 0, 30))
        day_close(day=day, acting_user=None)
    frozen(at(DEC_WED, 10, 0))


def stored(staff, day):
    row = AttendanceDay.objects.get(staff=staff, date=day)
    return row.am_status, row.pm_status, row.computed_at


# --- closing and reopening ---------------------------------------------------------------------


def test_closing_an_ended_month_records_who_and_when(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    close = close_month(org)
    assert close.closed_by == org.personnel.user
    assert close.in_force and close.closed_at is not None
    assert closed_refusal(org.staff.section_id, NOV_FRI) == MESSAGE
    assert closed_refusal(org.staff.section_id, DEC_WED) is None
    assert close.history.first().history_user == org.personnel.user


def test_the_current_month_cannot_be_closed_so_no_tap_lands_in_a_closed_month(org, frozen):
    frozen(at(dt.date(2026, 11, 30), 17, 0))
    with pytest.raises(AttendanceError, match="2026年11月尚未结束"):
        close_month(org)
    assert not MonthClose.objects.exists()


def test_closing_twice_is_refused(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    close_month(org)
    with pytest.raises(AttendanceError, match="已封帐，无需重复封帐"):
        close_month(org)


@pytest.mark.parametrize("who", ["staff", "chief", "director", "deputy", "inspector"])
def test_only_personnel_closes(org, frozen, who):
    frozen(at(DEC_WED, 10, 0))
    with pytest.raises(AttendanceError, match="只有本单位政工科可以封帐"):
        close_month(org, by=getattr(org, who))


def test_another_units_personnel_cannot_close_but_the_city_admin_can(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    other = unit_with_roles()
    with pytest.raises(AttendanceError, match="只有本单位政工科可以封帐"):
        close_month(org, by=other.personnel)
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert close_month(org, by=admin).closed_by == admin


def test_closing_with_open_items_needs_a_confirmation_and_keeps_the_list(org, frozen):
    frozen(at(NOV_FRI, 10, 0))
    makeup_create(
        acting_user=org.staff.user,
        date=NOV_THU,
        point="am_in",
        claimed_time=dt.time(8, 25),
        reason="门禁故障",
    )
    frozen(at(DEC_WED, 10, 0))
    with pytest.raises(AttendanceError, match="补卡申请未审批1项"):
        month_close(
            unit=org.section.unit,
            year=2026,
            month=11,
            confirm_open=False,
            acting_user=org.personnel.user,
        )
    assert not MonthClose.objects.exists()
    close = close_month(org)
    assert "补卡申请未审批1项" in close.open_items


def test_a_month_with_nothing_open_closes_without_confirmation(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    assert all(count == 0 for count in open_counts(org.section.unit_id, 2026, 11).values())
    month_close(
        unit=org.section.unit,
        year=2026,
        month=11,
        confirm_open=False,
        acting_user=org.personnel.user,
    )


def test_reopen_needs_personnel_of_the_unit_and_a_reason(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    close = close_month(org)
    with pytest.raises(AttendanceError, match="请填写重新开帐的理由"):
        month_reopen(close=close, reason="  ", acting_user=org.personnel.user)
    for person in (org.staff, org.chief, org.director, unit_with_roles().personnel):
        with pytest.raises(AttendanceError, match="只有本单位政工科可以重新开帐"):
            month_reopen(close=close, reason="更正录入错误", acting_user=person.user)
    admin = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(AttendanceError, match="只有本单位政工科可以重新开帐"):
        month_reopen(close=close, reason="更正录入错误", acting_user=admin)
    reopened = month_reopen(
        close=close, reason="病假证明补交，需重新认定", acting_user=org.personnel.user
    )
    assert reopened.reopened_by == org.personnel.user
    assert reopened.reopen_reason == "病假证明补交，需重新认定"
    assert closed_refusal(org.staff.section_id, NOV_FRI) is None
    with pytest.raises(AttendanceError, match="已重新开帐"):
        month_reopen(close=reopened, reason="再次", acting_user=org.personnel.user)


def test_closing_again_after_a_reopen_is_a_new_record(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    first = close_month(org)
    month_reopen(close=first, reason="补录病假", acting_user=org.personnel.user)
    second = close_month(org)
    assert second.pk != first.pk
    rows = MonthClose.objects.filter(unit=org.section.unit, year=2026, month=11)
    assert [(c.pk, c.in_force) for c in rows.order_by("pk")] == [
        (first.pk, False),
        (second.pk, True),
    ]


def test_a_reopened_month_accepts_changes_again(org, frozen):
    settle_november(org, frozen)
    close = close_month(org)
    with pytest.raises(AttendanceError, match=MESSAGE):
        makeup_create(
            acting_user=org.staff.user,
            date=NOV_FRI,
            point="am_in",
            claimed_time=dt.time(8, 20),
            reason="忘记打卡",
        )
    month_reopen(close=close, reason="补卡未及时提交", acting_user=org.personnel.user)
    request_obj = makeup_create(
        acting_user=org.staff.user,
        date=NOV_FRI,
        point="am_in",
        claimed_time=dt.time(8, 20),
        reason="忘记打卡",
    )
    assert stored(org.staff, NOV_FRI)[0] == DayStatus.ABSENT
    approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    # Clocked in by the 补卡, the morning's clock-out still missing: 缺卡 instead of 旷工.
    assert stored(org.staff, NOV_FRI)[0] == DayStatus.MISSING


def test_closing_one_unit_leaves_another_units_month_open(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    other = unit_with_roles()
    close_month(org)
    assert closed_refusal(other.section.pk, NOV_FRI) is None
    assert closed_refusal(org.other_section.pk, NOV_FRI) == MESSAGE  # every section of the unit


# --- 补卡 and 外出 in a closed month -----------------------------------------------------------


def test_makeup_for_a_day_of_a_closed_month_is_refused(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    with pytest.raises(AttendanceError, match=MESSAGE):
        makeup_create(
            acting_user=org.staff.user,
            date=NOV_FRI,
            point="am_in",
            claimed_time=dt.time(8, 20),
            reason="忘记打卡",
        )


def test_a_makeup_filed_before_the_close_cannot_be_approved_after_it(org, frozen):
    frozen(at(NOV_FRI, 10, 0))
    request_obj = makeup_create(
        acting_user=org.staff.user,
        date=NOV_THU,
        point="am_in",
        claimed_time=dt.time(8, 25),
        reason="门禁故障",
    )
    frozen(at(DEC_WED, 10, 0))
    close_month(org)
    with pytest.raises(ApprovalError, match=MESSAGE):
        approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)
    request_obj.refresh_from_db()
    assert request_obj.is_pending
    assert not ClockRecord.objects.filter(staff=org.staff, date=NOV_THU).exists()
    # The approver can still turn it down.
    approval_decide(
        request_obj=request_obj, acting_user=org.chief.user, approve=False, comment="已封帐"
    )


def test_an_outing_of_a_closed_month_cannot_be_approved_after_the_close(org, frozen):
    frozen(at(NOV_FRI, 9, 0))
    request_obj = outing_create(
        acting_user=org.staff.user,
        destination="市财政局",
        reason="送文件",
        start=at(NOV_FRI, 9, 30),
        expected_return=at(NOV_FRI, 11, 0),
    )
    frozen(at(DEC_WED, 10, 0))
    close_month(org)
    with pytest.raises(ApprovalError, match=MESSAGE):
        approval_decide(request_obj=request_obj, acting_user=org.chief.user, approve=True)


# --- the background writers leave a closed month untouched --------------------------------------


def test_the_night_close_leaves_a_closed_day_as_it_was(org, frozen):
    settle_november(org, frozen)
    before = stored(org.staff, NOV_FRI)
    close_month(org)
    StaffFactory(section=org.section)  # a newcomer would get a row if the day were written
    assert day_close(day=NOV_FRI, acting_user=None) == 0
    assert stored(org.staff, NOV_FRI) == before
    assert AttendanceDay.objects.filter(date=NOV_FRI).count() == 9


def test_the_minute_job_counts_no_tap_into_a_closed_month(org, frozen):
    settle_november(org, frozen)
    before = stored(org.staff, NOV_FRI)
    close_month(org)
    # A tap of Friday still waiting to be counted when the month was closed.
    ClockRecord.objects.create(
        staff=org.staff, date=NOV_FRI, point="am_in", at=at(NOV_FRI, 8, 29), status_pending=True
    )
    assert pending_days_refresh(acting_user=None) == 0
    assert stored(org.staff, NOV_FRI) == before
    assert not ClockRecord.objects.filter(status_pending=True).exists()


def test_a_refresh_over_both_months_writes_only_the_open_one(org, frozen):
    settle_november(org, frozen)
    before = stored(org.staff, NOV_FRI)
    close_month(org)
    written = day_status_refresh(
        staff_ids=[org.staff.pk], start=NOV_FRI, end=dt.date(2026, 12, 1), acting_user=None
    )
    assert written == 1  # 1 December only
    assert stored(org.staff, NOV_FRI) == before


def test_a_calendar_change_in_a_closed_month_recomputes_nothing_there(
    org, frozen, django_capture_on_commit_callbacks
):
    settle_november(org, frozen)
    before = {p.pk: stored(p, NOV_FRI) for p in (org.staff, org.chief)}
    close_month(org)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(day=NOV_FRI, kind="holiday", name="临时休假", acting_user=None)
    assert {p.pk: stored(p, NOV_FRI) for p in (org.staff, org.chief)} == before
    assert day_status_refresh_everyone(start=NOV_THU, end=NOV_FRI, acting_user=None) == 0


def test_a_closed_unit_does_not_stop_the_writer_for_another_unit(org, frozen):
    other = unit_with_roles()
    settle_november(org, frozen)
    close_month(org)
    assert AttendanceDay.objects.filter(staff=other.staff, date=NOV_FRI).exists()
    AttendanceDay.objects.filter(staff=other.staff, date=NOV_FRI).delete()
    assert day_close(day=NOV_FRI, acting_user=None) == 1
    assert AttendanceDay.objects.filter(staff=other.staff, date=NOV_FRI).exists()


# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_opens_a_closed_day_read_only_and_refuses_a_post(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    row = AttendanceDay.objects.get(staff=org.staff, date=NOV_FRI)
    client = login(org.admin)
    url = reverse("admin:attendance_attendanceday_change", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="am_status"' not in page.content  # shown, not editable
    response = client.post(
        url,
        {
            "staff": org.staff.pk,
            "date": "2026-11-27",
            "am_status": "normal",
            "pm_status": "normal",
            "late_minutes": 0,
            "early_minutes": 0,
            "computed_at_0": "2026-12-02",
            "computed_at_1": "10:00:00",
        },
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.am_status == DayStatus.ABSENT


def test_the_admin_still_edits_a_day_of_an_open_month(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    day_status_refresh(
        staff_ids=[org.staff.pk],
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 1),
        acting_user=None,
    )
    row = AttendanceDay.objects.get(staff=org.staff, date=dt.date(2026, 12, 1))
    page = login(org.admin).get(reverse("admin:attendance_attendanceday_change", args=[row.pk]))
    assert b'name="am_status"' in page.content


def test_the_admin_cannot_add_a_day_to_a_closed_month(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    close_month(org)
    response = login(org.admin).post(
        reverse("admin:attendance_attendanceday_add"),
        {
            "staff": org.other_staff.pk,
            "date": "2026-11-27",
            "am_status": "normal",
            "pm_status": "normal",
            "late_minutes": 0,
            "early_minutes": 0,
            "labels": "",
            "computed_at_0": "2026-12-02",
            "computed_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not AttendanceDay.objects.filter(staff=org.other_staff, date=NOV_FRI).exists()


def test_the_close_state_for_the_home_panel(org, frozen):
    frozen(at(NOV_FRI, 10, 0))
    makeup_create(
        acting_user=org.staff.user,
        date=NOV_THU,
        point="am_in",
        claimed_time=dt.time(8, 25),
        reason="门禁故障",
    )
    frozen(at(DEC_WED, 10, 0))
    state = month_close_state(org.section.unit_id, 2026, 11)
    assert state.close is None and state.open_total == 1
    close = close_month(org)
    assert month_close_state(org.section.unit_id, 2026, 11).close == close
