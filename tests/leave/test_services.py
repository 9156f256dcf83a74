"""Leave requests, balances, 销假 and the overdue job (services called directly)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from attendance.models import AttendanceDay
from leave.covers import leave_covers
from leave.models import BalanceAdjustment, LeaveBalance
from leave.selectors import overdue_report_backs
from leave.services import (
    BalanceError,
    LeaveError,
    balance_adjust,
    balance_get,
    leave_flag_overdue,
    leave_report_back,
)
from office.approvals.models import ApprovalStatus
from office.approvals.services import approval_cancel, approval_decide, approval_withdraw
from office.models import Notification
from tests.images import tiny_image

D = dt.date
PNG = tiny_image("PNG")
PDF = b"%PDF-1.7\n" + b"0" * 64

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def approve(leave, *people):
    for person in people:
        leave = approval_decide(request_obj=leave, acting_user=person.user, approve=True)
    return leave


# --- refusals ------------------------------------------------------------------------------


def test_end_before_start_is_refused(org, request_leave):
    with pytest.raises(LeaveError, match="结束时间不能早于开始时间"):
        request_leave(org.staff, D(2026, 11, 5), D(2026, 11, 4))


def test_same_day_afternoon_to_morning_is_refused(org, request_leave):
    with pytest.raises(LeaveError, match="结束时间不能早于开始时间"):
        request_leave(org.staff, D(2026, 11, 5), start_half="pm", end_half="am")


def test_leave_over_a_holiday_only_is_refused(org, request_leave):
    with pytest.raises(LeaveError, match="所选时间内没有工作日"):
        request_leave(org.staff, D(2026, 10, 1), D(2026, 10, 7))


def test_across_a_holiday_counts_working_days(org, request_leave):
    leave = request_leave(org.staff, D(2026, 9, 30), D(2026, 10, 8))
    assert leave.days == Decimal(2)


def test_a_reason_is_required(org, request_leave):
    with pytest.raises(LeaveError, match="请填写请假事由"):
        request_leave(org.staff, D(2026, 11, 3), reason=" ")


@pytest.mark.parametrize("status_after", ["pending", "approved"])
def test_overlap_with_a_live_request_is_refused(org, request_leave, status_after):
    first = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4), end_half="am")
    if status_after == "approved":
        approve(first, org.chief, org.deputy)
    with pytest.raises(LeaveError, match="时间重叠"):
        request_leave(org.staff, D(2026, 11, 4), start_half="am", end_half="am")


def test_back_to_back_halves_do_not_overlap(org, request_leave):
    request_leave(org.staff, D(2026, 11, 3), end_half="am")
    second = request_leave(org.staff, D(2026, 11, 3), start_half="pm")
    assert second.days == Decimal("0.5")


def test_withdrawn_request_no_longer_blocks(org, request_leave):
    first = request_leave(org.staff, D(2026, 11, 3))
    approval_withdraw(request_obj=first, acting_user=org.staff.user)
    assert request_leave(org.staff, D(2026, 11, 3)).is_pending


def test_someone_elses_leave_does_not_overlap(org, request_leave):
    request_leave(org.other_staff, D(2026, 11, 3))
    assert request_leave(org.staff, D(2026, 11, 3)).is_pending


def test_marriage_leave_over_its_maximum_is_refused(org, request_leave):
    with pytest.raises(LeaveError, match="婚假最多3天"):
        request_leave(org.staff, D(2026, 11, 2), D(2026, 11, 5), code="marriage")


def test_marriage_leave_in_halves_is_refused(org, request_leave):
    with pytest.raises(LeaveError, match="须按整天请"):
        request_leave(org.staff, D(2026, 11, 3), end_half="am", code="marriage")


# --- certificates ---------------------------------------------------------------------------


def upload(content: bytes, name: str = "证明.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_sick_leave_over_two_days_needs_a_certificate(org, request_leave):
    with pytest.raises(LeaveError, match="病假超过2天须上传医院证明"):
        request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 5), code="sick")


def test_sick_leave_of_two_days_needs_no_certificate(org, request_leave):
    assert request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4), code="sick").days == 2


def test_certificate_is_stored_under_leave_named_by_content(org, request_leave, tmp_path):
    leave = request_leave(
        org.staff, D(2026, 11, 3), D(2026, 11, 5), code="sick", attachment=upload(PDF, "病历.png")
    )
    assert leave.attachment.name.startswith("leave/") and leave.attachment.name.endswith(".pdf")
    assert (tmp_path / leave.attachment.name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not a picture", "只能是PDF或图片"),
        (b"<html><script>", "只能是PDF或图片"),
        (b"RIFF\x00\x00\x00\x00WAVE", "只能是PDF或图片"),
        (PNG + b"0" * (5 * 1024 * 1024), "不能超过5MB"),
    ],
)
def test_bad_attachments_are_refused(org, request_leave, content, message):
    with pytest.raises(LeaveError, match=message):
        request_leave(
            org.staff, D(2026, 11, 3), D(2026, 11, 5), code="sick", attachment=upload(content)
        )
    assert not org.staff.leave_balances.exists()


def test_attachment_of_exactly_five_megabytes_is_accepted(org, request_leave):
    content = PNG + b"0" * (5 * 1024 * 1024 - len(PNG))
    leave = request_leave(org.staff, D(2026, 11, 3), code="sick", attachment=upload(content))
    assert leave.attachment.name.endswith(".png")


# --- balances -------------------------------------------------------------------------------


def test_annual_leave_over_the_balance_is_refused(org, request_leave):
    # 参加工作 2015-07-01: 10 full years by 2026-01-01 → 10 days.
    with pytest.raises(LeaveError, match="年休假余额不足"):
        request_leave(org.staff, D(2026, 11, 2), D(2026, 11, 16), code="annual")


def test_pending_requests_count_against_the_balance(org, request_leave):
    request_leave(org.staff, D(2026, 11, 2), D(2026, 11, 9), code="annual")  # 6 days
    with pytest.raises(LeaveError, match="可用4天"):
        request_leave(org.staff, D(2026, 11, 16), D(2026, 11, 20), code="annual")  # 5 days


def test_approval_consumes_and_cancellation_gives_back(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3), code="annual")
    approve(leave, org.chief)
    balance = balance_get(staff=org.staff, leave_type=leave.leave_type, year=2026)
    assert (balance.base, balance.used, balance.remaining) == (10, 1, 9)
    approval_cancel(request_obj=leave, acting_user=org.chief.user, comment="任务调整")
    balance.refresh_from_db()
    assert balance.used == 0


def test_approval_is_refused_when_the_balance_shrank(org, request_leave, types):
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4), code="annual")
    balance_adjust(
        staff=org.staff,
        leave_type=types["annual"],
        year=2026,
        days=Decimal(-9),
        reason="核减",
        acting_user=org.personnel.user,
    )
    approve(leave, org.chief)
    with pytest.raises(BalanceError, match="余额不足"):
        approve(leave, org.deputy)
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.PENDING
    assert balance_get(staff=org.staff, leave_type=types["annual"], year=2026).used == 0


def test_comp_time_without_overtime_is_refused(org, request_leave):
    with pytest.raises(LeaveError, match="调休余额不足"):
        request_leave(org.staff, D(2026, 11, 3), code="comp_time")


def test_adjustment_is_logged_with_reason(org, types):
    adjustment = balance_adjust(
        staff=org.staff,
        leave_type=types["annual"],
        year=2026,
        days=Decimal("1.5"),
        reason="表彰奖励",
        acting_user=org.personnel.user,
    )
    assert (adjustment.created_by, adjustment.reason, adjustment.source) == (
        org.personnel,
        "表彰奖励",
        "manual",
    )
    assert adjustment.balance.entitled == Decimal("11.5")


@pytest.mark.parametrize(
    ("days", "reason", "message"),
    [("1", "", "须填写理由"), ("0", "x", "不能为0"), ("-11", "x", "少于已用")],
)
def test_bad_adjustments_are_refused(org, types, request_leave, days, reason, message):
    approve(request_leave(org.staff, D(2026, 11, 3), code="annual"), org.chief)
    with pytest.raises(BalanceError, match=message):
        balance_adjust(
            staff=org.staff,
            leave_type=types["annual"],
            year=2026,
            days=Decimal(days),
            reason=reason,
            acting_user=org.personnel.user,
        )
    assert not BalanceAdjustment.objects.exists()


def test_the_database_refuses_an_overdrawn_balance(org, types):
    balance = balance_get(staff=org.staff, leave_type=types["annual"], year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        LeaveBalance.objects.filter(pk=balance.pk).update(used=Decimal(11))


# --- 销假 -----------------------------------------------------------------------------------


def test_report_back_on_time(org, request_leave, frozen):
    leave = approve(
        request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4), code="annual"),
        org.chief,
        org.deputy,
    )
    frozen.move_to(dt.datetime(2026, 11, 5, 8, 40, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    leave = leave_report_back(
        leave=leave, acting_user=org.staff.user, returned_on=D(2026, 11, 5), returned_half="am"
    )
    assert (leave.days_used, leave.is_reported) == (Decimal(2), True)
    assert balance_get(staff=org.staff, leave_type=leave.leave_type, year=2026).used == 2


def test_early_return_gives_days_back(org, request_leave, frozen):
    leave = approve(
        request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 6), code="annual"),
        org.chief,
        org.deputy,
        org.director,
    )
    frozen.move_to(dt.datetime(2026, 11, 4, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    leave = leave_report_back(
        leave=leave, acting_user=org.staff.user, returned_on=D(2026, 11, 4), returned_half="pm"
    )
    assert leave.days_used == Decimal("1.5")
    assert balance_get(staff=org.staff, leave_type=leave.leave_type, year=2026).used == Decimal(
        "1.5"
    )
    covered = {
        (c.date, c.half) for c in leave_covers([org.staff.pk], D(2026, 11, 1), D(2026, 11, 30))
    }
    assert covered == {(D(2026, 11, 3), "am"), (D(2026, 11, 3), "pm"), (D(2026, 11, 4), "am")}
    # The freed days can be asked for again.
    assert request_leave(org.staff, D(2026, 11, 5)).is_pending


@pytest.mark.parametrize(
    ("who", "returned_on", "message"),
    [
        ("chief", D(2026, 11, 2), "只有请假人本人"),
        ("staff", D(2026, 11, 3), "不能晚于今天"),
        ("staff", D(2026, 10, 30), "早于请假开始"),
    ],
)
def test_bad_report_backs_are_refused(org, request_leave, who, returned_on, message):
    leave = approve(request_leave(org.staff, D(2026, 11, 2), code="annual"), org.chief)
    with pytest.raises(LeaveError, match=message):
        leave_report_back(
            leave=leave,
            acting_user=getattr(org, who).user,
            returned_on=returned_on,
            returned_half="am",
        )


def test_report_back_before_the_leave_starts_is_refused(org, request_leave):
    leave = approve(request_leave(org.staff, D(2026, 11, 3)), org.chief)
    with pytest.raises(LeaveError, match="假期尚未开始"):
        leave_report_back(
            leave=leave, acting_user=org.staff.user, returned_on=D(2026, 11, 2), returned_half="am"
        )


def test_report_back_twice_or_unapproved_is_refused(org, request_leave):
    pending = request_leave(org.staff, D(2026, 11, 2), end_half="am")
    with pytest.raises(LeaveError, match="审批中，无需销假"):
        leave_report_back(
            leave=pending,
            acting_user=org.staff.user,
            returned_on=D(2026, 11, 2),
            returned_half="pm",
        )
    leave = approve(pending, org.chief)
    leave_report_back(
        leave=leave, acting_user=org.staff.user, returned_on=D(2026, 11, 2), returned_half="pm"
    )
    with pytest.raises(LeaveError, match="已经销假"):
        leave_report_back(
            leave=leave, acting_user=org.staff.user, returned_on=D(2026, 11, 2), returned_half="pm"
        )


# --- overdue 销假 ----------------------------------------------------------------------------


def past_leave(org, request_leave, person, start, end):
    return approve(
        request_leave(person, start, end),
        *([org.chief] if person == org.staff else [org.deputy, org.director]),
    )


def test_leave_not_reported_back_is_flagged_once_and_the_chief_told(
    org, request_leave, django_capture_on_commit_callbacks
):
    # Ended Thursday 29 October; the deadline was Friday 30 October; today is Monday 2 November.
    leave = past_leave(org, request_leave, org.staff, D(2026, 10, 29), D(2026, 10, 29))
    with django_capture_on_commit_callbacks(execute=True):
        assert leave_flag_overdue(today=D(2026, 11, 2), acting_user=None) == [leave]
    assert leave_flag_overdue(today=D(2026, 11, 3), acting_user=None) == []
    assert (
        Notification.objects.filter(recipient=org.chief.user, title="逾期未销假：刘职员").count()
        == 1
    )
    assert Notification.objects.filter(
        recipient=org.staff.user, title="逾期未销假：刘职员"
    ).exists()
    assert overdue_report_backs(start=D(2026, 10, 26), end=D(2026, 11, 1)) == [leave]
    assert overdue_report_backs(start=D(2026, 11, 2), end=D(2026, 11, 8)) == []


def test_leave_within_its_deadline_is_not_flagged(org, request_leave):
    # Ended Friday 30 October: the deadline is Monday 2 November, today.
    past_leave(org, request_leave, org.staff, D(2026, 10, 30), D(2026, 10, 30))
    assert leave_flag_overdue(today=D(2026, 11, 2), acting_user=None) == []


def test_reported_leave_is_not_flagged(org, request_leave):
    leave = past_leave(org, request_leave, org.staff, D(2026, 10, 28), D(2026, 10, 28))
    leave_report_back(
        leave=leave, acting_user=org.staff.user, returned_on=D(2026, 10, 29), returned_half="am"
    )
    assert leave_flag_overdue(today=D(2026, 11, 2), acting_user=None) == []


def test_chiefs_overdue_leave_goes_to_the_deputy(
    org, request_leave, django_capture_on_commit_callbacks
):
    past_leave(org, request_leave, org.chief, D(2026, 10, 28), D(2026, 10, 28))
    with django_capture_on_commit_callbacks(execute=True):
        leave_flag_overdue(today=D(2026, 11, 2), acting_user=None)
    assert Notification.objects.filter(
        recipient=org.deputy.user, title="逾期未销假：张科长"
    ).exists()


def test_overdue_job_query_count_does_not_grow(org, request_leave, django_assert_num_queries):
    for day in (26, 27, 28):
        past_leave(org, request_leave, org.staff, D(2026, 10, day), D(2026, 10, day))
    # candidates, savepoint + release around the writes, then per flagged request: its
    # update and its history row (settings and calendar are cached by the leaves above).
    with django_assert_num_queries(1 + 2 + 2 * 3):
        assert len(leave_flag_overdue(today=D(2026, 11, 2), acting_user=None)) == 3


# --- attendance -----------------------------------------------------------------------------


def test_approved_leave_today_shows_leave_in_attendance(org, request_leave):
    leave = approve(request_leave(org.staff, D(2026, 11, 2), end_half="am"), org.chief)
    day = AttendanceDay.objects.get(staff=org.staff, date=D(2026, 11, 2))
    assert day.am_status == "leave"
    approval_cancel(request_obj=leave, acting_user=org.chief.user, comment="任务调整")
    day.refresh_from_db()
    assert day.am_status != "leave"


def test_covers_take_two_queries_and_skip_rest_days(org, request_leave, django_assert_num_queries):
    approve(
        request_leave(org.staff, D(2026, 11, 6), D(2026, 11, 9), end_half="am"),
        org.chief,
        org.deputy,
    )
    with django_assert_num_queries(1):  # leave rows (the calendar is cached by now)
        covers = list(leave_covers(None, D(2026, 11, 1), D(2026, 11, 30)))
    assert [(c.date, c.half, c.label) for c in covers] == [
        (D(2026, 11, 6), "am", "事假"),
        (D(2026, 11, 6), "pm", "事假"),
        (D(2026, 11, 9), "am", "事假"),
    ]


def test_the_same_adjustment_twice_in_a_minute_is_a_double_click(org, types, frozen):
    details = {
        "staff": org.staff,
        "leave_type": types["annual"],
        "year": 2026,
        "days": Decimal(2),
        "reason": "表彰奖励",
        "acting_user": org.personnel.user,
    }
    balance_adjust(**details)
    with pytest.raises(BalanceError, match="请勿重复提交"):
        balance_adjust(**details)
    frozen.shift(dt.timedelta(minutes=2))
    balance_adjust(**details)
    assert BalanceAdjustment.objects.filter(reason="表彰奖励").count() == 2
