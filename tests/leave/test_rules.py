import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leave.rules import (
    annual_entitlement,
    count_days,
    days_used_on_return,
    from_position,
    position,
    report_back_deadline,
)
from office.calendar import arrangement_from_package
from office.models import CalendarDay

D = dt.date
# The State Council arrangement for 2026, as a pure {date: is_working} mapping.
OVERRIDES = {
    day: kind == CalendarDay.Kind.WORKDAY
    for day, (kind, _name) in arrangement_from_package(2026).items()
}


def test_national_day_holiday_is_not_counted():
    # 9月30日 (Wed) and 10月8日, 9日 (Thu, Fri) work; 10月1日–7日 is the holiday.
    assert count_days(D(2026, 9, 30), "am", D(2026, 10, 8), "pm", OVERRIDES) == Decimal(2)


def test_leave_over_a_holiday_only_counts_nothing():
    assert count_days(D(2026, 10, 1), "am", D(2026, 10, 7), "pm", OVERRIDES) == 0


def test_a_tiaoxiu_saturday_counts_as_a_working_day():
    # 2026-02-14 is a Saturday worked in exchange for the Spring Festival.
    assert count_days(D(2026, 2, 13), "am", D(2026, 2, 14), "pm", OVERRIDES) == Decimal(2)


def test_a_tiaoxiu_sunday_counts_as_a_working_day():
    assert count_days(D(2026, 1, 4), "am", D(2026, 1, 4), "pm", OVERRIDES) == Decimal(1)


def test_an_ordinary_weekend_is_not_counted():
    assert count_days(D(2026, 11, 6), "am", D(2026, 11, 9), "pm", OVERRIDES) == Decimal(2)


def test_across_year_end_counts_both_years_without_new_year_holiday():
    # 12月31日 (Thu) works; 2027-01-01 (Fri) is 元旦 as 政工科 enters it (the package does
    # not know 2027 yet); the weekend is off; 1月4日 (Mon) works.
    overrides = OVERRIDES | {D(2027, 1, 1): False}
    assert count_days(D(2026, 12, 31), "am", D(2027, 1, 4), "pm", overrides) == Decimal(2)


@pytest.mark.parametrize(
    ("start_half", "end_half", "expected"),
    [("am", "am", "0.5"), ("pm", "pm", "0.5"), ("am", "pm", "1"), ("pm", "am", "0")],
)
def test_half_days_within_one_day(start_half, end_half, expected):
    day = D(2026, 11, 3)
    assert count_days(day, start_half, day, end_half, {}) == Decimal(expected)


def test_afternoon_to_next_morning_is_one_day():
    assert count_days(D(2026, 11, 3), "pm", D(2026, 11, 4), "am", {}) == Decimal(1)


def test_end_before_start_counts_nothing():
    assert count_days(D(2026, 11, 5), "am", D(2026, 11, 4), "pm", {}) == 0


@pytest.mark.parametrize(
    ("work_start", "year", "expected"),
    [
        (None, 2026, 0),
        (D(2025, 7, 1), 2026, 0),  # 6 months by 1 January
        (D(2025, 1, 1), 2026, 5),  # exactly 1 year
        (D(2016, 1, 2), 2026, 5),  # one day short of 10 years
        (D(2016, 1, 1), 2026, 10),
        (D(2006, 1, 1), 2026, 15),
    ],
)
def test_annual_entitlement_tiers_at_their_edges(work_start, year, expected):
    assert annual_entitlement(work_start, year, "1:5,10:10,20:15") == expected


def test_annual_entitlement_follows_the_setting():
    assert annual_entitlement(D(2000, 1, 1), 2026, "1:7") == 7


def test_early_return_counts_only_days_taken():
    # Leave Mon–Fri, back on Wednesday morning: Monday and Tuesday taken.
    used = days_used_on_return(D(2026, 11, 2), "am", D(2026, 11, 6), "pm", D(2026, 11, 4), "am", {})
    assert used == Decimal(2)


def test_late_return_does_not_lengthen_the_leave():
    used = days_used_on_return(D(2026, 11, 2), "am", D(2026, 11, 3), "pm", D(2026, 11, 9), "am", {})
    assert used == Decimal(2)


def test_report_back_deadline_skips_the_weekend():
    # Leave ends Friday 6 November; one working day later is Monday 9 November.
    assert report_back_deadline(D(2026, 11, 6), 1, {}) == D(2026, 11, 9)


def test_report_back_deadline_skips_a_holiday():
    assert report_back_deadline(D(2026, 9, 30), 1, OVERRIDES) == D(2026, 10, 8)


halves = st.builds(
    lambda day, half: position(day, half),
    st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)),
    st.sampled_from(["am", "pm"]),
)


def _count(first: int, last: int) -> Decimal:
    return count_days(*from_position(first), *from_position(last), OVERRIDES)


@given(halves, halves, halves)
def test_splitting_a_range_never_changes_the_total(a, b, c):
    first, middle, last = sorted([a, b, c])
    assert _count(first, middle) + _count(middle + 1, last) == _count(first, last)


@given(halves, halves)
def test_never_more_than_the_calendar_days(a, b):
    first, last = sorted([a, b])
    assert 0 <= _count(first, last) <= Decimal(last - first + 1) / 2
