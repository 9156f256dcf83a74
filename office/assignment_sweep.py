"""The sweep over open receipts: remind once before the deadline, flag once when it has passed.

A beat job runs it every quarter of an hour (``sweep_assignments``). Each half reads the
receipts it will change, locked, then stamps them: a second sweep (or a concurrent one, which
waits on the locks and then finds them stamped) reminds and flags nobody twice. The number of
queries does not depend on how many receipts there are; notifications go out after commit,
one batch per assignment.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from functools import reduce
from operator import or_

from celery import shared_task
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from office.assignment_models import OPEN_STATES, Assignment, Receipt
from office.assignments import KINDS, assignment_kind
from office.audit import records_actor
from office.dates import cn_datetime
from office.notifications import notify

OPEN = Q(state__in=OPEN_STATES, assignment__cancelled_at__isnull=True)


def _locked(condition: Q, *related: str) -> list[Receipt]:
    """Open receipts matching ``condition``, locked (only their rows), with ``related`` joined."""
    return list(
        Receipt.objects.select_for_update(of=("self",))
        .filter(OPEN, condition)
        .select_related("assignment", "staff", *related)
        .order_by("assignment_id", "section_id", "staff_id")
    )


def _stamp(receipts: list[Receipt], field: str, now: dt.datetime) -> None:
    """One UPDATE, the ids as parameters (SQLite takes 250,000; psycopg binds client-side)."""
    Receipt.objects.filter(pk__in=[r.pk for r in receipts]).update(**{field: now})
    for receipt in receipts:
        setattr(receipt, field, now)


def _by_assignment(receipts: list[Receipt]) -> dict[int, list[Receipt]]:
    groups: dict[int, list[Receipt]] = defaultdict(list)
    for receipt in receipts:
        groups[receipt.assignment_id].append(receipt)
    return groups


def _remind(now: dt.datetime, acting_user: AbstractBaseUser | None) -> int:
    """Receipts whose kind's reminder time has come, before their deadline. Queries: the
    receipts (locked, with assignment and recipient), their stamp."""
    if not KINDS:
        return 0
    windows = reduce(
        or_,
        (
            Q(assignment__kind=kind.slug, assignment__due_at__lte=now + kind.remind_before)
            for kind in KINDS.values()
        ),
    )
    receipts = _locked(windows & Q(assignment__due_at__gt=now, reminded_at__isnull=True))
    if not receipts:
        return 0
    _stamp(receipts, "reminded_at", now)
    for group in _by_assignment(receipts).values():
        assignment = group[0].assignment
        kind = assignment_kind(assignment.kind)
        notify(
            user_ids=[r.staff.user_id for r in group],
            title=f"{kind.label}即将截止：{assignment.title}",
            body=f"请于{cn_datetime(assignment.due_at)}前完成。",
            url=kind.url(assignment),
            acting_user=acting_user,
        )
    return len(receipts)


def _tell_overdue(
    assignment: Assignment, group: list[Receipt], acting_user: AbstractBaseUser | None
) -> None:
    """The recipients, and in one batch the assigner and each recipient's chief, with the
    count per section (the names are on the kind's page)."""
    kind = assignment_kind(assignment.kind)
    url = kind.url(assignment)
    notify(
        user_ids=[r.staff.user_id for r in group],
        title=f"{kind.label}已逾期：{assignment.title}",
        body=f"截止时间{cn_datetime(assignment.due_at)}已过，请尽快完成。",
        url=url,
        acting_user=acting_user,
    )
    per_section = Counter(r.section.name for r in group)
    chiefs = {r.section.chief.user_id for r in group if r.section.chief_id}
    notify(
        user_ids=[assignment.created_by.user_id, *chiefs],
        title=f"{kind.label}逾期未完成：{assignment.title}",
        body="；".join(f"{name}{count}人" for name, count in per_section.items()),
        url=url,
        acting_user=acting_user,
    )


def _flag_overdue(now: dt.datetime, acting_user: AbstractBaseUser | None) -> int:
    """Open receipts past their deadline, not yet flagged. Queries: the receipts (locked, with
    assignment, assigner, recipient, section and chief), their stamp; then each kind's
    ``on_overdue`` with its newly overdue receipts."""
    receipts = _locked(
        Q(assignment__due_at__lt=now, overdue_at__isnull=True),
        "assignment__created_by",
        "section__chief",
    )
    if not receipts:
        return 0
    _stamp(receipts, "overdue_at", now)
    per_kind: dict[str, list[Receipt]] = defaultdict(list)
    for group in _by_assignment(receipts).values():
        _tell_overdue(group[0].assignment, group, acting_user)
        per_kind[group[0].assignment.kind].extend(group)
    for slug, newly in per_kind.items():
        on_overdue = KINDS[slug].on_overdue if slug in KINDS else None
        if on_overdue is not None:
            on_overdue(newly)
    return len(receipts)


@records_actor
def assignments_sweep(*, now: dt.datetime, acting_user: AbstractBaseUser | None) -> tuple[int, int]:
    """Remind and flag; returns (reminded, newly overdue). ``acting_user`` is None for the
    beat job (the system)."""
    with transaction.atomic():
        return _remind(now, acting_user), _flag_overdue(now, acting_user)


@shared_task(name="office.assignment_sweep.sweep_assignments")
def sweep_assignments() -> tuple[int, int]:
    """Beat, every 15 minutes: the sweep at the server's time."""
    return assignments_sweep(now=timezone.now(), acting_user=None)
