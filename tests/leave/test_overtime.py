"""加班: apply in advance, chief approves, actual hours recorded, 政工科 verifies → 调休/绩效."""

import datetime as dt
from decimal import Decimal

import pytest

from leave.models import BalanceAdjustment, Conversion, OvertimeRequest
from leave.services import (
    OvertimeError,
    balance_get,
    overtime_record_actual,
    overtime_request_create,
    overtime_verify,
)
from office import config
from office.approvals.selectors import trail
from office.approvals.services import approval_decide
from office.models import Notification

D = dt.date
T = dt.time
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

pytestmark = pytest.mark.usefixtures("frozen")


def apply(org, person=None, **overrides) -> OvertimeRequest:
    values = {
        "acting_user": (person or org.chief).user,
        "date": D(2026, 11, 7),
        "start_time": T(9, 0),
        "end_time": T(13, 0),
        "reason": "准备全市工作会议材料",
        "people": [org.staff, org.chief],
    }
    return overtime_request_create(**(values | overrides))


def approved(org) -> OvertimeRequest:
    overtime = apply(org, org.staff)
    return approval_decide(request_obj=overtime, acting_user=org.chief.user, approve=True)


def recorded(org, frozen, hours=("3.5", "4")) -> OvertimeRequest:
    overtime = approved(org)
    frozen.move_to(dt.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI))
    return overtime_record_actual(
        overtime=overtime,
        hours={org.staff.pk: Decimal(hours[0]), org.chief.pk: Decimal(hours[1])},
        acting_user=org.chief.user,
    )


def test_planned_hours_per_person_and_chain(org):
    overtime = apply(org, org.staff)
    assert sorted(e.planned_hours for e in overtime.entries.all()) == [Decimal(4), Decimal(4)]
    assert [s.approver for s in trail(overtime)] == [org.chief]


def test_chiefs_own_overtime_goes_to_the_deputy(org):
    assert [s.approver for s in trail(apply(org))] == [org.deputy]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": D(2026, 11, 1)}, "须事先申请"),
        ({"end_time": T(9, 0)}, "结束时间须晚于开始时间"),
        ({"people": []}, "至少选择一名"),
        ({"reason": ""}, "请填写加班事由"),
    ],
)
def test_bad_overtime_requests_are_refused(org, overrides, message):
    with pytest.raises(OvertimeError, match=message):
        apply(org, **overrides)
    assert not OvertimeRequest.objects.exists()


def test_people_of_another_section_are_refused(org):
    with pytest.raises(OvertimeError, match="本科室"):
        apply(org, people=[org.other_staff])


def test_hours_cannot_be_recorded_before_the_date(org):
    overtime = approved(org)
    with pytest.raises(OvertimeError, match="之后才能登记"):
        overtime_record_actual(
            overtime=overtime,
            hours={org.staff.pk: Decimal(4), org.chief.pk: Decimal(4)},
            acting_user=org.chief.user,
        )


def test_hours_cannot_be_recorded_before_approval(org, frozen):
    overtime = apply(org, org.staff)
    frozen.move_to(dt.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI))
    with pytest.raises(OvertimeError, match="审批中"):
        overtime_record_actual(
            overtime=overtime,
            hours={org.staff.pk: Decimal(4), org.chief.pk: Decimal(4)},
            acting_user=org.chief.user,
        )


def test_hours_must_be_given_for_everyone_by_applicant_or_chief(org, frozen):
    overtime = approved(org)
    frozen.move_to(dt.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI))
    with pytest.raises(OvertimeError, match="每位加班人员"):
        overtime_record_actual(
            overtime=overtime, hours={org.staff.pk: Decimal(4)}, acting_user=org.chief.user
        )
    with pytest.raises(OvertimeError, match="只有申请人或本科室科长"):
        overtime_record_actual(
            overtime=overtime,
            hours={org.staff.pk: Decimal(4), org.chief.pk: Decimal(4)},
            acting_user=org.other_chief.user,
        )


def test_verified_hours_become_comp_time(org, frozen, types, django_capture_on_commit_callbacks):
    overtime = recorded(org, frozen)
    with django_capture_on_commit_callbacks(execute=True):
        overtime = overtime_verify(overtime=overtime, acting_user=org.personnel.user)
    assert overtime.conversion == Conversion.COMP_TIME
    staff_balance = balance_get(staff=org.staff, leave_type=types["comp_time"], year=2026)
    assert staff_balance.entitled == Decimal("0.4375")  # 3.5 h / 8 h
    assert balance_get(
        staff=org.chief, leave_type=types["comp_time"], year=2026
    ).entitled == Decimal("0.5")
    adjustment = BalanceAdjustment.objects.get(balance=staff_balance)
    assert (adjustment.source, adjustment.overtime, adjustment.created_by) == (
        "overtime",
        overtime,
        org.personnel,
    )
    assert Notification.objects.filter(
        recipient=org.staff.user, title__startswith="加班已核实"
    ).exists()


def test_hours_per_day_is_a_setting(org, frozen, types):
    config.setting_set(key="overtime_hours_per_day", value=7, acting_user=None)
    # 7 hours recorded on a 4-hour application: within a wider margin.
    config.setting_set(key="overtime_record_margin_hours", value=4, acting_user=None)
    overtime_verify(overtime=recorded(org, frozen, ("7", "0")), acting_user=org.personnel.user)
    assert balance_get(staff=org.staff, leave_type=types["comp_time"], year=2026).entitled == 1
    assert balance_get(staff=org.chief, leave_type=types["comp_time"], year=2026).entitled == 0


def test_verified_hours_become_performance_credit(org, frozen):
    config.setting_set(key="overtime_conversion", value="performance", acting_user=None)
    overtime = overtime_verify(overtime=recorded(org, frozen), acting_user=org.personnel.user)
    assert overtime.conversion == Conversion.PERFORMANCE
    assert sorted(e.verified_hours for e in overtime.entries.all()) == [Decimal("3.5"), Decimal(4)]
    assert not BalanceAdjustment.objects.exists()


def test_only_personnel_verify_and_only_once(org, frozen):
    overtime = recorded(org, frozen)
    with pytest.raises(OvertimeError, match="只有政工科"):
        overtime_verify(overtime=overtime, acting_user=org.chief.user)
    overtime_verify(overtime=overtime, acting_user=org.personnel.user)
    with pytest.raises(OvertimeError, match="已核实"):
        overtime_verify(overtime=overtime, acting_user=org.personnel.user)
    with pytest.raises(OvertimeError, match="不能再修改"):
        overtime_record_actual(
            overtime=overtime,
            hours={org.staff.pk: Decimal(1), org.chief.pk: Decimal(1)},
            acting_user=org.chief.user,
        )


def test_unrecorded_overtime_cannot_be_verified(org):
    with pytest.raises(OvertimeError, match="尚未登记"):
        overtime_verify(overtime=approved(org), acting_user=org.personnel.user)


def test_comp_time_earned_can_be_taken(org, frozen, types, request_leave):
    config.setting_set(key="overtime_record_margin_hours", value=4, acting_user=None)
    overtime_verify(overtime=recorded(org, frozen, ("8", "8")), acting_user=org.personnel.user)
    leave = request_leave(org.staff, D(2026, 11, 10), code="comp_time")
    assert leave.days == 1


def test_a_second_application_for_the_same_hours_is_refused(org):
    from leave.errors import OvertimeError

    apply(org)
    with pytest.raises(OvertimeError, match="无需重复提交"):
        apply(org, end_time=T(10, 0))
    apply(org, start_time=T(14, 0), end_time=T(17, 0))
    assert OvertimeRequest.objects.count() == 2


def test_the_page_offers_recording_and_verifying_exactly_when_the_services_allow(org, frozen):
    """One rule per action: the detail page asks the same refusal the service raises."""
    from leave.services import overtime_record_refusal, overtime_verify_refusal
    from office.org import viewer_for
    from tests.conftest import login

    def page(who):
        response = login(who).get(overtime.get_absolute_url())
        assert response.status_code == 200
        return response.content.decode()

    overtime = approved(org)
    frozen.move_to(dt.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI))
    refusal = overtime_record_refusal(org.deputy, overtime)
    assert refusal == "只有申请人或本科室科长可以登记实际加班时长。"
    assert "实际时长</button>" in page(org.chief)
    assert "实际时长</button>" not in page(org.deputy)
    refusal = overtime_verify_refusal(viewer_for(org.personnel.user), overtime)
    assert refusal == "尚未登记实际时长，不能核实。"
    assert "</i> 政工科核实" not in page(org.personnel)
    overtime = overtime_record_actual(
        overtime=overtime,
        hours={org.staff.pk: Decimal(3), org.chief.pk: Decimal(3)},
        acting_user=org.chief.user,
    )
    assert (
        overtime_verify_refusal(viewer_for(org.chief.user), overtime) == "只有政工科可以核实加班。"
    )
    assert "</i> 政工科核实" not in page(org.chief)
    assert "</i> 政工科核实" in page(org.personnel)
    with pytest.raises(OvertimeError, match="只有政工科可以核实加班"):
        overtime_verify(overtime=overtime, acting_user=org.chief.user)
