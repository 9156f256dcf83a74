"""A November 2026 of 绩效 for ``org.staff``, worked out by hand in ``EXPECTED``.

With the default rules (旷工 10 per half-day, 迟到 2, 早退 2, 工作纪律 5; "三公"消费 set to 8;
overtime 1 per hour):

    3日 全天旷工             2 half-days   -20
    4日 上午迟到              1            -2
    5日 下午早退              1            -2
    6日 上午迟到 + 下午早退    1 + 1        -4
    9日 上午旷工              1 half-day   -10
    17日 finding 1-07 (工作纪律), confirmed       -5
    18日 finding 4-02 ("三公"消费), rectifying     -8
    7日 overtime 3.5 h verified, converted to 绩效  +3.5
    ----------------------------------------------------
    deducted 51, rewarded 3.5, total -47.5

Rows that must not count: a finding only recorded, one dismissed, a confirmed 旷工 candidate of
the weekly compile (its day is counted already), overtime converted to 调休, overtime not yet
verified, a 旷工 day in October, and another person's 旷工.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from inspections.dates import SHANGHAI
from inspections.models import Finding, Item
from leave.models import Conversion, OvertimeEntry, OvertimeRequest
from office.approvals.models import ApprovalStatus
from office.models import Staff
from tests.inspections.factories import FindingFactory

NOVEMBER = dt.date(2026, 11, 1)
EXPECTED = {
    "absent_half_day": (Decimal(3), Decimal(-30)),
    "late": (Decimal(2), Decimal(-4)),
    "early": (Decimal(2), Decimal(-4)),
    "finding_1": (Decimal(1), Decimal(-5)),
    "finding_4": (Decimal(1), Decimal(-8)),
    "overtime_hour": (Decimal("3.5"), Decimal("3.5")),
}
DEDUCTED, REWARDED, TOTAL = Decimal(51), Decimal("3.5"), Decimal("-47.5")

A, L, E, N = DayStatus.ABSENT, DayStatus.LATE, DayStatus.EARLY, DayStatus.NORMAL


def day(person: Staff, date: dt.date, am: str, pm: str, late: int = 0, early: int = 0) -> None:
    AttendanceDay.objects.create(
        staff=person,
        date=date,
        am_status=am,
        pm_status=pm,
        late_minutes=late,
        early_minutes=early,
        computed_at=timezone.now(),
        is_final=True,
    )


def overtime(person: Staff, date: dt.date, hours: str, conversion: str, verified: bool) -> None:
    request = OvertimeRequest.objects.create(
        applicant=person,
        status=ApprovalStatus.APPROVED,
        section=person.section,
        date=date,
        start_time=dt.time(9, 0),
        end_time=dt.time(13, 0),
        reason="准备全市工作会议材料",
        recorded_at=timezone.now(),
        verified_at=timezone.now() if verified else None,
        conversion=conversion if verified else "",
    )
    OvertimeEntry.objects.create(
        overtime=request,
        staff=person,
        planned_hours=Decimal(4),
        actual_hours=Decimal(hours),
        verified_hours=Decimal(hours) if verified else None,
    )


def at(day_of_november: int) -> dt.datetime:
    return dt.datetime(2026, 11, day_of_november, 10, 0, tzinfo=SHANGHAI)


def november_of(person: Staff, other: Staff) -> dict[str, object]:
    """The month above; returns the rows a test may want to point at."""
    day(person, dt.date(2026, 11, 3), A, A)
    day(person, dt.date(2026, 11, 4), L, N, late=12)
    day(person, dt.date(2026, 11, 5), N, E, early=20)
    day(person, dt.date(2026, 11, 6), L, E, late=5, early=5)
    day(person, dt.date(2026, 11, 9), A, N)
    day(person, dt.date(2026, 11, 10), N, N)
    day(person, dt.date(2026, 10, 30), A, A)
    day(other, dt.date(2026, 11, 3), A, A)
    discipline = FindingFactory(staff=person, occurred_at=at(17))
    spending = FindingFactory(
        staff=person,
        occurred_at=at(18),
        item=Item.objects.get(code="4-02"),
        status=Finding.Status.RECTIFYING,
        rectify_deadline=dt.date(2026, 11, 30),
    )
    FindingFactory(staff=person, occurred_at=at(19), status=Finding.Status.RECORDED)
    FindingFactory(staff=person, occurred_at=at(20), status=Finding.Status.DISMISSED)
    FindingFactory(
        staff=person,
        occurred_at=at(3),
        item=Item.objects.get(code="1-01"),
        source=Finding.Source.ATTENDANCE,
        auto_kind=Finding.AutoKind.ABSENT,
        auto_day=dt.date(2026, 11, 3),
    )
    overtime(person, dt.date(2026, 11, 7), "3.5", Conversion.PERFORMANCE, verified=True)
    overtime(person, dt.date(2026, 11, 14), "4", Conversion.COMP_TIME, verified=True)
    overtime(person, dt.date(2026, 11, 21), "2", Conversion.PERFORMANCE, verified=False)
    return {"discipline": discipline, "spending": spending}
