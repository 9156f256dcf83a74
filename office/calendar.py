"""The work calendar: which days are working days.

Plain rule: Monday–Friday work, Saturday–Sunday rest. ``CalendarDay`` rows override it for
statutory holidays and 调休 working weekends. The pure functions take the overrides as a dict
so engines can be tested without a database; the query helpers load them in one query.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from office import refdata
from office.audit import records_actor
from office.models import CalendarDay

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


# Dates outside this range are refused at the edges (URLs, forms): nobody plans leave for year 1,
# and date arithmetic at year 1 or 9999 overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_supported(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


YEARS_CACHE_NAME = "calendar:years"


def _stored_years() -> list[tuple[int, int]]:
    """The first and last year of stored days, as the one row of a reference-data entry."""
    found = CalendarDay.objects.aggregate(first=Min("date"), last=Max("date"))
    return [] if found["first"] is None else [(found["first"].year, found["last"].year)]


def known_years(today: dt.date) -> range:
    """The years whose arrangement the calendar knows: stored days, the installed
    chinese-calendar, and always this year (an office whose package is old still works)."""
    known = package_years()
    first, last = min(known.start, today.year), max(known.stop - 1, today.year)
    for stored_first, stored_last in refdata.rows(YEARS_CACHE_NAME, _stored_years):
        first, last = min(first, stored_first), max(last, stored_last)
    return range(first, last + 1)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, pycalendar.monthrange(year, month)[1])


def month_param(value: str | None, today: dt.date) -> dt.date:
    """The first day of the month a "YYYY-MM" query parameter names; anything else, or a year
    outside the calendar (which keeps "0001-01" from overflowing in a link to the month
    before), means ``today``'s month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)
    return first if year_supported(year) else today.replace(day=1)


def year_param(value: str | None, today: dt.date) -> int:
    """The year a query parameter names, or ``today``'s when it names none the calendar holds."""
    value = value or ""
    if value.isdigit() and year_supported(int(value)):
        return int(value)
    return today.year


def date_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a person may enter: the known years and one on either side.

    A date outside means a typo (0001, 9999, 2100) and would make day counts and date
    arithmetic overflow; the services refuse it (``date_refusal``).
    """
    years = known_years(today)
    first = max(years.start - 1, FIRST_YEAR)
    last = min(years.stop, LAST_YEAR)
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def date_refusal(value: dt.date | dt.datetime, label: str) -> str | None:
    """Why ``value`` (a date, or a local datetime) is outside the window, or None."""
    day = value.date() if isinstance(value, dt.datetime) else value
    first, last = date_window(timezone.localdate())
    if first <= day <= last:
        return None
    return f"{label}须在{first.year}年至{last.year}年之间，请检查所填日期（{day.isoformat()}）。"


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every date from start to end, both included."""
    for offset in range((end - start).days + 1):
        yield start + dt.timedelta(days=offset)


def is_working(day: dt.date, overrides: Mapping[dt.date, bool]) -> bool:
    """Pure rule: an override wins, otherwise Monday–Friday."""
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5


def working_days_in(
    start: dt.date, end: dt.date, overrides: Mapping[dt.date, bool]
) -> list[dt.date]:
    return [day for day in days(start, end) if is_working(day, overrides)]


def calendar_cache_name(year: int) -> str:
    return f"calendar:{year}"


def _year_rows(year: int) -> Iterable[tuple[dt.date, str]]:
    return CalendarDay.objects.filter(date__year=year).values_list("date", "kind")


def year_loaders(start: dt.date, end: dt.date) -> dict[str, Callable[[], Iterable[tuple]]]:
    """The cache entries (office.refdata) holding the overrides of a range: one per year.

    Only supported years can hold overrides (the edges refuse other dates).
    """
    first, last = max(start.year, FIRST_YEAR), min(end.year, LAST_YEAR)
    return {calendar_cache_name(year): partial(_year_rows, year) for year in range(first, last + 1)}


def overrides_from(rows: Mapping[str, Iterable[tuple]], start: dt.date, end: dt.date) -> dict:
    """The range's overrides, as {date: is_working}, out of the fetched rows of
    ``year_loaders(start, end)``."""
    return {
        day: kind == CalendarDay.Kind.WORKDAY
        for name in year_loaders(start, end)
        for day, kind in rows[name]
        if start <= day <= end
    }


def overrides_between(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """The stored exceptions in a range, as {date: is_working}.

    Each year is cached whole: a tap or a page reads no calendar rows, and a year not cached
    yet costs one query.
    """
    return overrides_from(refdata.rows_many(year_loaders(start, end)), start, end)


def years_without_arrangement(start: dt.date, end: dt.date) -> list[int]:
    """The years of a range whose holiday arrangement is not entered yet: no stored day at all
    (every year the State Council publishes has holidays). Their days are counted by the plain
    weekday rule until 政工科 enters the arrangement. Read from the cached years, no query
    when they are cached."""
    entries = refdata.rows_many(year_loaders(start, end))
    return [
        year
        for year in range(start.year, end.year + 1)
        if year_supported(year) and not entries[calendar_cache_name(year)]
    ]


# Apps whose stored figures follow the calendar (leave day counts) register a callback here in
# their AppConfig.ready(), as they do for settings (config.on_change): office imports no app.
CHANGE_LISTENERS: list[Callable[..., object]] = []


def on_calendar_change(callback: Callable[..., object]) -> None:
    """``callback(start=, end=)`` runs whenever the working days between start and end change."""
    if callback not in CHANGE_LISTENERS:
        CHANGE_LISTENERS.append(callback)


@records_actor
def calendar_changed(*, start: dt.date, end: dt.date, acting_user: AbstractBaseUser | None) -> None:
    """Called by every service that changes the calendar, inside its transaction, so what the
    listeners recount commits (or rolls back) together with the change."""
    for callback in CHANGE_LISTENERS:
        callback(start=start, end=end, acting_user=acting_user)


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    return working_days_in(start, end, overrides_between(start, end))


def is_working_day(day: dt.date) -> bool:
    return is_working(day, overrides_between(day, day))


def working_day_after(start: dt.date, count: int, overrides: Mapping[dt.date, bool]) -> dt.date:
    """Pure: the date ``count`` working days after ``start`` (start itself not counted)."""
    day, left = start, count
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working(day, overrides):
            left -= 1
    return day


def add_working_days(start: dt.date, count: int) -> dt.date:
    """``working_day_after`` with the stored calendar (weeks of holidays fit the horizon)."""
    horizon = start + dt.timedelta(days=count * 3 + 30)
    return working_day_after(start, count, overrides_between(start, horizon))


def arrangement_from_package(year: int) -> dict[dt.date, tuple[str, str]]:
    """The State Council arrangement for ``year`` as known to ``chinese-calendar``.

    Returns {date: (kind, name)} for the days that differ from the plain weekday rule;
    empty when the package does not know the year yet.
    """
    import chinese_calendar

    if year not in package_years():
        return {}
    result: dict[dt.date, tuple[str, str]] = {}
    for day in days(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        working = chinese_calendar.is_workday(day)
        _, holiday = chinese_calendar.get_holiday_detail(day)
        name = HOLIDAY_NAMES.get(holiday or "", holiday or "")
        if working and day.weekday() >= 5:
            result[day] = (CalendarDay.Kind.WORKDAY, f"{name}调休上班" if name else "调休上班")
        elif not working and day.weekday() < 5:
            result[day] = (CalendarDay.Kind.HOLIDAY, name)
        elif not working and name:
            # A weekend inside a holiday: not a working day either way, but named on the page.
            result[day] = (CalendarDay.Kind.HOLIDAY, name)
    return result


@records_actor
@transaction.atomic
def calendar_apply_arrangement(
    *,
    arrangement: Mapping[dt.date, tuple[str, str]],
    year: int | None = None,
    acting_user: AbstractBaseUser | None,
) -> int:
    """Store an arrangement; with ``year`` it replaces that year's stored days first.

    Returns the number of days stored. Existing rows are updated, so history keeps the change.
    """
    if year is not None:
        stale = CalendarDay.objects.filter(date__year=year).exclude(date__in=list(arrangement))
        for row in stale:
            row.delete()
    for day, (kind, name) in arrangement.items():
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
    return len(arrangement)


@records_actor
def calendar_seed_from_package(*, years: list[int], acting_user: AbstractBaseUser | None) -> int:
    """Seed the calendar from chinese-calendar for the given years (idempotent)."""
    stored = 0
    for year in years:
        arrangement = arrangement_from_package(year)
        if arrangement:
            stored += calendar_apply_arrangement(arrangement=arrangement, acting_user=acting_user)
    return stored


def package_years() -> range:
    """The years whose arrangement the installed chinese-calendar knows."""
    from chinese_calendar.constants import holidays

    return range(min(holidays).year, max(holidays).year + 1)


@records_actor
def seed_calendar_if_empty(*, acting_user: AbstractBaseUser | None) -> int:
    """First start: load every year chinese-calendar knows from 2020 on."""
    if CalendarDay.objects.exists():
        return 0
    return calendar_seed_from_package(
        years=[y for y in package_years() if y >= 2020], acting_user=acting_user
    )
