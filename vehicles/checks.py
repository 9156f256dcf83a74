"""The checks the inspection group gets as candidate findings ("三公"消费), read from the trips.

Four rules, each a pure function of the trips read once (``trip_facts``):

- 无审批出车: a trip with no request, or whose request is not approved.
- 非工作时间出车: a trip on a non-working day (work calendar), or starting before the morning
  or ending after the afternoon hours of the driver's schedule, with no 非工作时间出车事由.
- 里程不连续: a trip starting more than ``vehicle_odometer_gap_km`` past the car's previous
  trip's end reading: the car ran in between with nothing logged.
- 频繁前往同一地点: one person (the applicant, or the driver of a trip with no request) goes to
  the same destination ``vehicle_repeat_destination_times`` or more times in a calendar month,
  where the destination is neither one of ``vehicle_official_places`` nor named in the
  request's purpose. The fact is filed on the trip that reaches the count.

Queries: one for the trips (each with its car's previous end reading as a subquery); the
calendar, schedules and settings come from the cache.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from attendance.schedules import load_book
from office import calendar, config
from office.approvals.models import ApprovalStatus
from vehicles.models import Trip

NO_REQUEST, OFF_HOURS, ODOMETER_GAP, REPEAT_PLACE = (
    "no_request",
    "off_hours",
    "odometer_gap",
    "repeat_place",
)


@dataclass(frozen=True)
class TripFact:
    kind: str
    trip_id: int
    staff_id: int | None  # None: about the car (its keeping section), not a person
    section_id: int
    day: dt.date
    place: str
    description: str


def _label(trip: Trip) -> str:
    start = timezone.localtime(trip.started_at)
    return f"{start:%Y年%m月%d日 %H:%M}，{trip.vehicle.plate}（驾驶员{trip.driver.staff.name}）"


def _user(trip: Trip) -> tuple[int, int]:
    """Whose use the trip is: the applicant's, or the driver's when nobody asked."""
    if trip.request_id is not None:
        return trip.request.applicant_id, trip.request.applicant.section_id
    return trip.driver.staff_id, trip.driver.staff.section_id


def no_request(trip: Trip) -> TripFact | None:
    if trip.request_id is not None and trip.request.status == ApprovalStatus.APPROVED:
        return None
    why = (
        "无用车申请" if trip.request_id is None else f"用车申请{trip.request.get_status_display()}"
    )
    return TripFact(
        NO_REQUEST,
        trip.pk,
        trip.driver.staff_id,
        trip.driver.staff.section_id,
        timezone.localdate(trip.started_at),
        trip.destination,
        f"{_label(trip)}前往{trip.destination}，{why}，未经审批出车",
    )


def off_hours(trip: Trip, working: bool, day_start: dt.time, day_end: dt.time) -> TripFact | None:
    if trip.off_hours_reason:
        return None
    start, end = timezone.localtime(trip.started_at), timezone.localtime(trip.ended_at)
    if not working:
        when = "非工作日"
    elif start.time() < day_start or end.time() > day_end or end.date() != start.date():
        when = f"工作时间（{day_start:%H:%M}—{day_end:%H:%M}）以外"
    else:
        return None
    staff_id, section_id = _user(trip)
    return TripFact(
        OFF_HOURS,
        trip.pk,
        staff_id,
        section_id,
        start.date(),
        trip.destination,
        f"{_label(trip)}于{when}出车前往{trip.destination}，未说明事由",
    )


def odometer_gap(trip: Trip, previous_end_km: int | None, allowed_km: int) -> TripFact | None:
    if previous_end_km is None or trip.start_km - previous_end_km <= allowed_km:
        return None
    return TripFact(
        ODOMETER_GAP,
        trip.pk,
        None,
        trip.vehicle.section_id,
        timezone.localdate(trip.started_at),
        "",
        f"{trip.vehicle.plate}上次收车里程{previous_end_km}公里，{_label(trip)}出车里程"
        f"{trip.start_km}公里，其间{trip.start_km - previous_end_km}公里无行车记录",
    )


def is_official(destination: str, purpose: str, official_places: list[str]) -> bool:
    return destination in purpose or any(
        place and (place in destination or destination in place) for place in official_places
    )


def repeat_places(trips: list[Trip], times: int, official_places: list[str]) -> list[TripFact]:
    """The trips (in time order) on which a person's count of one unofficial destination in a
    month reaches ``times``."""
    counts: Counter[tuple[int, int, int, str]] = Counter()
    facts = []
    for trip in trips:
        purpose = trip.request.purpose if trip.request_id is not None else ""
        if is_official(trip.destination, purpose, official_places):
            continue
        staff_id, section_id = _user(trip)
        day = timezone.localdate(trip.started_at)
        key = (staff_id, day.year, day.month, trip.destination)
        counts[key] += 1
        if counts[key] == times:
            facts.append(
                TripFact(
                    REPEAT_PLACE,
                    trip.pk,
                    staff_id,
                    section_id,
                    day,
                    trip.destination,
                    f"{day:%Y年%m月}已{times}次用车前往{trip.destination}（非公务地点，"
                    f"事由未提及），最近一次：{_label(trip)}",
                )
            )
    return facts


def official_places(values: dict) -> list[str]:
    return [p.strip() for p in values["vehicle_official_places"].split(",") if p.strip()]


def trip_facts(first: dt.date, last: dt.date) -> list[TripFact]:
    """Every fact of the trips started from ``first`` to ``last`` (whole months are meant for
    the repeat rule: pass a month's first day)."""
    tz = timezone.get_current_timezone()
    previous = Trip.objects.filter(
        vehicle=OuterRef("vehicle"), started_at__lt=OuterRef("started_at")
    ).order_by("-started_at")
    trips = list(
        Trip.objects.filter(
            started_at__gte=dt.datetime.combine(first, dt.time(0), tzinfo=tz),
            started_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
        )
        .select_related("vehicle", "driver__staff", "request__applicant")
        .annotate(previous_end_km=Subquery(previous.values("end_km")[:1]))
        .order_by("started_at", "pk")
    )
    if not trips:
        return []
    overrides = calendar.overrides_between(first, last)
    book, settings = load_book(), config.values()
    city = settings.city
    facts: list[TripFact] = []
    for trip in trips:
        day = timezone.localdate(trip.started_at)
        section_id = trip.driver.staff.section_id
        hours = book.hours_for(
            trip.driver.staff_id,
            section_id,
            day,
            fallback=settings.of_section(section_id)["unit_schedule"],
        )
        found = (
            no_request(trip),
            off_hours(trip, calendar.is_working(day, overrides), hours.am_start, hours.pm_end),
            odometer_gap(trip, trip.previous_end_km, city["vehicle_odometer_gap_km"]),
        )
        facts.extend(fact for fact in found if fact is not None)
    facts.extend(
        repeat_places(trips, city["vehicle_repeat_destination_times"], official_places(city))
    )
    return facts
