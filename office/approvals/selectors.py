"""Reads of the approval mechanism: the trail, the 待我审批 inbox and its badge, delegations."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from office.approvals.models import ApprovalRequest, ApprovalStep, Delegation
from office.approvals.registry import KINDS
from office.models import Staff
from office.org import Viewer


def _in_force(day: dt.date) -> Q:
    return Q(start__lte=day, end__gte=day, revoked_at__isnull=True)


def active_delegators(delegate: Staff, day: dt.date) -> list[int]:
    """Ids of the approvers ``delegate`` may stand in for on ``day``."""
    return list(
        Delegation.objects.filter(_in_force(day), delegate=delegate).values_list(
            "delegator_id", flat=True
        )
    )


def acting_as(staff: Staff, day: dt.date | None = None) -> set[int]:
    """The approvers ``staff`` may act as: themselves and whoever delegated to them (one query)."""
    return {staff.pk, *active_delegators(staff, day or timezone.localdate())}


def delegate_user_ids(approver_id: int, day: dt.date) -> list[int]:
    """User ids of those standing in for ``approver_id`` on ``day`` (to notify them too)."""
    return list(
        Delegation.objects.filter(_in_force(day), delegator_id=approver_id).values_list(
            "delegate__user_id", flat=True
        )
    )


def trail(request_obj: ApprovalRequest) -> list[ApprovalStep]:
    """The approval trail of one request, in order, with who decided (one query)."""
    return list(
        request_obj.approval_steps.select_related("approver", "decided_by").order_by("order")
    )


def involved_q(staff: Staff, prefix: str = "") -> Q:
    """Requests ``staff`` applied for or is an approver of (for object-level checks)."""
    return Q(**{f"{prefix}applicant": staff}) | Q(**{f"{prefix}approval_steps__approver": staff})


def may_see(viewer: Viewer, request_obj: ApprovalRequest) -> bool:
    """Anyone who sees the applicant, an approver of the request, or an approver's delegate."""
    if viewer.can_see_staff(request_obj.applicant):
        return True
    if viewer.staff is None:
        return False
    approvers = set(request_obj.approval_steps.values_list("approver_id", flat=True))
    return bool(approvers & acting_as(viewer.staff))


def _with_targets(steps: QuerySet[ApprovalStep]) -> QuerySet[ApprovalStep]:
    """Join each step's request with one query per registered kind, not one per step."""
    prefetch = GenericPrefetch(
        "target",
        [
            kind.model.objects.select_related("applicant__section", *kind.related)
            for kind in KINDS.values()
        ],
    )
    return steps.select_related("approver", "content_type").prefetch_related(prefetch)


def inbox(staff: Staff, *, day: dt.date | None = None) -> list[ApprovalStep]:
    """ "待我审批": current steps waiting for ``staff`` or for someone they stand in for,
    leaving out their own requests.

    Queries: delegations, steps, then one per registered request kind (with applicant and
    section joined) — the count does not grow with the number of requests.
    """
    steps = ApprovalStep.objects.filter(
        is_current=True,
        decision=ApprovalStep.Decision.WAITING,
        approver_id__in=acting_as(staff, day),
    )
    return [
        step
        for step in _with_targets(steps).order_by("id")
        if step.target is not None and step.target.applicant_id != staff.pk
    ]


def inbox_steps(staff: Staff, *, day: dt.date | None = None) -> QuerySet[ApprovalStep]:
    """The steps waiting for ``staff``, as themselves or standing in for someone (delegations
    folded in as a subquery): counted for the 待我审批 badge."""
    day = day or timezone.localdate()
    standing_in_for = Delegation.objects.filter(_in_force(day), delegate=staff).values(
        "delegator_id"
    )
    return ApprovalStep.objects.filter(
        Q(approver=staff) | Q(approver_id__in=standing_in_for),
        is_current=True,
        decision=ApprovalStep.Decision.WAITING,
    )


def inbox_count(staff: Staff, *, day: dt.date | None = None) -> int:
    """The 待我审批 badge: one query."""
    return inbox_steps(staff, day=day).count()


def viewer_inbox_count(viewer: Viewer) -> int:
    """The badge of the signed-in person, counted once per request however many places show
    it (the navigation, the leave panel)."""
    if viewer.staff is None:
        return 0
    return viewer.once("inbox_count", lambda: inbox_count(viewer.staff))


def steps_for_approver(staff: Staff, step_ids: list[int]) -> list[ApprovalStep]:
    """Steps ``staff`` may decide as themselves or a delegate, with their requests joined;
    others' steps are left out (the object-level check of the inbox actions)."""
    steps = ApprovalStep.objects.filter(pk__in=step_ids, approver_id__in=acting_as(staff))
    return [step for step in _with_targets(steps).order_by("id") if step.target is not None]


def step_for_approver(staff: Staff, step_id: int) -> ApprovalStep:
    steps = steps_for_approver(staff, [step_id])
    if not steps:
        raise Http404("没有找到这一审批环节。")
    return steps[0]


def delegations_given(staff: Staff, *, limit: int = 30) -> list[Delegation]:
    rows = Delegation.objects.filter(delegator=staff).select_related("delegate__section")
    return list(rows.order_by("-start")[:limit])


def delegations_received(staff: Staff, *, day: dt.date) -> list[Delegation]:
    """Delegations to ``staff`` in force now or later."""
    rows = Delegation.objects.filter(delegate=staff, revoked_at__isnull=True, end__gte=day)
    return list(rows.select_related("delegator"))


def delegation_given_by(staff: Staff, pk: int) -> Delegation:
    delegation = Delegation.objects.filter(pk=pk, delegator=staff).first()
    if delegation is None:
        raise Http404("没有找到这条委托。")
    return delegation
