"""The shared approval pages and rules (office.approvals) for every kind of request."""

import datetime as dt

import pytest
from django.urls import reverse

from attendance.services.requests import makeup_create, outing_create
from leave.services.leave import report_back_refusal
from office.approvals.models import ApprovalStatus
from office.approvals.selectors import steps_for_approver
from office.approvals.services import approval_decide, cancel_refusal, delegation_create
from tests.conftest import login
from tests.leave.conftest import SHANGHAI

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen")


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def approved_outing(org):
    outing = outing_create(
        acting_user=org.staff.user,
        destination="市档案馆",
        reason="查档",
        start=at(D(2026, 11, 2), 10),
        expected_return=at(D(2026, 11, 2), 11),
    )
    return approval_decide(request_obj=outing, acting_user=org.chief.user, approve=True)


def test_the_approvers_delegate_may_cancel_an_approved_outing(org):
    outing = approved_outing(org)
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    client = login(org.other_chief)
    cancel = reverse("approvals:cancel", args=["outing", outing.pk])
    assert cancel in client.get(outing.get_absolute_url()).content.decode()
    response = client.post(cancel, {"comment": "任务取消"})
    assert response["Location"] == outing.get_absolute_url()
    outing.refresh_from_db()
    assert outing.status == ApprovalStatus.CANCELLED


def test_an_approved_makeup_offers_no_cancel_and_refuses_one(org, frozen):
    frozen.move_to(at(D(2026, 11, 2), 18))
    makeup = makeup_create(
        acting_user=org.staff.user,
        date=D(2026, 11, 2),
        point="am_in",
        claimed_time=dt.time(8, 25),
        reason="忘记打卡",
    )
    makeup = approval_decide(request_obj=makeup, acting_user=org.chief.user, approve=True)
    assert cancel_refusal(org.chief, makeup) == "补卡申请批准后不能撤销。"
    cancel = reverse("approvals:cancel", args=["makeup", makeup.pk])
    assert cancel not in login(org.chief).get(makeup.get_absolute_url()).content.decode()
    login(org.chief).post(cancel, {"comment": "不需要了"})
    makeup.refresh_from_db()
    assert makeup.status == ApprovalStatus.APPROVED


def test_an_unknown_kind_is_404(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    url = reverse("approvals:withdraw", args=["holiday", leave.pk])
    assert login(org.staff).post(url).status_code == 404


def test_an_outsider_cannot_withdraw_or_cancel(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    client = login(org.other_staff)
    assert client.post(reverse("approvals:withdraw", args=["leave", leave.pk])).status_code == 404
    assert client.post(reverse("approvals:cancel", args=["leave", leave.pk])).status_code == 404
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.PENDING


@pytest.mark.parametrize("count", [1, 5])
def test_decided_steps_are_read_with_their_requests_at_once(
    org, request_leave, django_assert_num_queries, count
):
    leaves = [
        request_leave(org.staff, D(2026, 11, 3) + dt.timedelta(days=7 * i)) for i in range(count)
    ]
    ids = [leave.approval_steps.get().pk for leave in leaves]
    steps_for_approver(org.chief, ids)  # content types of the kinds, cached from then on
    # delegations, steps, leave requests (with applicant, section and type)
    with django_assert_num_queries(3):
        steps = steps_for_approver(org.chief, ids)
        assert [step.target.leave_type.name for step in steps]
    assert len(steps) == count
    assert steps_for_approver(org.other_chief, ids) == []


def test_report_back_is_for_the_applicant_once_the_leave_has_started(org, request_leave, frozen):
    leave = request_leave(org.staff, D(2026, 11, 3))
    leave = approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True)
    today = D(2026, 11, 2)
    assert report_back_refusal(org.staff, leave, today).startswith("假期尚未开始")
    assert report_back_refusal(org.staff, leave, D(2026, 11, 3)) is None
    assert report_back_refusal(org.chief, leave, D(2026, 11, 3)) == "只有请假人本人可以销假。"
    page = login(org.staff).get(leave.get_absolute_url()).content.decode()
    assert reverse("leave:report_back", args=[leave.pk]) not in page
