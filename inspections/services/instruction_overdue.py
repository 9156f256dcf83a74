"""督办逾期: a missed 办结时限 or feedback day becomes a candidate finding (督办自动) under the
作风效能 items, and the 责任人's chief and the assigner are told once per missed deadline.

The 办结时限 is watched by the shared sweep (``office.assignment_services.assignments_sweep``),
which flags the receipt and calls the instruction kind's ``on_overdue`` with it; the feedback
days are the instruction's own, checked here by a beat job. Like the vehicle checks, a candidate
names nobody in a notice until 督导小组 confirms it, and the unique constraint on (receipt,
kind, day) files each missed deadline once however often the jobs run. Reads are fixed in
number whatever the count of receipts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inspections import instruction_rules as rules
from inspections.checklist_seed import INSTRUCTION_ITEM_CODES
from inspections.dates import SHANGHAI, cn_date, cn_datetime
from inspections.models import Feedback, Finding, Instruction, Item
from inspections.services.instructions import KIND
from office.assignment_models import OPEN_STATES
from office.audit import records_actor
from office.models import Receipt, Section
from office.notifications import notify


@dataclass(frozen=True)
class Miss:
    """One missed deadline of one receipt."""

    receipt_id: int
    staff_id: int
    section_id: int
    kind: str  # Finding.AutoKind.DONE_LATE or REPORT_LATE
    day: dt.date
    due: dt.datetime
    description: str


def _file(misses: list[Miss]) -> list[Finding]:
    """File the misses not filed before; returns the new candidates (4 queries and the insert)."""
    if not misses:
        return []
    receipt_ids = {miss.receipt_id for miss in misses}
    of_receipts = Finding.objects.filter(
        source=Finding.Source.INSTRUCTION, receipt_id__in=receipt_ids
    )
    existing = set(of_receipts.values_list("receipt_id", "auto_kind", "auto_day"))
    items = dict(
        Item.objects.filter(code__in=set(INSTRUCTION_ITEM_CODES.values())).values_list("code", "pk")
    )
    new = [
        Finding(
            staff_id=miss.staff_id,
            section_id=miss.section_id,
            item_id=items[INSTRUCTION_ITEM_CODES[miss.kind]],
            occurred_at=miss.due,
            description=miss.description,
            source=Finding.Source.INSTRUCTION,
            status=Finding.Status.CANDIDATE,
            auto_kind=miss.kind,
            auto_day=miss.day,
            receipt_id=miss.receipt_id,
        )
        for miss in misses
        if (miss.receipt_id, miss.kind, miss.day) not in existing
    ]
    if not new:
        return []
    # A concurrent run may have filed the same miss a moment ago: the constraint skips it.
    Finding.objects.bulk_create(new, ignore_conflicts=True)
    created = [
        finding
        for finding in of_receipts
        if (finding.receipt_id, finding.auto_kind, finding.auto_day) not in existing
    ]
    Finding.history.bulk_history_create(created, default_date=timezone.now())
    return created


@records_actor
@transaction.atomic
def instruction_late_file(*, receipt_ids: list[int], acting_user: AbstractBaseUser | None) -> int:
    """逾期未办结: candidates for receipts the sweep has just found past their 办结时限 (it
    tells the chief and the assigner itself); returns how many were new."""
    rows = Receipt.objects.filter(pk__in=receipt_ids, assignment__kind=KIND).values_list(
        "pk", "staff_id", "section_id", "assignment__title", "assignment__due_at"
    )
    misses = [
        Miss(
            receipt_id=pk,
            staff_id=staff_id,
            section_id=section_id,
            kind=Finding.AutoKind.DONE_LATE,
            day=due.astimezone(SHANGHAI).date(),
            due=due,
            description=f"督办事项“{title}”逾期未办结（办结时限：{cn_datetime(due)}）",
        )
        for pk, staff_id, section_id, title, due in rows
    ]
    return len(_file(misses))


def _feedback_misses(now: dt.datetime) -> tuple[list[Miss], dict[int, int]]:
    """Every missed feedback day of the open receipts of instructions with a feedback rule
    (2 queries), and each receipt's assigner (their user), who is told."""
    open_receipts = Receipt.objects.filter(
        assignment__kind=KIND,
        assignment__cancelled_at__isnull=True,
        assignment__created_at__lt=now,
        assignment__instruction__interval__in=[
            Instruction.Interval.WEEKLY,
            Instruction.Interval.DAYS,
        ],
        state__in=OPEN_STATES,
    )
    rows = list(
        open_receipts.values_list(
            "pk",
            "staff_id",
            "section_id",
            "assignment__title",
            "assignment__created_at",
            "assignment__due_at",
            "assignment__created_by__user_id",
            "assignment__instruction__interval",
            "assignment__instruction__weekday",
            "assignment__instruction__every_days",
        )
    )
    times: dict[int, list[dt.datetime]] = defaultdict(list)
    for receipt_id, at in Feedback.objects.filter(receipt__in=open_receipts).values_list(
        "receipt_id", "created_at"
    ):
        times[receipt_id].append(at)
    misses, assigners = [], {}
    for pk, staff_id, section_id, title, registered, due, assigner, interval, weekday, n in rows:
        days = rules.feedback_days(
            interval=interval,
            weekday=weekday,
            every_days=n,
            registered_at=registered,
            due_at=due,
        )
        assigners[pk] = assigner
        misses += [
            Miss(
                receipt_id=pk,
                staff_id=staff_id,
                section_id=section_id,
                kind=Finding.AutoKind.REPORT_LATE,
                day=day,
                due=rules.day_end(day) - dt.timedelta(seconds=1),
                description=f"督办事项“{title}”未按时反馈进展（应于{cn_date(day)}反馈）",
            )
            for day in rules.missed_days(
                days, registered_at=registered, feedback_at=times[pk], now=now
            )
        ]
    return misses, assigners


@records_actor
@transaction.atomic
def instruction_feedback_check(*, now: dt.datetime, acting_user: AbstractBaseUser | None) -> int:
    """The daily job: file each newly missed feedback day and tell the 责任人's chief and the
    assigner, once; returns how many were new. One notification for everyone told, whatever
    the number of misses, so the job's queries stay fixed; the list it links to names them."""
    misses, assigners = _feedback_misses(now)
    created = _file(misses)
    if not created:
        return 0
    chiefs = Section.objects.filter(pk__in={f.section_id for f in created}).values_list(
        "chief__user_id", flat=True
    )
    notify(
        user_ids=[*chiefs, *(assigners[f.receipt_id] for f in created)],
        title=f"{len(created)}项督办事项未按时反馈进展",
        body="；".join(f.description for f in created[:10]),
        url=f"{reverse('inspections:instruction_list')}?state=overdue",
        acting_user=acting_user,
    )
    return len(created)
