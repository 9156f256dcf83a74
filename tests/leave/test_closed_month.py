"""考勤封帐 seen from leave: a closed month's leave, 销假 and overtime refuse every change, the
calendar recount leaves them alone, and the pre-close check counts what is still open."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance.closing import open_counts
from attendance.models import AttendanceDay, DayStatus, MakeUpRequest, OutingRequest
from attendance.services.calendar import calendar_day_set
from leave.models import LeaveRequest, OvertimeRequest
from leave.services import (
    LeaveError,
    OvertimeError,
    leave_report_back,
    overtime_record_actual,
    overtime_request_create,
    overtime_verify,
)
from office.approvals.models import ApprovalStatus
from office.approvals.services import ApprovalError, approval_cancel, approval_decide
from tests.attendance.conftest import at, close_month
from tests.conftest import login
from tests.factories import unit_with_roles

NOV_MON = dt.date(2026, 11, 23)
NOV_FRI = dt.date(2026, 11, 27)
NOV_30 = dt.date(2026, 11, 30)
DEC_1 = dt.date(2026, 12, 1)
DEC_WED = dt.date(2026, 12, 2)
MESSAGE = "2026年11月考勤已封帐，如需更正请提交更正申请。"


@pytest.fixture
def clock():
    """clock(datetime) moves the frozen clock there (the leave folder's ``frozen`` is fixed)."""
    import time_machine

    travellers = []

    def move(moment: dt.datetime) -> None:
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield move
    for traveller in reversed(travellers):
        traveller.stop()


def approve(leave, org):
    """Every step of the chain agrees (a chief, then a deputy and the director for longer)."""
    while leave.is_pending:
        approver = leave.approval_steps.get(is_current=True).approver
        leave = approval_decide(request_obj=leave, acting_user=approver.user, approve=True)
    return leave


def test_leave_in_a_closed_month_cannot_be_filed(org, clock, request_leave):
    clock(at(DEC_WED, 10, 0))
    close_month(org)
    with pytest.raises(LeaveError, match=MESSAGE):
        request_leave(org.staff, NOV_FRI)
    # A December leave reaching back over 30 November is refused at apply time too.
    with pytest.raises(LeaveError, match=MESSAGE):
        request_leave(org.staff, NOV_30, DEC_1)
    assert not LeaveRequest.objects.exists()
    assert request_leave(org.staff, DEC_WED).is_pending  # December is open


def test_leave_filed_before_the_close_cannot_be_approved_after_it(org, clock, request_leave):
    clock(at(NOV_MON, 10, 0))
    leave = request_leave(org.staff, NOV_FRI)
    clock(at(DEC_WED, 10, 0))
    close_month(org)
    with pytest.raises(ApprovalError, match=MESSAGE):
        approve(leave, org)
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.PENDING
    assert not AttendanceDay.objects.filter(staff=org.staff, am_status=DayStatus.LEAVE).exists()


def test_approved_leave_of_a_closed_month_cannot_be_cancelled(org, clock, request_leave):
    clock(at(NOV_MON, 10, 0))
    leave = approve(request_leave(org.staff, NOV_FRI), org)
    clock(at(DEC_WED, 10, 0))
    close_month(org)
    with pytest.raises(ApprovalError, match=MESSAGE):
        approval_cancel(request_obj=leave, acting_user=org.chief.user, comment="未休")
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.APPROVED


def test_report_back_into_a_closed_month_is_refused(org, clock, request_leave):
    clock(at(NOV_MON, 10, 0))
    leave = approve(request_leave(org.staff, dt.date(2026, 11, 25), NOV_FRI), org)
    clock(at(DEC_WED, 10, 0))
    close_month(org)
    for returned_on in (dt.date(2026, 11, 26), NOV_30):
        with pytest.raises(LeaveError, match=MESSAGE):
            leave_report_back(
                leave=leave, acting_user=org.staff.user, returned_on=returned_on, returned_half="am"
            )
    leave.refresh_from_db()
    assert not leave.is_reported


def test_report_back_on_the_open_part_of_a_leave_over_the_month_end_is_allowed(
    org, clock, request_leave
):
    clock(at(NOV_MON, 10, 0))
    leave = approve(request_leave(org.staff, NOV_FRI, dt.date(2026, 12, 4)), org)
    clock(at(DEC_WED, 17, 0))
    close_month(org)
    back = leave_report_back(
        leave=leave, acting_user=org.staff.user, returned_on=DEC_WED, returned_half="pm"
    )
    assert back.days_used == Decimal("3.5")  # 27 and 30 Nov, 1 Dec, the morning of the 2nd


def test_a_calendar_change_does_not_recount_a_leave_touching_a_closed_month(
    org, clock, request_leave, django_capture_on_commit_callbacks
):
    clock(at(NOV_MON, 10, 0))
    leave = approve(request_leave(org.staff, NOV_FRI, dt.date(2026, 12, 4)), org)
    clock(at(DEC_WED, 10, 0))
    close_month(org)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(day=dt.date(2026, 12, 3), kind="holiday", name="临时", acting_user=None)
    leave.refresh_from_db()
    assert leave.days == Decimal(6)


def overtime_on(org, day: dt.date) -> OvertimeRequest:
    overtime = overtime_request_create(
        acting_user=org.staff.user,
        date=day,
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
        reason="整理年度档案",
        people=[org.staff],
    )
    return approval_decide(request_obj=overtime, acting_user=org.chief.user, approve=True)


def test_overtime_of_a_closed_month_cannot_be_applied_recorded_or_verified(org, clock):
    clock(at(dt.date(2026, 11, 20), 10, 0))
    to_record = overtime_on(org, dt.date(2026, 11, 21))
    to_verify = overtime_on(org, dt.date(2026, 11, 22))
    clock(at(NOV_MON, 10, 0))
    to_verify = overtime_record_actual(
        overtime=to_verify, hours={org.staff.pk: Decimal(3)}, acting_user=org.chief.user
    )
    clock(at(DEC_WED, 10, 0))
    close_month(org)
    with pytest.raises(OvertimeError):
        overtime_request_create(
            acting_user=org.staff.user,
            date=NOV_FRI,
            start_time=dt.time(9, 0),
            end_time=dt.time(12, 0),
            reason="补报",
            people=[org.staff],
        )
    with pytest.raises(OvertimeError, match=MESSAGE):
        overtime_record_actual(
            overtime=to_record, hours={org.staff.pk: Decimal(3)}, acting_user=org.chief.user
        )
    with pytest.raises(OvertimeError, match=MESSAGE):
        overtime_verify(overtime=to_verify, acting_user=org.personnel.user)
    to_verify.refresh_from_db()
    assert to_verify.verified_at is None


def test_the_admin_opens_a_closed_months_leave_read_only(org, clock, request_leave):
    clock(at(NOV_MON, 10, 0))
    closed = request_leave(org.staff, NOV_FRI)
    clock(at(DEC_WED, 10, 0))
    close_month(org)
    open_one = request_leave(org.staff, DEC_WED)
    client = login(org.admin)
    page = client.get(reverse("admin:leave_leaverequest_change", args=[closed.pk]))
    assert b'name="reason"' not in page.content
    page = client.get(reverse("admin:leave_leaverequest_change", args=[open_one.pk]))
    assert b'name="reason"' in page.content


def test_open_counts_of_a_hand_built_month(org, clock, request_leave):
    """Each kind counted once, and nothing of December or of another unit."""
    other = unit_with_roles()
    clock(at(NOV_MON, 10, 0))
    request_leave(org.staff, NOV_FRI)  # pending leave in November: counted
    request_leave(org.chief, NOV_30, DEC_1)  # pending, over the month end: counted
    request_leave(org.other_staff, dt.date(2026, 12, 7))  # December: not counted
    request_leave(other.staff, NOV_FRI)  # another unit: not counted
    reported = approve(request_leave(org.staff, NOV_MON), org)
    approve(request_leave(org.staff, dt.date(2026, 11, 24)), org)  # not reported back: counted
    clock(at(dt.date(2026, 11, 24), 17, 0))
    leave_report_back(
        leave=reported,
        acting_user=org.staff.user,
        returned_on=dt.date(2026, 11, 24),
        returned_half="am",
    )
    pending_overtime = overtime_request_create(
        acting_user=org.staff.user,
        date=dt.date(2026, 11, 28),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
        reason="值班",
        people=[org.staff],
    )
    clock(at(NOV_MON + dt.timedelta(days=2), 10, 0))
    overtime_on(org, dt.date(2026, 11, 26))  # approved, not verified: counted
    MakeUpRequest.objects.create(
        applicant=org.staff, date=NOV_MON, point="am_in", claimed_time=dt.time(8, 20), reason="忘"
    )
    OutingRequest.objects.create(
        applicant=org.other_staff,
        destination="市委",
        reason="送文",
        start=at(NOV_FRI, 9, 0),
        expected_return=at(NOV_FRI, 10, 0),
    )
    AttendanceDay.objects.create(
        staff=org.other_staff,
        date=NOV_30,
        am_status=DayStatus.PENDING,
        pm_status=DayStatus.PENDING,
        computed_at=at(NOV_30, 12, 0),
    )
    clock(at(DEC_WED, 10, 0))
    assert pending_overtime.is_pending
    assert open_counts(org.section.unit_id, 2026, 11) == {
        "请假申请未审批": 2,
        "加班未审批或未核实": 2,
        "补卡申请未审批": 1,
        "外出报备未审批": 1,
        "请假未销假": 1,
        "考勤待认定（未到）人天": 1,
        "更正申请未审批": 0,
    }
    assert open_counts(other.unit.pk, 2026, 11)["请假申请未审批"] == 1
    assert sum(open_counts(org.section.unit_id, 2026, 10).values()) == 0
