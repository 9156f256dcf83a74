"""更正申请: the one way to change a closed month's person-days, through 政工科's approval."""

import datetime as dt

import pytest

from attendance.errors import AttendanceError
from attendance.models import AttendanceDay, CorrectionRequest, DayStatus
from attendance.services.closing import LineInput, correction_create, month_reopen
from office import roles
from office.approvals.services import ApprovalError, approval_decide
from office.services import role_grant
from tests.attendance.conftest import at, close_month
from tests.attendance.test_month_close import DEC_WED, NOV_FRI, NOV_THU, settle_november
from tests.factories import StaffFactory, unit_with_roles


def file(org, by=None, staff=None, lines=None, reason="外出办公漏报，有书面证明"):
    return correction_create(
        staff=staff or org.staff,
        reason=reason,
        lines=[LineInput(NOV_FRI, "am", DayStatus.TRIP)] if lines is None else lines,
        acting_user=(by or org.staff).user,
    )


@pytest.fixture
def closed(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    return org


def snapshot(staff):
    return {
        row.date: (row.am_status, row.pm_status, row.labels)
        for row in AttendanceDay.objects.filter(staff=staff)
    }


def test_approved_correction_changes_only_the_named_half_days(closed):
    org = closed
    others = {p.pk: snapshot(p) for p in (org.chief, org.other_staff)}
    before = snapshot(org.staff)
    request_obj = file(org)
    assert [s.approver for s in request_obj.approval_steps.all()] == [org.personnel]
    approval_decide(request_obj=request_obj, acting_user=org.personnel.user, approve=True)
    after = snapshot(org.staff)
    assert after[NOV_FRI][:2] == (DayStatus.TRIP, before[NOV_FRI][1])  # the afternoon as it was
    assert "更正申请" in after[NOV_FRI][2]
    assert after[NOV_THU] == before[NOV_THU]
    assert {p.pk: snapshot(p) for p in (org.chief, org.other_staff)} == others
    request_obj.refresh_from_db()
    assert request_obj.applied_at is not None
    assert request_obj.lines.get().before == "旷工/旷工"


def test_the_correction_is_in_the_days_history_under_the_approver(closed):
    org = closed
    request_obj = file(org)
    approval_decide(request_obj=request_obj, acting_user=org.personnel.user, approve=True)
    row = AttendanceDay.objects.get(staff=org.staff, date=NOV_FRI)
    latest = row.history.first()
    assert latest.history_user == org.personnel.user
    assert latest.am_status == DayStatus.TRIP
    assert latest.prev_record.am_status == DayStatus.ABSENT


def test_a_whole_day_and_several_days_in_one_request(closed):
    org = closed
    request_obj = file(
        org,
        lines=[
            LineInput(NOV_FRI, "day", DayStatus.LEAVE),
            LineInput(NOV_THU, "pm", DayStatus.OUTING),
        ],
    )
    approval_decide(request_obj=request_obj, acting_user=org.personnel.user, approve=True)
    after = snapshot(org.staff)
    assert after[NOV_FRI][:2] == (DayStatus.LEAVE, DayStatus.LEAVE)
    assert after[NOV_THU][1] == DayStatus.OUTING


def test_a_rejected_correction_changes_nothing(closed):
    org = closed
    before = snapshot(org.staff)
    request_obj = file(org)
    approval_decide(
        request_obj=request_obj, acting_user=org.personnel.user, approve=False, comment="证明不足"
    )
    assert snapshot(org.staff) == before


def test_the_corrected_day_stays_as_corrected_when_the_night_close_runs_again(closed, frozen):
    from attendance.services.status import day_close

    org = closed
    approval_decide(request_obj=file(org), acting_user=org.personnel.user, approve=True)
    day_close(day=NOV_FRI, acting_user=None)
    assert snapshot(org.staff)[NOV_FRI][0] == DayStatus.TRIP


def test_a_chief_files_for_their_section_and_personnel_for_the_unit(closed):
    org = closed
    assert file(org, by=org.chief).applicant == org.chief
    assert file(org, by=org.personnel, staff=org.other_staff).staff == org.other_staff


def test_nobody_else_files_for_a_person(closed):
    org = closed
    for person in (org.other_staff, org.other_chief, org.inspector, unit_with_roles().personnel):
        with pytest.raises(AttendanceError, match="只能为本人"):
            file(org, by=person)
    assert not CorrectionRequest.objects.exists()


def test_personnel_cannot_approve_their_own_correction(closed):
    org = closed
    second = StaffFactory(section=org.personnel_section, name="钱政工")
    role_grant(staff=second, role=roles.PERSONNEL, acting_user=None)
    request_obj = file(org, by=org.personnel, staff=org.personnel)
    # The chain skips the applicant: another member of 政工科 decides.
    assert [s.approver for s in request_obj.approval_steps.all()] == [second]
    with pytest.raises(ApprovalError, match="不能审批自己的申请"):
        approval_decide(request_obj=request_obj, acting_user=org.personnel.user, approve=True)


def test_a_sole_personnels_correction_goes_to_the_director(closed):
    org = closed
    request_obj = file(org, by=org.personnel, staff=org.other_staff)
    assert [s.approver for s in request_obj.approval_steps.all()] == [org.director]
    approval_decide(request_obj=request_obj, acting_user=org.director.user, approve=True)
    assert snapshot(org.other_staff)[NOV_FRI][0] == DayStatus.TRIP


def test_the_directors_own_correction_with_no_one_else_to_approve_is_refused(closed):
    org = closed
    org.personnel.user.groups.clear()
    with pytest.raises(AttendanceError, match="均无其他人员可以审批"):
        file(org, by=org.director, staff=org.director)


def test_other_units_personnel_and_the_chief_cannot_approve(closed):
    org = closed
    request_obj = file(org)
    for person in (unit_with_roles().personnel, org.chief, org.director):
        with pytest.raises(ApprovalError, match="当前不是由您审批"):
            approval_decide(request_obj=request_obj, acting_user=person.user, approve=True)


def test_a_day_of_an_open_month_is_not_a_correction(closed):
    org = closed
    with pytest.raises(AttendanceError, match="2026年12月尚未封帐"):
        file(org, lines=[LineInput(dt.date(2026, 12, 1), "am", DayStatus.NORMAL)])


def test_lines_are_checked(closed):
    org = closed
    with pytest.raises(AttendanceError, match="请至少填写一个"):
        file(org, lines=[])
    with pytest.raises(AttendanceError, match="重复填写"):
        file(
            org,
            lines=[
                LineInput(NOV_FRI, "day", DayStatus.NORMAL),
                LineInput(NOV_FRI, "am", DayStatus.NORMAL),
            ],
        )
    with pytest.raises(AttendanceError, match="请选择要更正为的考勤状态"):
        file(org, lines=[LineInput(NOV_FRI, "am", DayStatus.PENDING)])
    with pytest.raises(AttendanceError, match="请填写更正理由"):
        file(org, reason=" ")
    with pytest.raises(AttendanceError, match="没有已结算的考勤，请按全天更正"):
        file(org, lines=[LineInput(dt.date(2026, 11, 2), "am", DayStatus.NORMAL)])
    assert not CorrectionRequest.objects.exists()


def test_a_correction_approved_after_a_reopen_still_applies_just_its_days(closed, frozen):
    org = closed
    request_obj = file(org)
    close = org.section.unit.month_closes.get()
    month_reopen(close=close, reason="集中更正", acting_user=org.personnel.user)
    frozen(at(DEC_WED, 11, 0))
    approval_decide(request_obj=request_obj, acting_user=org.personnel.user, approve=True)
    assert snapshot(org.staff)[NOV_FRI][0] == DayStatus.TRIP
