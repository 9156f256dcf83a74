"""文件阅知 reads: a circular as one viewer meets it, the reader's list, the sender's list and
who has read it. Nothing here writes (the reading log is written by the services).

Who follows a circular's progress is the assignment mechanism's rule
(``office.assignment_selectors``): its sender, the unit's whole-unit roles, and a chief or
deputy for the people of their sections.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet
from django.shortcuts import get_object_or_404

from office.assignment_models import ANSWERED_STATES, Assignment, Receipt
from office.assignment_selectors import (
    assignment_for_viewer,
    assignments_sent_in_scope,
    receipts_of,
    receipts_visible,
)
from office.models import Staff
from office.org import Viewer
from reading.models import Circular, ReadLog

KIND = "circular"


@dataclass(frozen=True)
class CircularAccess:
    """A circular as one viewer meets it: their own receipt (None if not named), whether they
    sent it, and which pages (from 1) they have opened."""

    circular: Circular
    receipt: Receipt | None
    is_sender: bool
    pages_seen: frozenset[int] = frozenset()


def circular_access(viewer: Viewer, pk: int, *, with_pages: bool = False) -> CircularAccess:
    """404 only if there is no such circular: anyone else gets an access that
    ``circular_read_refusal`` refuses and the page logs, since a try by someone not named is
    worth recording."""
    circular = get_object_or_404(
        Circular.objects.select_related("assignment", "sender__section"), pk=pk
    )
    staff = viewer.staff
    if staff is None:
        return CircularAccess(circular=circular, receipt=None, is_sender=False)
    receipt = (
        Receipt.objects.filter(assignment_id=circular.pk, staff=staff)
        .select_related("assignment", "staff")
        .first()
    )
    pages: frozenset[int] = frozenset()
    if with_pages and receipt is not None:
        pages = frozenset(
            ReadLog.objects.filter(circular=circular, staff=staff, allowed=True, page__isnull=False)
            .values_list("page", flat=True)
            .distinct()
        )
    return CircularAccess(
        circular=circular,
        receipt=receipt,
        is_sender=circular.sender_id == staff.pk,
        pages_seen=pages,
    )


def circulars_to_read(staff: Staff) -> QuerySet[Receipt]:
    """The person's circulars, not yet read first, then the newest; one query."""
    return (
        receipts_of(staff, KIND)
        .select_related("assignment__circular", "assignment__created_by")
        .order_by("done_at", "-assignment__created_at", "-pk")
    )


def circulars_followed(viewer: Viewer) -> QuerySet[Assignment]:
    """The circulars whose progress the viewer follows, newest first, with how many were named
    and how many have read (over the whole circular); one query."""
    return (
        assignments_sent_in_scope(viewer, KIND)
        .select_related("circular")
        .annotate(
            named=Count("receipts"),
            read=Count("receipts", filter=Q(receipts__state__in=ANSWERED_STATES)),
        )
    )


def circular_followed(viewer: Viewer, pk: int) -> Circular:
    """A circular whose progress the viewer follows; 404 for anyone else."""
    assignment = assignment_for_viewer(viewer, KIND, pk)
    return get_object_or_404(
        Circular.objects.select_related("assignment", "sender__section"), assignment=assignment
    )


def sections_seen(viewer: Viewer, circular: Circular) -> frozenset[int]:
    """The sections whose people the viewer may see by name on the progress page."""
    return frozenset(
        receipts_visible(viewer, circular.assignment)
        .order_by()
        .values_list("section_id", flat=True)
        .distinct()
    )


@dataclass
class ReaderRow:
    receipt: Receipt
    first_opened: dt.datetime | None = None
    last_opened: dt.datetime | None = None
    pages_seen: int = 0


def circular_readers(viewer: Viewer, circular: Circular, section_id: int) -> list[ReaderRow]:
    """The people of one section the viewer may see by name, not yet read first, with when
    they first and last opened it and how many of its pages: two queries however many."""
    receipts = list(
        receipts_visible(viewer, circular.assignment)
        .filter(section_id=section_id)
        .order_by("done_at", "staff__staff_no")
    )
    opened = {
        row["staff_id"]: row
        for row in ReadLog.objects.filter(
            circular=circular, allowed=True, staff_id__in=[r.staff_id for r in receipts]
        )
        .values("staff_id")
        .annotate(first=Min("at"), last=Max("at"), pages=Count("page", distinct=True))
    }
    return [
        ReaderRow(
            receipt=receipt,
            first_opened=opened.get(receipt.staff_id, {}).get("first"),
            last_opened=opened.get(receipt.staff_id, {}).get("last"),
            pages_seen=opened.get(receipt.staff_id, {}).get("pages", 0),
        )
        for receipt in receipts
    ]


def circular_refusals(circular: Circular, limit: int = 50) -> list[ReadLog]:
    """The latest refused attempts to open it (someone not named, after the end, withdrawn)."""
    return list(
        ReadLog.objects.filter(circular=circular, allowed=False)
        .select_related("staff__section", "user")
        .order_by("-at", "-pk")[:limit]
    )
