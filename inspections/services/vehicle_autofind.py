"""用车自动: the vehicle checks (vehicles.checks) filed as candidate findings under the "三公"
items. A candidate names nobody in a notice until 督导小组 confirms it; the unique constraint on
(trip, kind) means a run repeated any number of times files each fact once. Reads are fixed in
number: the trips (one), what was filed before (one), the items (one).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from inspections.checklist_seed import VEHICLE_ITEM_CODES
from inspections.dates import SHANGHAI
from inspections.models import Finding, Item
from office.audit import records_actor
from vehicles.checks import trip_facts


@records_actor
def vehicle_candidates_create(
    *, first: dt.date, last: dt.date, acting_user: AbstractBaseUser | None
) -> int:
    """File the facts of the trips started from ``first`` to ``last``; returns how many were new."""
    facts = trip_facts(first, last)
    if not facts:
        return 0
    trip_ids = {fact.trip_id for fact in facts}
    existing = set(
        Finding.objects.filter(source=Finding.Source.VEHICLE, trip_id__in=trip_ids).values_list(
            "trip_id", "auto_kind"
        )
    )
    items = dict(
        Item.objects.filter(code__in=set(VEHICLE_ITEM_CODES.values())).values_list("code", "pk")
    )
    new = [
        Finding(
            staff_id=fact.staff_id,
            section_id=fact.section_id,
            item_id=items[VEHICLE_ITEM_CODES[fact.kind]],
            occurred_at=dt.datetime.combine(fact.day, dt.time(9), tzinfo=SHANGHAI),
            place=fact.place,
            description=fact.description,
            source=Finding.Source.VEHICLE,
            status=Finding.Status.CANDIDATE,
            auto_kind=fact.kind,
            auto_day=fact.day,
            trip_id=fact.trip_id,
        )
        for fact in facts
        if (fact.trip_id, fact.kind) not in existing
    ]
    if not new:
        return 0
    # A concurrent run may have filed the same fact a moment ago: the constraint skips it.
    Finding.objects.bulk_create(new, ignore_conflicts=True)
    created = [
        finding
        for finding in Finding.objects.filter(source=Finding.Source.VEHICLE, trip_id__in=trip_ids)
        if (finding.trip_id, finding.auto_kind) not in existing
    ]
    Finding.history.bulk_history_create(created, default_date=timezone.now())
    return len(created)
