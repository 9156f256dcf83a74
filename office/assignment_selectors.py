"""Reads of the assignment mechanism: a person's open receipts, what a viewer sent or oversees,
progress per state and section, one receipt or assignment for a viewer, the home queue's line.

The role and object filters are applied here, so a page cannot forget them; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from office.assignment_models import ANSWERED_STATES, OPEN_STATES, Assignment, Receipt, ReceiptState
from office.assignments import KINDS, assignment_kind
from office.home import QueueItem
from office.models import Staff
from office.org import Viewer


def receipts_open_for(staff: Staff, kind: str | None = None) -> QuerySet[Receipt]:
    """What ``staff`` still owes (待签收 / 已签收 not yet done) of assignments not withdrawn,
    the nearest deadline first, with the assignment joined."""
    receipts = Receipt.objects.filter(
        staff=staff, state__in=OPEN_STATES, assignment__cancelled_at__isnull=True
    )
    if kind is not None:
        receipts = receipts.filter(assignment__kind=kind)
    return receipts.select_related("assignment").order_by("assignment__due_at", "pk")


def receipts_of(staff: Staff, kind: str) -> QuerySet[Receipt]:
    """Every receipt of ``staff`` for ``kind``, open or answered, newest first."""
    return (
        Receipt.objects.filter(staff=staff, assignment__kind=kind)
        .select_related("assignment")
        .order_by("-assignment__created_at", "-pk")
    )


def _in_scope(viewer: Viewer) -> Q:
    """Assignments ``viewer`` sent, or (主任, 政工科, 管理员) any of their unit, or (科长,
    分管主任) any that reached one of their sections."""
    if viewer.staff is None:
        return Q(pk__in=[])
    scope = Q(created_by=viewer.staff)
    if viewer.sees_whole_unit:
        scope |= viewer.unit_filter()
    if viewer.managed_section_ids:
        reached = Receipt.objects.filter(
            assignment=OuterRef("pk"), section_id__in=viewer.managed_section_ids
        )
        scope |= Q(Exists(reached))
    return scope


def assignments_sent_in_scope(viewer: Viewer, kind: str) -> QuerySet[Assignment]:
    """The assignments of ``kind`` a viewer follows, newest first, with the sender joined."""
    return (
        Assignment.objects.filter(_in_scope(viewer), kind=kind)
        .select_related("created_by__section", "unit")
        .order_by("-created_at", "-pk")
    )


def assignment_for_viewer(viewer: Viewer, kind: str, pk: int) -> Assignment:
    """One assignment the viewer follows (see ``assignments_sent_in_scope``); 404 for others."""
    assignment = assignments_sent_in_scope(viewer, kind).filter(pk=pk).first()
    if assignment is None:
        raise Http404("没有找到这项任务，或您无权查看。")
    return assignment


def receipt_for_recipient(staff: Staff, kind: str, assignment_id: int) -> Receipt:
    """The person's own receipt of an assignment (with it joined); 404 when not a recipient."""
    receipt = (
        Receipt.objects.filter(staff=staff, assignment_id=assignment_id, assignment__kind=kind)
        .select_related("assignment__created_by")
        .first()
    )
    if receipt is None:
        raise Http404("没有找到交给您的这项任务。")
    return receipt


def receipts_visible(viewer: Viewer, assignment: Assignment) -> QuerySet[Receipt]:
    """The receipts of ``assignment`` the viewer may see by name: all of them for its sender
    and whole-unit roles, their sections' for a chief or deputy, their own otherwise."""
    receipts = assignment.receipts.select_related("staff", "section")
    if viewer.staff is not None and assignment.created_by_id == viewer.staff.pk:
        return receipts
    if viewer.sees_whole_unit and (viewer.is_city or viewer.unit_id == assignment.unit_id):
        return receipts
    own = Q(staff=viewer.staff) if viewer.staff is not None else Q(pk__in=[])
    return receipts.filter(own | Q(section_id__in=viewer.managed_section_ids))


@dataclass
class SectionProgress:
    section_id: int
    name: str
    counts: dict[str, int] = field(default_factory=dict)  # per ReceiptState value

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def answered(self) -> int:
        return sum(self.counts.get(state, 0) for state in ANSWERED_STATES)

    @property
    def open(self) -> int:
        return self.total - self.answered

    @property
    def rate(self) -> int:
        """Per cent answered, rounded down (a section is 100% only when everyone answered)."""
        return self.answered * 100 // self.total if self.total else 0


@dataclass
class Progress:
    sections: list[SectionProgress]
    counts: dict[str, int]  # per ReceiptState value, over every section

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def answered(self) -> int:
        return sum(self.counts.get(state, 0) for state in ANSWERED_STATES)

    @property
    def open(self) -> int:
        return self.total - self.answered


def assignment_progress(
    assignment: Assignment, section_ids: frozenset[int] | None = None
) -> Progress:
    """Counts per state and per section (the section each receipt was sent to), in one
    GROUP BY; ``section_ids`` limits it (a chief's view of their sections)."""
    rows = assignment.receipts.all()
    if section_ids is not None:
        rows = rows.filter(section_id__in=section_ids)
    grouped = (
        rows.values("section_id", "section__name", "section__order", "state")
        .annotate(n=Count("pk"))
        .order_by("section__order", "section_id")
    )
    sections: dict[int, SectionProgress] = {}
    totals = dict.fromkeys(ReceiptState.values, 0)
    for row in grouped:
        section = sections.setdefault(
            row["section_id"], SectionProgress(row["section_id"], row["section__name"])
        )
        section.counts[row["state"]] = row["n"]
        totals[row["state"]] += row["n"]
    return Progress(sections=list(sections.values()), counts=totals)


def receipt_queue(viewer: Viewer) -> list[QueueItem]:
    """The home queue: per kind, the viewer's open receipts and (kinds the assigner confirms)
    answers waiting for their confirmation; one query for every kind, lines only where
    something waits."""
    if viewer.staff is None or not KINDS:
        return []
    me = viewer.staff
    confirmed_by_sender = [slug for slug, kind in KINDS.items() if kind.needs_confirm]
    mine = Q(staff=me, state__in=OPEN_STATES)
    to_confirm = Q(
        assignment__created_by=me, state=ReceiptState.DONE, assignment__kind__in=confirmed_by_sender
    )
    rows = (
        Receipt.objects.filter(mine | to_confirm, assignment__cancelled_at__isnull=True)
        .values("assignment__kind")
        .annotate(mine=Count("pk", filter=mine), to_confirm=Count("pk", filter=to_confirm))
        .order_by("assignment__kind")
    )
    items = []
    for row in rows:
        if row["assignment__kind"] not in KINDS:
            continue
        kind = assignment_kind(row["assignment__kind"])
        if row["mine"]:
            items.append(QueueItem(kind.queue_label, row["mine"], kind.queue_url()))
        if row["to_confirm"]:
            items.append(QueueItem(f"待确认{kind.label}", row["to_confirm"], kind.sent_url()))
    return items
