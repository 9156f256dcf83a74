"""The work calendar at its edges: 调休 weekends, weekday holidays, the turn of the year."""

import datetime as dt

import pytest

from office.calendar import (
    add_working_days,
    arrangement_from_package,
    calendar_apply_arrangement,
    is_working,
    is_working_day,
    working_days,
    working_days_in,
)
from office.models import CalendarDay

D = dt.date
HOLIDAY, WORKDAY = CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY


def test_a_plain_weekday_works_and_a_plain_weekend_rests():
    assert is_working(D(2026, 11, 24), {}) is True
    assert is_working(D(2026, 11, 28), {}) is False


def test_a_makeup_saturday_counts_as_a_working_day():
    assert is_working(D(2026, 10, 10), {D(2026, 10, 10): True}) is True


def test_a_weekday_holiday_does_not_count():
    assert is_working(D(2026, 10, 1), {D(2026, 10, 1): False}) is False


def test_working_days_across_the_year_end():
    overrides = {D(2027, 1, 1): False}
    assert working_days_in(D(2026, 12, 30), D(2027, 1, 4), overrides) == [
        D(2026, 12, 30),
        D(2026, 12, 31),
        D(2027, 1, 4),
    ]


def test_a_single_day_range_and_an_empty_range():
    assert working_days_in(D(2026, 11, 24), D(2026, 11, 24), {}) == [D(2026, 11, 24)]
    assert working_days_in(D(2026, 11, 25), D(2026, 11, 24), {}) == []


def test_national_day_2026_from_the_package():
    arrangement = arrangement_from_package(2026)
    for day in range(1, 8):
        assert arrangement[D(2026, 10, day)][0] == HOLIDAY
        assert arrangement[D(2026, 10, day)][1] == "国庆节"
    assert arrangement[D(2026, 10, 10)] == (WORKDAY, "国庆节调休上班")
    assert arrangement[D(2026, 9, 20)] == (WORKDAY, "国庆节调休上班")
    assert D(2026, 10, 9) not in arrangement  # an ordinary Friday


def test_a_year_the_package_does_not_know_yet_is_empty():
    assert arrangement_from_package(2099) == {}


@pytest.mark.django_db
def test_the_stored_calendar_counts_the_national_day_week(db):
    # Seeded from chinese-calendar when the database is migrated.
    assert working_days(D(2026, 9, 28), D(2026, 10, 11)) == [
        D(2026, 9, 28),
        D(2026, 9, 29),
        D(2026, 9, 30),
        D(2026, 10, 8),
        D(2026, 10, 9),
        D(2026, 10, 10),
    ]
    assert is_working_day(D(2026, 10, 10)) is True
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


@pytest.mark.django_db
def test_applying_a_new_arrangement_replaces_the_year_and_keeps_history(db):
    calendar_apply_arrangement(
        arrangement={D(2026, 10, 1): (HOLIDAY, "国庆节"), D(2026, 10, 12): (WORKDAY, "调整")},
        year=2026,
        acting_user=None,
    )
    stored = dict(CalendarDay.objects.filter(date__year=2026).values_list("date", "kind"))
    assert stored == {D(2026, 10, 1): HOLIDAY, D(2026, 10, 12): WORKDAY}
    assert CalendarDay.history.filter(date=D(2026, 10, 10), history_type="-").exists()
