"""The one approval mechanism: start, decide, withdraw, cancel; and the "待我审批" inbox.

Each request model registers how its chain is computed and what happens when it is finally
approved or later cancelled (``register``). Every transition locks the request row, so two
concurrent clicks give one decision and one clear refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from leave.models.approval import ApprovalRequest, ApprovalStatus, ApprovalStep, Delegation
from office.calendar import date_refusal
from office.models import Staff
from office.notifications import notify


class ApprovalError(Exception):
    """An illegal transition; the message is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Hook = Callable[[ApprovalRequest, Staff], None]


def _nothing(request_obj: ApprovalRequest, acting_user: Staff) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    model: type[ApprovalRequest]
    chain: Callable[[ApprovalRequest], list[Staff]]
    on_approved: Hook
    on_cancelled: Hook | None
    # Relations its __str__/inbox row needs, joined in the inbox's one query per kind.
    related: tuple[str, ...] = ()


KINDS: dict[type[ApprovalRequest], Kind] = {}


def register(
    model: type[ApprovalRequest],
    *,
    chain: Callable[[ApprovalRequest], list[Staff]],
    on_approved: Hook = _nothing,
    on_cancelled: Hook | None = None,
    related: tuple[str, ...] = (),
) -> None:
    """Declare a request model. ``on_cancelled=None`` means approved requests cannot be cancelled.

    Hooks run inside the deciding transaction: if a hook fails, the decision is not saved.
    ``related`` names the relations ``str(request)`` reads, so the inbox joins them.
    """
    KINDS[model] = Kind(model, chain, on_approved, on_cancelled, related)


def _kind(request_obj: ApprovalRequest) -> Kind:
    return KINDS[type(request_obj)]


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


def active_delegators(delegate: Staff, day: dt.date) -> list[int]:
    """Ids of the approvers ``delegate`` may stand in for on ``day``."""
    return list(
        Delegation.objects.filter(
            delegate=delegate, start__lte=day, end__gte=day, revoked_at__isnull=True
        ).values_list("delegator_id", flat=True)
    )


def _delegates_of(approver_id: int, day: dt.date) -> list[int]:
    return list(
        Delegation.objects.filter(
            delegator_id=approver_id, start__lte=day, end__gte=day, revoked_at__isnull=True
        ).values_list("delegate__user_id", flat=True)
    )


def _tell_approver(request_obj: ApprovalRequest, step: ApprovalStep) -> None:
    today = timezone.localdate()
    notify(
        user_ids=[step.approver.user_id, *_delegates_of(step.approver_id, today)],
        title=f"待审批：{_describe(request_obj)}",
        body=str(request_obj),
        url=_url(request_obj),
    )


def _tell_applicant(request_obj: ApprovalRequest, outcome: str, comment: str = "") -> None:
    notify(
        user_ids=[request_obj.applicant.user_id],
        title=f"您的{request_obj.kind_label}{outcome}",
        body=f"{request_obj}\n{comment}".strip(),
        url=_url(request_obj),
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


def approval_start(*, request_obj: ApprovalRequest) -> list[ApprovalStep]:
    """Build the steps for a freshly saved request and tell the first approver.

    Call it inside the creating service's transaction. With no approver at all (the
    director's own request) the request is approved at once and recorded as such.
    """
    kind = _kind(request_obj)
    chain = [p for p in kind.chain(request_obj) if p.pk != request_obj.applicant_id]
    if not chain:
        _finish(request_obj, ApprovalStatus.APPROVED)
        kind.on_approved(request_obj, request_obj.applicant)
        return []
    steps = ApprovalStep.objects.bulk_create(
        ApprovalStep(target=request_obj, order=order, approver=person, is_current=order == 0)
        for order, person in enumerate(chain)
    )
    _tell_approver(request_obj, steps[0])
    return steps


def approval_decide(
    *, request_obj: ApprovalRequest, acting_user: Staff, approve: bool, comment: str = ""
) -> ApprovalRequest:
    """Approve or reject the current step, as its approver or their delegate."""
    comment = comment.strip()
    if not approve and not comment:
        raise ApprovalError("驳回时请填写理由，以便申请人知道原因。")
    with transaction.atomic():
        locked = _lock(request_obj)
        if locked.status != ApprovalStatus.PENDING:
            raise ApprovalError(
                f"该{locked.kind_label}已{locked.get_status_display()}，不能再审批。"
            )
        if locked.applicant_id == acting_user.pk:
            raise ApprovalError("不能审批自己的申请。")
        step = (
            locked.approval_steps.select_for_update()
            .select_related("approver")
            .filter(is_current=True)
            .first()
        )
        today = timezone.localdate()
        if step is None or (
            step.approver_id != acting_user.pk
            and step.approver_id not in active_delegators(acting_user, today)
        ):
            raise ApprovalError("当前不是由您审批这一环节，可能已被他人处理或尚未轮到您。")
        step.decision = (
            ApprovalStep.Decision.APPROVED if approve else ApprovalStep.Decision.REJECTED
        )
        step.is_current = False
        step.decided_by = acting_user
        step.decided_at = timezone.now()
        step.comment = comment[:200]
        step.save(update_fields=["decision", "is_current", "decided_by", "decided_at", "comment"])
        if not approve:
            _void_open_steps(locked)
            _finish(locked, ApprovalStatus.REJECTED)
            _tell_applicant(locked, "未获批准", comment)
            return locked
        following = (
            locked.approval_steps.select_related("approver").filter(order=step.order + 1).first()
        )
        if following is not None:
            following.is_current = True
            following.save(update_fields=["is_current"])
            _tell_approver(locked, following)
            return locked
        _finish(locked, ApprovalStatus.APPROVED)
        _kind(locked).on_approved(locked, acting_user)
        _tell_applicant(locked, "已获批准", comment)
        return locked


def approval_withdraw(*, request_obj: ApprovalRequest, acting_user: Staff) -> ApprovalRequest:
    """The applicant takes back a request that is not yet finally approved."""
    with transaction.atomic():
        locked = _lock(request_obj)
        if locked.applicant_id != acting_user.pk:
            raise ApprovalError("只有申请人本人可以撤回申请。")
        if locked.status != ApprovalStatus.PENDING:
            raise ApprovalError(f"该{locked.kind_label}已{locked.get_status_display()}，不能撤回。")
        _void_open_steps(locked)
        _finish(locked, ApprovalStatus.WITHDRAWN)
        return locked


def approval_cancel(
    *, request_obj: ApprovalRequest, acting_user: Staff, comment: str
) -> ApprovalRequest:
    """An approver of the chain cancels an approved request (e.g. leave no longer taken)."""
    comment = comment.strip()
    if not comment:
        raise ApprovalError("撤销已批准的申请时请填写理由。")
    with transaction.atomic():
        locked = _lock(request_obj)
        kind = _kind(locked)
        if kind.on_cancelled is None:
            raise ApprovalError(f"{locked.kind_label}批准后不能撤销。")
        if locked.status != ApprovalStatus.APPROVED:
            raise ApprovalError(
                f"只有已批准的{locked.kind_label}可以撤销，当前状态为{locked.get_status_display()}。"
            )
        today = timezone.localdate()
        approvers = set(locked.approval_steps.values_list("approver_id", flat=True))
        if not approvers & {acting_user.pk, *active_delegators(acting_user, today)}:
            raise ApprovalError("只有该申请的审批人可以撤销。")
        _finish(locked, ApprovalStatus.CANCELLED)
        kind.on_cancelled(locked, acting_user)
        _tell_applicant(locked, "已被撤销", comment)
        return locked


@transaction.atomic
def delegation_create(
    *, delegator: Staff, delegate: Staff, start: dt.date, end: dt.date
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
        body=f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}",
    )
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation: Delegation, acting_user: Staff) -> Delegation:
    if delegation.delegator_id != acting_user.pk:
        raise ApprovalError("只有委托人本人可以撤销委托。")
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    return delegation


def inbox(staff: Staff, *, day: dt.date | None = None) -> list[ApprovalStep]:
    """ "待我审批": current steps waiting for ``staff`` or for someone they stand in for.

    Queries: delegations, steps, then one per registered request kind (with applicant and
    section joined) — the count does not grow with the number of requests.
    """
    approver_ids = [staff.pk, *active_delegators(staff, day or timezone.localdate())]
    prefetch = GenericPrefetch(
        "target",
        [
            kind.model.objects.select_related("applicant__section", *kind.related)
            for kind in KINDS.values()
        ],
    )
    return list(
        ApprovalStep.objects.filter(
            is_current=True, decision=ApprovalStep.Decision.WAITING, approver_id__in=approver_ids
        )
        .select_related("approver", "content_type")
        .prefetch_related(prefetch)
        .order_by("id")
    )


def steps_of(request_obj: ApprovalRequest) -> list[ApprovalStep]:
    """The approval trail of one request, in order, with who decided."""
    return list(
        request_obj.approval_steps.select_related("approver", "decided_by").order_by("order")
    )


def may_decide(request_obj: ApprovalRequest, staff: Staff, steps: list[ApprovalStep]) -> bool:
    """Whether ``staff`` would be allowed to decide now (to show the buttons)."""
    if not request_obj.is_pending or request_obj.applicant_id == staff.pk:
        return False
    current = next((s for s in steps if s.is_current), None)
    if current is None:
        return False
    if current.approver_id == staff.pk:
        return True
    return current.approver_id in active_delegators(staff, timezone.localdate())


def involved_q(staff: Staff, prefix: str = "") -> Q:
    """Requests ``staff`` applied for or is an approver of (for object-level checks)."""
    return Q(**{f"{prefix}applicant": staff}) | Q(**{f"{prefix}approval_steps__approver": staff})


def inbox_count(staff: Staff, *, day: dt.date | None = None) -> int:
    """The 待我审批 badge: one query (delegations folded in as a subquery)."""
    day = day or timezone.localdate()
    standing_in_for = Delegation.objects.filter(
        delegate=staff, start__lte=day, end__gte=day, revoked_at__isnull=True
    ).values("delegator_id")
    return ApprovalStep.objects.filter(
        Q(approver=staff) | Q(approver_id__in=standing_in_for),
        is_current=True,
        decision=ApprovalStep.Decision.WAITING,
    ).count()
