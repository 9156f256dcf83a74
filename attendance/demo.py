"""Demo attendance (python manage.py seed_demo): ~20 working days of clocks with realistic
variety, stored statuses, and a few 补卡 and 外出 requests in different states. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from attendance.engine import LOCAL
from attendance.errors import AttendanceError
from attendance.models import (
    ClockRecord,
    MakeUpRequest,
    OutingRequest,
    Schedule,
    ScheduleAssignment,
)
from attendance.schedules import load_book
from attendance.services import day_close, day_status_refresh
from attendance.services.requests import makeup_create, outing_create, outing_return
from office import calendar
from office.approvals.services import ApprovalError, approval_decide
from office.models import Section, Staff

DAYS_BACK = 28
DUTY_SCHEDULE = "值班室作息"


def _moment(day: dt.date, due: dt.time, offset_seconds: int) -> dt.datetime:
    return dt.datetime.combine(day, due, tzinfo=LOCAL) + dt.timedelta(seconds=offset_seconds)


def _offset(rng: random.Random, arriving: bool) -> int | None:
    """Seconds from the due time: mostly early arrivals / late departures, some lapses."""
    roll = rng.random()
    if roll < 0.004:
        return None  # forgot to clock
    if roll < 0.035:
        return rng.randint(60, 25 * 60) * (1 if arriving else -1)  # late / early
    if roll < 0.038:
        return rng.randint(35 * 60, 70 * 60) * (1 if arriving else -1)  # over the half-day rule
    return rng.randint(-25 * 60, -60) * (1 if arriving else -1)


def _schedules(start: dt.date) -> None:
    if not Schedule.objects.filter(name=DUTY_SCHEDULE).exists():
        Schedule.objects.create(
            name=DUTY_SCHEDULE,
            valid_from=start,
            points=2,
            am_start=dt.time(8, 0),
            am_end=dt.time(12, 0),
            summer_pm_end=dt.time(18, 0),
            winter_pm_end=dt.time(17, 30),
        )
    duty = Section.objects.filter(name="接待科").first()
    if duty and not ScheduleAssignment.objects.filter(section=duty).exists():
        ScheduleAssignment.objects.create(
            schedule_name=DUTY_SCHEDULE, section=duty, valid_from=start
        )


# This week's lapses, the same whenever the demo is loaded: (工号, which working day before
# today, -1 the last, point) -> seconds late, None for no clock at all. 1102 forgot a clock the
# working day before today, so the demo can show 补卡; 1105 too; 1103, 1204 and 1302 came late.
STORY: dict[tuple[str, int, str], int | None] = {
    ("1102", -1, "am_in"): None,
    ("1105", -2, "pm_out"): None,
    ("1103", -1, "am_in"): 12 * 60 + 40,
    ("1204", -2, "am_in"): 18 * 60,
    ("1302", -1, "am_in"): 7 * 60 + 5,
    ("1103", -3, "am_in"): 9 * 60,
}


def _clocks(
    people: list[Staff], days: list[dt.date], now: dt.datetime, skip: set[tuple[int, dt.date]]
) -> None:
    book = load_book()
    existing = set(
        ClockRecord.objects.filter(date__range=(days[0], days[-1])).values_list(
            "staff_id", "date", "point"
        )
    )
    past = [d for d in days if d < timezone.localtime(now).date()]
    story = {
        (staff_no, past[index], point): offset
        for (staff_no, index, point), offset in STORY.items()
        if len(past) >= -index
    }
    new = []
    for person in people:
        rng = random.Random(f"{person.staff_no}")
        absent_day = rng.choice(days) if rng.random() < 0.08 else None
        for day in days:
            if day == absent_day:
                continue
            hours = book.hours_for(person.pk, person.section_id, day)
            for point, due in hours.points_list():
                offset = _offset(rng, point.endswith("in"))
                offset = story.get((person.staff_no, day, point), offset)
                at = None if offset is None else _moment(day, due, offset)
                if at is None or at > now or (person.pk, day, point) in existing:
                    continue
                if point == "am_in" and (person.pk, day) in skip:
                    continue
                new.append(
                    ClockRecord(
                        staff=person,
                        date=day,
                        point=point,
                        at=at,
                        ip="10.10.1.20",
                        user_agent="Mozilla/5.0 (iPhone) 演示数据",
                    )
                )
    if new:
        ClockRecord.objects.bulk_create(new, batch_size=500)


def _members(people: list[Staff]) -> list[Staff]:
    """Plain members of sections that have a chief (the demo's applicants), in 工号 order,
    leaving out those whose lapses this week are the story (1102 makes up his own)."""
    story = {staff_no for staff_no, _, _ in STORY}
    return sorted(
        (p for p in people if p.section.chief_id not in (None, p.pk) and p.staff_no not in story),
        key=lambda p: p.staff_no,
    )[:5]


def _makeups(members: list[Staff], days: list[dt.date]) -> list[tuple[Staff, dt.date, bool]]:
    return [(members[0], days[-4], True), (members[1], days[-3], False)]


def _requests(people: list[Staff], days: list[dt.date], today: dt.date) -> None:
    if MakeUpRequest.objects.exists() or OutingRequest.objects.exists():
        return
    members = _members(people)
    for person, day, approve in _makeups(members, days):
        request_obj = makeup_create(
            acting_user=person.user,
            date=day,
            point="am_in",
            claimed_time=dt.time(8, 26),
            reason="早上忘记打卡，到岗时科长在场可证明",
        )
        if approve:
            approval_decide(
                request_obj=request_obj, acting_user=person.section.chief.user, approve=True
            )
    for index, (person, back) in enumerate(
        ((members[2], True), (members[3], False), (members[4], None))
    ):
        day = days[-1] if index < 2 else today
        outing = outing_create(
            acting_user=person.user,
            destination=["市财政局", "市档案馆", "市政务服务中心"][index],
            reason=["报送年度预算材料", "查阅2019年会议纪要", "协调办事窗口问题"][index],
            start=_moment(day, dt.time(9, 30), 0),
            expected_return=_moment(day, dt.time(11, 30), 0),
        )
        if back is None:
            continue
        approval_decide(request_obj=outing, acting_user=person.section.chief.user, approve=True)
        if back:
            outing_return(
                request_obj=outing, acting_user=person.user, now=_moment(day, dt.time(11, 10), 0)
            )


def seed(*, today: dt.date) -> None:
    start = today - dt.timedelta(days=DAYS_BACK)
    days = calendar.working_days(start, today - dt.timedelta(days=1))
    if not days:
        return
    people = list(Staff.objects.filter(status=Staff.Status.ACTIVE).select_related("section"))
    # Today's clocks stop at 09:00, and never pass the real time (a demo started after midnight).
    now = min(timezone.now(), dt.datetime.combine(today, dt.time(9, 0), tzinfo=LOCAL))
    with transaction.atomic():
        _schedules(start)
        members = _members(people)
        enough = len(members) == 5 and len(days) >= 6
        skip = {(p.pk, d) for p, d, _ in _makeups(members, days)} if enough else set()
        clock_days = [*days, today] if calendar.is_working_day(today) else days
        _clocks(people, clock_days, now, skip)
        try:
            if enough:
                _requests(people, days, today)
        except (ApprovalError, AttendanceError):
            pass  # the demo office lacks a chief somewhere: requests stay as they are
        for day in calendar.days(start, today - dt.timedelta(days=1)):
            day_close(day=day, acting_user=None)
        day_status_refresh(
            staff_ids=[p.pk for p in people], start=today, end=today, acting_user=None
        )
