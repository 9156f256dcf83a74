"""When 督办 feedback is due and which feedback days were missed (pure functions)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from inspections.dates import SHANGHAI
from inspections.instruction_rules import day_end, feedback_days, missed_days, next_feedback_day

# Registered on Wednesday 18 November 2026 at 10:00, due Monday 7 December at 17:30.
REGISTERED = dt.datetime(2026, 11, 18, 10, tzinfo=SHANGHAI)
DUE = dt.datetime(2026, 12, 7, 17, 30, tzinfo=SHANGHAI)


def at(day: int, hour: int = 12, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def test_every_friday_runs_from_the_first_friday_after_registration_to_before_the_due_day():
    days = feedback_days(
        interval="weekly", weekday=4, every_days=None, registered_at=REGISTERED, due_at=DUE
    )
    assert days == [dt.date(2026, 11, 20), dt.date(2026, 11, 27), dt.date(2026, 12, 4)]


def test_the_weekday_of_registration_is_next_due_a_week_later():
    days = feedback_days(
        interval="weekly", weekday=2, every_days=None, registered_at=REGISTERED, due_at=DUE
    )
    assert days[0] == dt.date(2026, 11, 25)


def test_every_three_days_counts_from_the_registration_day():
    days = feedback_days(
        interval="days", weekday=None, every_days=3, registered_at=REGISTERED, due_at=DUE
    )
    assert days[:3] == [dt.date(2026, 11, 21), dt.date(2026, 11, 24), dt.date(2026, 11, 27)]
    assert days[-1] == dt.date(2026, 12, 6)  # the day before the due day


def test_no_rule_asks_for_no_feedback_day():
    assert (
        feedback_days(
            interval="none", weekday=None, every_days=None, registered_at=REGISTERED, due_at=DUE
        )
        == []
    )


def test_a_day_is_missed_only_once_it_has_ended_without_feedback_in_its_window():
    days = [dt.date(2026, 11, 20), dt.date(2026, 11, 27)]
    # Feedback on the 20th at noon meets the 20th; nothing between the 21st and the 27th.
    feedback = [at(20)]
    assert missed_days(days, registered_at=REGISTERED, feedback_at=feedback, now=at(27, 23)) == []
    assert missed_days(
        days, registered_at=REGISTERED, feedback_at=feedback, now=day_end(dt.date(2026, 11, 27))
    ) == [dt.date(2026, 11, 27)]


def test_feedback_before_the_window_does_not_meet_a_later_day():
    days = [dt.date(2026, 11, 20), dt.date(2026, 11, 27)]
    # Two reports on the 19th meet the 20th only; feedback after the 27th is too late for it.
    feedback = [at(19, 9), at(19, 15), at(28, 9)]
    assert missed_days(days, registered_at=REGISTERED, feedback_at=feedback, now=at(30)) == [
        dt.date(2026, 11, 27)
    ]


def test_feedback_at_the_last_second_of_the_day_counts():
    days = [dt.date(2026, 11, 20)]
    last_second = day_end(dt.date(2026, 11, 20)) - dt.timedelta(microseconds=1)
    assert missed_days(days, registered_at=REGISTERED, feedback_at=[last_second], now=at(21)) == []


def test_next_feedback_day_is_the_first_not_over():
    days = [dt.date(2026, 11, 20), dt.date(2026, 11, 27)]
    assert next_feedback_day(days, now=at(20, 23)) == dt.date(2026, 11, 20)
    assert next_feedback_day(days, now=at(21)) == dt.date(2026, 11, 27)
    assert next_feedback_day(days, now=at(30)) is None


@given(
    weekday=st.integers(0, 6),
    every=st.integers(1, 30),
    offset=st.integers(0, 400),
    length=st.integers(1, 120),
)
def test_feedback_days_lie_after_registration_and_before_the_due_day(
    weekday, every, offset, length
):
    registered = REGISTERED + dt.timedelta(days=offset, hours=offset % 13)
    due = registered + dt.timedelta(days=length)
    for interval in ("weekly", "days"):
        days = feedback_days(
            interval=interval,
            weekday=weekday,
            every_days=every,
            registered_at=registered,
            due_at=due,
        )
        assert all(registered.date() < d < due.astimezone(SHANGHAI).date() for d in days)
        assert days == sorted(set(days))
        if interval == "weekly":
            assert all(d.weekday() == weekday for d in days)
            assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))


@given(st.lists(st.integers(0, 40 * 24), max_size=12))
def test_with_no_feedback_every_ended_day_is_missed_and_feedback_never_adds_a_miss(hours):
    days = feedback_days(
        interval="days", weekday=None, every_days=2, registered_at=REGISTERED, due_at=DUE
    )
    now = at(30, 18)
    none = missed_days(days, registered_at=REGISTERED, feedback_at=[], now=now)
    assert none == [d for d in days if day_end(d) <= now]
    some = missed_days(
        days,
        registered_at=REGISTERED,
        feedback_at=[REGISTERED + dt.timedelta(hours=h) for h in hours],
        now=now,
    )
    assert set(some) <= set(none)
