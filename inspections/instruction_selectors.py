"""Reads of the 督办 pages, with who may see what applied here.

An instruction is seen by whoever registered it, its 责任人, the chiefs and 分管主任 of their
sections, and the unit's 主任 and 督导小组 (市级 roles: every unit). Every list is one query
for the page plus its count, however many receipts the instructions hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone

from inspections.dates import SHANGHAI
from inspections.models import FeedbackAttachment, Finding, Instruction
from inspections.services.instructions import KIND
from office.assignment_models import ANSWERED_STATES, OPEN_STATES
from office.models import Receipt, ReceiptState, Section
from office.org import Viewer

STATES = {
    "open": "办理中",
    "overdue": "已逾期",
    "review": "待确认",
    "closed": "已办结",
}


def sees_unit_instructions(viewer: Viewer) -> bool:
    return viewer.is_director or viewer.runs_inspections or viewer.is_city_leader


def may_follow(viewer: Viewer) -> bool:
    """The 督办 list and 台账 are for leaders: 主任, 分管主任, 科长, 督导小组 (and the city)."""
    return sees_unit_instructions(viewer) or bool(viewer.managed_section_ids)


def instruction_visibility(viewer: Viewer) -> Q:
    if sees_unit_instructions(viewer):
        return viewer.unit_filter("assignment__")
    concerned = Q(pk__in=[])
    if viewer.managed_section_ids:
        concerned |= Q(section_id__in=viewer.managed_section_ids)
    if viewer.staff is not None:
        concerned |= Q(staff_id=viewer.staff.pk)
    receipts = Receipt.objects.filter(concerned, assignment_id=OuterRef("pk"))
    mine = Q(assignment__created_by_id=viewer.staff.pk) if viewer.staff else Q(pk__in=[])
    return mine | Q(Exists(receipts))


def instructions_listed(viewer: Viewer, state: str = "") -> QuerySet[Instruction]:
    """The instructions the viewer follows with their receipts counted by state (one GROUP
    BY), overdue ones first, then by 办结时限."""
    now = timezone.now()
    receipts = "assignment__receipts"
    listed = (
        Instruction.objects.filter(instruction_visibility(viewer))
        .filter(assignment__cancelled_at__isnull=True)
        .select_related("assignment__created_by")
        .annotate(
            total=Count(receipts),
            pending=Count(receipts, filter=Q(**{f"{receipts}__state": ReceiptState.PENDING})),
            accepted=Count(receipts, filter=Q(**{f"{receipts}__state": ReceiptState.ACCEPTED})),
            done=Count(receipts, filter=Q(**{f"{receipts}__state": ReceiptState.DONE})),
            confirmed=Count(receipts, filter=Q(**{f"{receipts}__state": ReceiptState.CONFIRMED})),
            late=Count(
                receipts,
                filter=Q(**{f"{receipts}__state__in": OPEN_STATES}, assignment__due_at__lt=now),
            ),
        )
    )
    if state == "open":
        listed = listed.filter(Q(pending__gt=0) | Q(accepted__gt=0))
    elif state == "overdue":
        listed = listed.filter(late__gt=0)
    elif state == "review":
        listed = listed.filter(done__gt=0)
    elif state == "closed":
        listed = listed.filter(confirmed=F("total"))
    overdue = ExpressionWrapper(Q(late__gt=0), output_field=BooleanField())
    return listed.alias(overdue=overdue).order_by("-overdue", "assignment__due_at", "pk")


def instruction_for_viewer(viewer: Viewer, pk: int) -> Instruction:
    """One instruction the viewer may see; 404 otherwise (no existence leak)."""
    found = (
        Instruction.objects.filter(instruction_visibility(viewer), pk=pk)
        .select_related("assignment__created_by__section", "assignment__unit")
        .first()
    )
    if found is None:
        raise Http404("没有找到这项督办事项，或您无权查看。")
    return found


def instruction_receipts(instruction: Instruction) -> list[Receipt]:
    """Its receipts with person, section and feedback (with attachments): 3 queries. Each is
    handed the instruction's assignment, so asking what a viewer may do costs no query."""
    found = list(
        Receipt.objects.filter(assignment_id=instruction.pk)
        .select_related("staff", "section")
        .prefetch_related("feedback__attachments")
        .order_by("section__order", "staff__staff_no", "pk")
    )
    for receipt in found:
        receipt.assignment = instruction.assignment
    return found


def receipt_for_viewer(viewer: Viewer, pk: int) -> Receipt:
    """A 督办 receipt of an instruction the viewer may see (the action decides the rest)."""
    visible = Instruction.objects.filter(instruction_visibility(viewer)).values("pk")
    found = (
        Receipt.objects.filter(pk=pk, assignment__kind=KIND, assignment_id__in=visible)
        .select_related("assignment__created_by", "staff", "section")
        .first()
    )
    if found is None:
        raise Http404("没有找到这项督办事项，或您无权查看。")
    return found


def attachment_for_viewer(viewer: Viewer, pk: int) -> FeedbackAttachment:
    visible = Instruction.objects.filter(instruction_visibility(viewer)).values("pk")
    found = FeedbackAttachment.objects.filter(
        pk=pk, feedback__receipt__assignment_id__in=visible
    ).first()
    if found is None:
        raise Http404("没有找到这个附件，或您无权查看。")
    return found


def my_receipts(viewer: Viewer) -> QuerySet[Receipt]:
    """我的督办: the viewer's own receipts, open ones first, then by 办结时限."""
    if viewer.staff is None:
        return Receipt.objects.none()
    return (
        Receipt.objects.filter(staff_id=viewer.staff.pk, assignment__kind=KIND)
        .filter(assignment__cancelled_at__isnull=True)
        .select_related("assignment__created_by", "assignment__instruction")
        .annotate(feedback_count=Count("feedback"))
        .alias(done=ExpressionWrapper(~Q(state__in=OPEN_STATES), output_field=BooleanField()))
        .order_by("done", "assignment__due_at", "pk")
    )


# --- 督办台账: 按期 / 逾期 by section ---------------------------------------------------------


@dataclass
class LedgerRow:
    section: str
    total: int
    on_time: int  # reported done by the 办结时限
    late_done: int  # reported done after it
    late_open: int  # not done and past it
    not_due: int  # not done, not yet due
    feedback_missed: int  # feedback days missed (candidates not dismissed)

    @property
    def decided(self) -> int:
        return self.on_time + self.late_done + self.late_open

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None

    @property
    def late_rate(self) -> float | None:
        return (self.late_done + self.late_open) / self.decided if self.decided else None

    @property
    def on_time_percent(self) -> str:
        return percent(self.on_time_rate)

    @property
    def late_percent(self) -> str:
        return percent(self.late_rate)


def percent(rate: float | None) -> str:
    """83.3%, or a dash when nothing was due yet."""
    return "—" if rate is None else f"{rate:.1%}"


def period_receipts(section_ids: list[int], start: dt.date, end: dt.date) -> QuerySet[Receipt]:
    """The 督办 receipts of the sections whose 办结时限 falls from ``start`` to ``end``."""
    first = dt.datetime.combine(start, dt.time(), tzinfo=SHANGHAI)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
    return Receipt.objects.filter(
        assignment__kind=KIND,
        assignment__cancelled_at__isnull=True,
        section_id__in=section_ids,
        assignment__due_at__gte=first,
        assignment__due_at__lt=after,
    )


def ledger_rows(sections: list[Section], start: dt.date, end: dt.date) -> list[LedgerRow]:
    """One row per section (and none for a section with no 督办), in the sections' order: two
    GROUP BY queries whatever the number of receipts."""
    now = timezone.now()
    ids = [s.pk for s in sections]
    done = Q(state__in=ANSWERED_STATES)
    counts = {
        row["section_id"]: row
        for row in period_receipts(ids, start, end)
        .values("section_id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=done & Q(done_at__lte=F("assignment__due_at"))),
            late_done=Count("pk", filter=done & Q(done_at__gt=F("assignment__due_at"))),
            late_open=Count("pk", filter=~done & Q(assignment__due_at__lt=now)),
        )
        .order_by()
    }
    missed = dict(
        Finding.objects.filter(
            source=Finding.Source.INSTRUCTION,
            auto_kind=Finding.AutoKind.REPORT_LATE,
            receipt__in=period_receipts(ids, start, end),
        )
        .exclude(status=Finding.Status.DISMISSED)
        .values("section_id")
        .annotate(n=Count("pk"))
        .values_list("section_id", "n")
        .order_by()
    )
    rows = []
    for section in sections:
        row = counts.get(section.pk)
        if row is None:
            continue
        rows.append(
            LedgerRow(
                section=section.name,
                total=row["total"],
                on_time=row["on_time"],
                late_done=row["late_done"],
                late_open=row["late_open"],
                not_due=row["total"] - row["on_time"] - row["late_done"] - row["late_open"],
                feedback_missed=missed.get(section.pk, 0),
            )
        )
    return rows
