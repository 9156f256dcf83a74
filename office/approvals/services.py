"""The one approval mechanism: start, decide, withdraw, cancel; delegations.

Each request model registers how its chain is computed and what happens when it is finally
approved or later cancelled (``office.approvals.registry.register``). Every transition locks
the request row, so two concurrent clicks give one decision and one clear refusal.

Who may decide, withdraw or cancel is written once, in the ``…_refusal`` functions: the
services raise with their reason, and the pages ask them whether to show a button.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from office.approvals.models import ApprovalRequest, ApprovalStatus, ApprovalStep, Delegation
from office.approvals.registry import kind_of
from office.approvals.selectors import acting_as, delegate_user_ids, trail
from office.audit import records_actor
from office.calendar import date_refusal
from office.dates import cn_date
from office.models import Staff
from office.notifications import notify


class ApprovalError(Exception):
    """An illegal transition; the message is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _current(steps: list[ApprovalStep]) -> ApprovalStep | None:
    return next((s for s in steps if s.is_current), None)


def _may_act_for(staff: Staff, approver_ids: set[int], acting_for: set[int] | None) -> bool:
    """Whether ``staff`` is one of the approvers or stands in for one (the delegations are
    read only when needed)."""
    if staff.pk in approver_ids:
        return True
    return bool(approver_ids & (acting_as(staff) if acting_for is None else acting_for))


def decide_refusal(
    staff: Staff,
    request_obj: ApprovalRequest,
    *,
    steps: list[ApprovalStep] | None = None,
    acting_for: set[int] | None = None,
) -> str | None:
    """Why ``staff`` may not approve or reject now, or None. ``steps`` and ``acting_for``
    (see ``acting_as``) may be passed when already read, to save their queries."""
    if request_obj.status != ApprovalStatus.PENDING:
        label, status = request_obj.kind_label, request_obj.get_status_display()
        return f"该{label}已{status}，不能再审批。"
    if request_obj.applicant_id == staff.pk:
        return "不能审批自己的申请。"
    current = _current(trail(request_obj) if steps is None else steps)
    if current is None or not _may_act_for(staff, {current.approver_id}, acting_for):
        return "当前不是由您审批这一环节，可能已被他人处理或尚未轮到您。"
    return None


def withdraw_refusal(staff: Staff, request_obj: ApprovalRequest) -> str | None:
    """Why ``staff`` may not take the request back, or None: the applicant, while pending."""
    if request_obj.applicant_id != staff.pk:
        return "只有申请人本人可以撤回申请。"
    if request_obj.status != ApprovalStatus.PENDING:
        return f"该{request_obj.kind_label}已{request_obj.get_status_display()}，不能撤回。"
    return None


def cancel_refusal(
    staff: Staff,
    request_obj: ApprovalRequest,
    *,
    steps: list[ApprovalStep] | None = None,
    acting_for: set[int] | None = None,
) -> str | None:
    """Why ``staff`` may not cancel an approved request, or None: an approver of its chain
    or their delegate, for kinds that can be cancelled at all."""
    label = request_obj.kind_label
    if kind_of(request_obj).on_cancelled is None:
        return f"{label}批准后不能撤销。"
    if request_obj.status != ApprovalStatus.APPROVED:
        return f"只有已批准的{label}可以撤销，当前状态为{request_obj.get_status_display()}。"
    steps = trail(request_obj) if steps is None else steps
    if not _may_act_for(staff, {s.approver_id for s in steps}, acting_for):
        return "只有该申请的审批人可以撤销。"
    return None


def _url(request_obj: ApprovalRequest) -> str:
    get_url = getattr(request_obj, "get_absolute_url", None)
    return get_url() if get_url else ""


def _describe(request_obj: ApprovalRequest) -> str:
    return f"{request_obj.applicant.name}的{request_obj.kind_label}"


def _lock(request_obj: ApprovalRequest) -> ApprovalRequest:
    return (
        type(request_obj)
        .objects.select_for_update()
        .select_related("applicant__section")
        .get(pk=request_obj.pk)
    )


def _tell_approver(
    request_obj: ApprovalRequest, step: ApprovalStep, *, acting_user: AbstractBaseUser | None
) -> None:
    today = timezone.localdate()
    notify(
        user_ids=[step.approver.user_id, *delegate_user_ids(step.approver_id, today)],
        title=f"待审批：{_describe(request_obj)}",
        body=str(request_obj),
        url=_url(request_obj),
        acting_user=acting_user,
    )


def _tell_applicant(
    request_obj: ApprovalRequest,
    outcome: str,
    comment: str = "",
    *,
    acting_user: AbstractBaseUser | None,
) -> None:
    notify(
        user_ids=[request_obj.applicant.user_id],
        title=f"您的{request_obj.kind_label}{outcome}",
        body=f"{request_obj}\n{comment}".strip(),
        url=_url(request_obj),
        acting_user=acting_user,
    )


def _finish(request_obj: ApprovalRequest, status: str) -> None:
    request_obj.status = status
    request_obj.decided_at = timezone.now()
    request_obj.save(update_fields=["status", "decided_at"])


def _void_open_steps(request_obj: ApprovalRequest) -> None:
    for step in request_obj.approval_steps.filter(decision=ApprovalStep.Decision.WAITING):
        step.decision = ApprovalStep.Decision.VOID
        step.is_current = False
        step.save(update_fields=["decision", "is_current"])


@records_actor
def approval_start(
    *, request_obj: ApprovalRequest, acting_user: AbstractBaseUser
) -> list[ApprovalStep]:
    """Build the steps for a freshly saved request and tell the first approver.

    Call it inside the creating service's transaction. With no approver at all (the
    director's own request) the request is approved at once and recorded as such.
    """
    kind = kind_of(request_obj)
    chain = [p for p in kind.chain(request_obj) if p.pk != request_obj.applicant_id]
    if not chain:
        _finish(request_obj, ApprovalStatus.APPROVED)
        kind.on_approved(request_obj, acting_user=acting_user)
        return []
    steps = ApprovalStep.objects.bulk_create(
        ApprovalStep(target=request_obj, order=order, approver=person, is_current=order == 0)
        for order, person in enumerate(chain)
    )
    _tell_approver(request_obj, steps[0], acting_user=acting_user)
    return steps


@records_actor
def approval_decide(
    *, request_obj: ApprovalRequest, acting_user: AbstractBaseUser, approve: bool, comment: str = ""
) -> ApprovalRequest:
    """Approve or reject the current step, as its approver or their delegate."""
    actor = acting_user.staff
    comment = comment.strip()
    if not approve and not comment:
        raise ApprovalError("驳回时请填写理由，以便申请人知道原因。")
    with transaction.atomic():
        # The request row lock serialises every transition, so its steps cannot move under us.
        locked = _lock(request_obj)
        steps = list(locked.approval_steps.select_related("approver").order_by("order"))
        if refusal := decide_refusal(actor, locked, steps=steps):
            raise ApprovalError(refusal)
        step = _current(steps)
        assert step is not None  # decide_refusal refuses a request without a current step
        step.decision = (
            ApprovalStep.Decision.APPROVED if approve else ApprovalStep.Decision.REJECTED
        )
        step.is_current = False
        step.decided_by = actor
        step.decided_at = timezone.now()
        step.comment = comment[:200]
        step.save(update_fields=["decision", "is_current", "decided_by", "decided_at", "comment"])
        if not approve:
            _void_open_steps(locked)
            _finish(locked, ApprovalStatus.REJECTED)
            _tell_applicant(locked, "未获批准", comment, acting_user=acting_user)
            return locked
        following = next((s for s in steps if s.order == step.order + 1), None)
        if following is not None:
            following.is_current = True
            following.save(update_fields=["is_current"])
            _tell_approver(locked, following, acting_user=acting_user)
            return locked
        _finish(locked, ApprovalStatus.APPROVED)
        kind_of(locked).on_approved(locked, acting_user=acting_user)
        _tell_applicant(locked, "已获批准", comment, acting_user=acting_user)
        return locked


@records_actor
def approval_withdraw(
    *, request_obj: ApprovalRequest, acting_user: AbstractBaseUser
) -> ApprovalRequest:
    """The applicant takes back a request that is not yet finally approved."""
    actor = acting_user.staff
    with transaction.atomic():
        locked = _lock(request_obj)
        if refusal := withdraw_refusal(actor, locked):
            raise ApprovalError(refusal)
        _void_open_steps(locked)
        _finish(locked, ApprovalStatus.WITHDRAWN)
        return locked


@records_actor
def approval_cancel(
    *, request_obj: ApprovalRequest, acting_user: AbstractBaseUser, comment: str
) -> ApprovalRequest:
    """An approver of the chain cancels an approved request (e.g. leave no longer taken)."""
    actor = acting_user.staff
    comment = comment.strip()
    if not comment:
        raise ApprovalError("撤销已批准的申请时请填写理由。")
    with transaction.atomic():
        locked = _lock(request_obj)
        if refusal := cancel_refusal(actor, locked):
            raise ApprovalError(refusal)
        _finish(locked, ApprovalStatus.CANCELLED)
        on_cancelled = kind_of(locked).on_cancelled
        assert on_cancelled is not None  # cancel_refusal refuses kinds without one
        on_cancelled(locked, acting_user=acting_user)
        _tell_applicant(locked, "已被撤销", comment, acting_user=acting_user)
        return locked


@records_actor
@transaction.atomic
def delegation_create(
    *,
    delegator: Staff,
    delegate: Staff,
    start: dt.date,
    end: dt.date,
    acting_user: AbstractBaseUser | None,
) -> Delegation:
    if delegator.pk == delegate.pk:
        raise ApprovalError("不能委托给自己。")
    if end < start:
        raise ApprovalError("结束日期不能早于开始日期。")
    if refusal := date_refusal(start, "委托开始日期") or date_refusal(end, "委托结束日期"):
        raise ApprovalError(refusal)
    delegation = Delegation.objects.create(
        delegator=delegator, delegate=delegate, start=start, end=end
    )
    notify(
        user_ids=[delegate.user_id],
        title=f"{delegator.name}委托您代为审批",
        body=f"{cn_date(start)}至{cn_date(end)}",
        acting_user=acting_user,
    )
    return delegation


@records_actor
@transaction.atomic
def delegation_revoke(*, delegation: Delegation, acting_user: AbstractBaseUser) -> Delegation:
    actor = acting_user.staff
    if delegation.delegator_id != actor.pk:
        raise ApprovalError("只有委托人本人可以撤销委托。")
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    return delegation
