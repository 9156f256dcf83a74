"""考勤自动: the weekly compile turns attendance facts into candidate findings.

旷工 (per person and day), 迟到早退 at or over the weekly threshold (per person and week, filed
on the Monday), and 逾期未销假 (per leave, filed on its last day). Candidates wait for 督导小组 to
confirm or dismiss them; the unique constraint on (person, day, kind) means a compile run any
number of times never files the same fact twice. Facts are read with a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from attendance.services import pending_days_refresh
from inspections.checklist_seed import AUTO_ITEM_CODES
from inspections.dates import SHANGHAI, cn_date
from inspections.models import Finding, Item
from leave.selectors import overdue_report_backs
from office.audit import records_actor

Key = tuple[int, dt.date, str]
LATE_EARLY = (DayStatus.LATE, DayStatus.EARLY)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI)


def _absences(first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    days = AttendanceDay.objects.filter(date__range=(first, last)).filter(
        Q(am_status=DayStatus.ABSENT) | Q(pm_status=DayStatus.ABSENT)
    )
    facts = []
    for staff_id, section_id, day, am, pm in days.values_list(
        "staff_id", "staff__section_id", "date", "am_status", "pm_status"
    ):
        halves = (
            "全天" if am == pm == DayStatus.ABSENT else "上午" if am == DayStatus.ABSENT else "下午"
        )
        facts.append(
            {
                "staff_id": staff_id,
                "section_id": section_id,
                "day": day,
                "kind": Finding.AutoKind.ABSENT,
                "description": f"{cn_date(day)}{halves}旷工（无打卡且无请假、外出审批）",
            }
        )
    return facts


def _late_early(first: dt.date, last: dt.date, threshold: int) -> list[dict[str, Any]]:
    def half(field: str) -> Case:
        return Case(
            When(**{f"{field}__in": LATE_EARLY}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )

    rows = (
        AttendanceDay.objects.filter(date__range=(first, last))
        .values("staff_id", "staff__section_id")
        .annotate(times=Sum(half("am_status")) + Sum(half("pm_status")))
        .filter(times__gte=threshold)
    )
    return [
        {
            "staff_id": row["staff_id"],
            "section_id": row["staff__section_id"],
            "day": first,
            "kind": Finding.AutoKind.LATE_EARLY,
            "description": f"{cn_date(first)}至{cn_date(last)}迟到早退{row['times']}次",
        }
        for row in rows
    ]


def _overdue_report_backs(first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "staff_id": leave.applicant_id,
            "section_id": leave.applicant.section_id,
            "day": leave.end_date,
            "kind": Finding.AutoKind.REPORT_BACK,
            "description": f"{leave}结束后未按时销假",
        }
        for leave in overdue_report_backs(start=first, end=last)
    ]


@records_actor
def attendance_candidates_create(
    *, first: dt.date, last: dt.date, config: dict[str, Any], acting_user: AbstractBaseUser | None
) -> int:
    """File the week's attendance facts as candidates; returns how many were new."""
    # The compile is a write (the Monday job or 督导小组's POST), not a page: it stores the taps
    # still pending first, so the facts it files are those any later report reads back.
    pending_days_refresh(acting_user=None)  # counting taps is the system's, not the compiler's
    facts = (
        _absences(first, last)
        + _late_early(first, last, config["late_early_weekly_threshold"])
        + _overdue_report_backs(first, last)
    )
    if not facts:
        return 0
    existing: set[Key] = set(
        Finding.objects.filter(
            source=Finding.Source.ATTENDANCE, auto_day__range=(first, last)
        ).values_list("staff_id", "auto_day", "auto_kind")
    )
    items = dict(Item.objects.filter(code__in=AUTO_ITEM_CODES.values()).values_list("code", "pk"))
    new = [
        Finding(
            staff_id=fact["staff_id"],
            section_id=fact["section_id"],
            item_id=items[AUTO_ITEM_CODES[fact["kind"]]],
            occurred_at=_at(fact["day"]),
            description=fact["description"],
            source=Finding.Source.ATTENDANCE,
            status=Finding.Status.CANDIDATE,
            auto_kind=fact["kind"],
            auto_day=fact["day"],
        )
        for fact in facts
        if (fact["staff_id"], fact["day"], fact["kind"]) not in existing
    ]
    if not new:
        return 0
    # A concurrent compile may have filed the same fact a moment ago: the constraint skips it.
    # SQLite splits the insert into batches by its parameter limit; reads stay constant.
    Finding.objects.bulk_create(new, ignore_conflicts=True)
    # bulk_create returns no keys when conflicts are ignored: re-read the week's candidates
    # and write the history of the ones that were not there before.
    created = [
        finding
        for finding in Finding.objects.filter(
            source=Finding.Source.ATTENDANCE, auto_day__range=(first, last)
        )
        if (finding.staff_id, finding.auto_day, finding.auto_kind) not in existing
    ]
    Finding.history.bulk_history_create(created, default_date=timezone.now())
    return len(created)
