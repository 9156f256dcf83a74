"""The one approval mechanism, exercised through leave requests (PRODUCT.md §3, §5)."""

import datetime as dt
from decimal import Decimal

import pytest

from office.approvals.models import ApprovalStatus, ApprovalStep
from office.approvals.selectors import inbox, inbox_count, trail
from office.approvals.services import (
    ApprovalError,
    approval_cancel,
    approval_decide,
    approval_withdraw,
    decide_refusal,
    delegation_create,
    delegation_revoke,
)
from office.models import Notification

D = dt.date

pytestmark = pytest.mark.usefixtures("frozen")


def approvers(leave):
    return [step.approver for step in trail(leave)]


def approve(leave, who, comment=""):
    return approval_decide(request_obj=leave, acting_user=who.user, approve=True, comment=comment)


@pytest.mark.parametrize(
    ("start", "start_half", "end", "end_half", "days", "chain"),
    [
        (D(2026, 11, 3), "am", D(2026, 11, 3), "pm", "1", ["chief"]),
        (D(2026, 11, 3), "am", D(2026, 11, 4), "am", "1.5", ["chief", "deputy"]),
        (D(2026, 11, 3), "am", D(2026, 11, 5), "pm", "3", ["chief", "deputy"]),
        (D(2026, 11, 3), "am", D(2026, 11, 6), "am", "3.5", ["chief", "deputy", "director"]),
    ],
)
def test_chain_follows_the_length(
    org, request_leave, start, start_half, end, end_half, days, chain
):
    leave = request_leave(org.staff, start, end, start_half=start_half, end_half=end_half)
    assert leave.days == Decimal(days)
    assert approvers(leave) == [getattr(org, name) for name in chain]


def test_each_approver_in_turn_then_approved(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 6), end_half="am")
    for name in ["chief", "deputy"]:
        leave = approve(leave, getattr(org, name))
        assert leave.status == ApprovalStatus.PENDING
    leave = approve(leave, org.director, "同意")
    assert leave.status == ApprovalStatus.APPROVED
    assert leave.decided_at is not None
    assert [s.decision for s in trail(leave)] == [ApprovalStep.Decision.APPROVED] * 3


@pytest.mark.parametrize(
    ("end", "end_half", "days"),
    [
        (D(2026, 11, 3), "am", "0.5"),
        (D(2026, 11, 3), "pm", "1"),
        (D(2026, 11, 5), "pm", "3"),
        (D(2026, 11, 9), "pm", "5"),
    ],
)
def test_chiefs_own_leave_goes_deputy_then_director_whatever_its_length(
    org, request_leave, end, end_half, days
):
    leave = request_leave(org.chief, D(2026, 11, 3), end, end_half=end_half)
    assert leave.days == Decimal(days)
    assert approvers(leave) == [org.deputy, org.director]
    leave = approve(leave, org.deputy)
    assert leave.status == ApprovalStatus.PENDING
    assert approve(leave, org.director).status == ApprovalStatus.APPROVED


def test_directors_own_leave_is_approved_at_once(org, request_leave):
    leave = request_leave(org.director, D(2026, 11, 3))
    assert leave.status == ApprovalStatus.APPROVED
    assert approvers(leave) == []


def test_nobody_approves_their_own_request(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    with pytest.raises(ApprovalError, match="不能审批自己的申请"):
        approve(leave, org.staff)


def test_a_delegate_cannot_approve_their_own_request(org, request_leave):
    delegation_create(
        delegator=org.chief,
        delegate=org.staff,
        start=D(2026, 11, 1),
        end=D(2026, 11, 30),
        acting_user=None,
    )
    leave = request_leave(org.staff, D(2026, 11, 3))
    with pytest.raises(ApprovalError, match="不能审批自己的申请"):
        approve(leave, org.staff)


def test_approve_twice_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    approve(leave, org.chief)
    with pytest.raises(ApprovalError, match="已批准，不能再审批"):
        approve(leave, org.chief)


def test_approve_withdrawn_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    approval_withdraw(request_obj=leave, acting_user=org.staff.user)
    with pytest.raises(ApprovalError, match="已撤回"):
        approve(leave, org.chief)
    assert not ApprovalStep.objects.filter(is_current=True).exists()


def test_approve_out_of_turn_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4))
    with pytest.raises(ApprovalError, match="尚未轮到您"):
        approve(leave, org.deputy)


def test_approve_by_an_outsider_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    with pytest.raises(ApprovalError, match="当前不是由您审批"):
        approve(leave, org.other_chief)


def test_approve_rejected_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4))
    approval_decide(
        request_obj=leave, acting_user=org.chief.user, approve=False, comment="工作任务重"
    )
    with pytest.raises(ApprovalError, match="已驳回"):
        approve(leave, org.deputy)
    assert [s.decision for s in trail(leave)] == ["rejected", "void"]


def test_rejection_needs_a_reason(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    with pytest.raises(ApprovalError, match="驳回时请填写理由"):
        approval_decide(request_obj=leave, acting_user=org.chief.user, approve=False, comment="  ")
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.PENDING


def test_withdraw_by_someone_else_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    with pytest.raises(ApprovalError, match="只有申请人本人"):
        approval_withdraw(request_obj=leave, acting_user=org.chief.user)


def test_withdraw_after_approval_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    approve(leave, org.chief)
    with pytest.raises(ApprovalError, match="不能撤回"):
        approval_withdraw(request_obj=leave, acting_user=org.staff.user)


def test_withdraw_between_steps_is_allowed(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4))
    approve(leave, org.chief)
    leave = approval_withdraw(request_obj=leave, acting_user=org.staff.user)
    assert leave.status == ApprovalStatus.WITHDRAWN
    assert inbox(org.deputy) == []


def test_cancel_by_a_non_approver_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    approve(leave, org.chief)
    with pytest.raises(ApprovalError, match="只有该申请的审批人"):
        approval_cancel(request_obj=leave, acting_user=org.other_chief.user, comment="不休了")


def test_cancel_needs_a_reason(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    approve(leave, org.chief)
    with pytest.raises(ApprovalError, match="请填写理由"):
        approval_cancel(request_obj=leave, acting_user=org.chief.user, comment="")


def test_cancel_of_pending_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    with pytest.raises(ApprovalError, match="只有已批准"):
        approval_cancel(request_obj=leave, acting_user=org.chief.user, comment="不休了")


def test_cancel_by_the_approver(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    approve(leave, org.chief)
    leave = approval_cancel(request_obj=leave, acting_user=org.chief.user, comment="任务调整")
    assert leave.status == ApprovalStatus.CANCELLED


# --- delegation ---------------------------------------------------------------------------


def test_delegate_may_approve_during_the_period(org, request_leave):
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    leave = request_leave(org.staff, D(2026, 11, 3))
    assert inbox_count(org.other_chief) == 1
    assert decide_refusal(org.other_chief, leave) is None
    leave = approve(leave, org.other_chief, "代批同意")
    step = trail(leave)[0]
    assert leave.status == ApprovalStatus.APPROVED
    assert step.approver == org.chief and step.decided_by == org.other_chief and step.on_behalf


def test_delegate_may_not_approve_before_the_period(org, request_leave):
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 3),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    leave = request_leave(org.staff, D(2026, 11, 3))
    assert inbox(org.other_chief) == []
    with pytest.raises(ApprovalError):
        approve(leave, org.other_chief)


def test_delegate_may_not_approve_after_the_period(org, request_leave):
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 10, 26),
        end=D(2026, 11, 1),
        acting_user=None,
    )
    leave = request_leave(org.staff, D(2026, 11, 3))
    with pytest.raises(ApprovalError):
        approve(leave, org.other_chief)


def test_delegate_may_not_approve_after_revocation(org, request_leave):
    delegation = delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    delegation_revoke(delegation=delegation, acting_user=org.chief.user)
    leave = request_leave(org.staff, D(2026, 11, 3))
    assert inbox_count(org.other_chief) == 0
    with pytest.raises(ApprovalError):
        approve(leave, org.other_chief)


def test_only_the_delegator_revokes(org):
    delegation = delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    with pytest.raises(ApprovalError, match="只有委托人本人"):
        delegation_revoke(delegation=delegation, acting_user=org.other_chief.user)


@pytest.mark.parametrize(
    ("delegate", "start", "end", "message"),
    [
        ("chief", D(2026, 11, 2), D(2026, 11, 6), "不能委托给自己"),
        ("other_chief", D(2026, 11, 6), D(2026, 11, 2), "结束日期"),
    ],
)
def test_bad_delegations_are_refused(org, delegate, start, end, message):
    with pytest.raises(ApprovalError, match=message):
        delegation_create(
            delegator=org.chief,
            delegate=getattr(org, delegate),
            start=start,
            end=end,
            acting_user=None,
        )


def test_delegate_may_cancel_for_the_approver(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    approve(leave, org.chief)
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    leave = approval_cancel(request_obj=leave, acting_user=org.other_chief.user, comment="任务调整")
    assert leave.status == ApprovalStatus.CANCELLED


# --- notifications ------------------------------------------------------------------------


def titles(person):
    return list(Notification.objects.filter(recipient=person.user).values_list("title", flat=True))


def test_approver_is_told_of_a_new_request(org, request_leave, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_leave(org.staff, D(2026, 11, 3))
    assert titles(org.chief) == ["待审批：刘职员的请假申请"]


def test_next_approver_and_delegate_are_told(
    org, request_leave, django_capture_on_commit_callbacks
):
    delegation_create(
        delegator=org.deputy,
        delegate=org.other_deputy,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4))
    with django_capture_on_commit_callbacks(execute=True):
        approve(leave, org.chief)
    assert titles(org.deputy) == ["待审批：刘职员的请假申请"]
    assert titles(org.other_deputy) == ["待审批：刘职员的请假申请"]


def test_applicant_is_told_of_approval_and_rejection(
    org, request_leave, django_capture_on_commit_callbacks
):
    first = request_leave(org.staff, D(2026, 11, 3))
    second = request_leave(org.staff, D(2026, 11, 4))
    with django_capture_on_commit_callbacks(execute=True):
        approve(first, org.chief)
        approval_decide(
            request_obj=second, acting_user=org.chief.user, approve=False, comment="月底任务重"
        )
    assert sorted(titles(org.staff)) == ["您的请假申请已获批准", "您的请假申请未获批准"]
    body = Notification.objects.get(recipient=org.staff.user, title__contains="未获").body
    assert "月底任务重" in body


def test_inbox_lists_only_current_steps_for_me(org, request_leave):
    mine = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4))
    request_leave(org.other_staff, D(2026, 11, 3))
    assert [s.target for s in inbox(org.chief)] == [mine]
    assert inbox(org.deputy) == []
    approve(mine, org.chief)
    assert [s.target for s in inbox(org.deputy)] == [mine]
    assert inbox(org.chief) == []


def test_the_hooks_record_the_approver_and_the_canceller(org, request_leave):
    """approval_decide/approval_cancel pass their actor on to the hooks' balance writes."""
    from leave.models import LeaveBalance

    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4), code="annual")
    approve(approve(leave, org.chief), org.deputy)
    balance = LeaveBalance.objects.get(staff=org.staff, leave_type=leave.leave_type, year=2026)
    assert (balance.used, balance.history.latest().history_user) == (2, org.deputy.user)
    approval_cancel(request_obj=leave, acting_user=org.chief.user, comment="任务调整")
    balance.refresh_from_db()
    assert (balance.used, balance.history.latest().history_user) == (0, org.chief.user)
