"""The day-status engine at the edges of every rule, plus hypothesis invariants."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from attendance.covers import Cover
from attendance.engine import LOCAL, ScheduleValues, evaluate_day, hours_for, point_for
from attendance.models import DayStatus
from office.calendar import is_working

MONDAY = dt.date(2026, 11, 23)
DEFAULT = ScheduleValues()
FULL_DAY = {"am_in": (8, 20), "am_out": (12, 1), "pm_in": (13, 55), "pm_out": (17, 1)}


def at(day: dt.date, h: int, m: int, s: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, h, m, s, tzinfo=LOCAL)


def judge(day=MONDAY, clocks=None, covers=(), now=None, working=None, schedule=DEFAULT):
    clocks = FULL_DAY if clocks is None else clocks
    return evaluate_day(
        day=day,
        hours=hours_for(schedule, day),
        working=is_working(day, {}) if working is None else working,
        clocks={p: at(day, *hm) for p, hm in clocks.items()},
        covers=list(covers),
        now=now or at(day + dt.timedelta(days=1), 0, 30),
        late_absent_minutes=30,
    )


def with_clock(point, *hms):
    return {**FULL_DAY, point: hms}


def test_clock_in_at_exactly_start_is_normal():
    assert judge(clocks=with_clock("am_in", 8, 30, 0)).am.status == DayStatus.NORMAL


def test_late_by_one_second_is_late_one_minute():
    result = judge(clocks=with_clock("am_in", 8, 30, 1)).am
    assert (result.status, result.late_minutes) == (DayStatus.LATE, 1)


def test_thirty_minutes_late_is_still_late():
    result = judge(clocks=with_clock("am_in", 9, 0, 0)).am
    assert (result.status, result.late_minutes) == (DayStatus.LATE, 30)


def test_thirty_minutes_and_one_second_late_is_absent():
    assert judge(clocks=with_clock("am_in", 9, 0, 1)).am.status == DayStatus.ABSENT


def test_thirty_one_minutes_late_is_absent():
    assert judge(clocks=with_clock("am_in", 9, 1)).am.status == DayStatus.ABSENT


def test_grace_minutes_forgive_small_lateness():
    graced = ScheduleValues(grace_minutes=5)
    assert judge(clocks=with_clock("am_in", 8, 35), schedule=graced).am.status == DayStatus.NORMAL
    late = judge(clocks=with_clock("am_in", 8, 35, 1), schedule=graced).am
    assert (late.status, late.late_minutes) == (DayStatus.LATE, 6)


def test_leaving_one_second_early_is_early():
    result = judge(clocks=with_clock("pm_out", 16, 59, 59)).pm
    assert (result.status, result.early_minutes) == (DayStatus.EARLY, 1)


def test_leaving_more_than_thirty_minutes_early_is_absent():
    assert judge(clocks=with_clock("am_out", 11, 29, 59)).am.status == DayStatus.ABSENT


def test_one_missing_clock_of_a_half_is_missing():
    clocks = {k: v for k, v in FULL_DAY.items() if k != "am_out"}
    assert judge(clocks=clocks).am.status == DayStatus.MISSING


def test_no_clock_in_a_half_is_absent():
    clocks = {k: v for k, v in FULL_DAY.items() if k.startswith("am")}
    result = judge(clocks=clocks)
    assert (result.am.status, result.pm.status) == (DayStatus.NORMAL, DayStatus.ABSENT)


def test_two_point_day_missing_clock_out_is_missing_not_absent():
    two = ScheduleValues(points=2)
    result = judge(clocks={"in": (8, 20)}, schedule=two)
    assert (result.am.status, result.pm.status) == (DayStatus.NORMAL, DayStatus.MISSING)
    nothing = judge(clocks={}, schedule=two)
    assert (nothing.am.status, nothing.pm.status) == (DayStatus.ABSENT, DayStatus.ABSENT)


def test_adjusted_saturday_is_a_working_day():
    saturday = dt.date(2026, 9, 27)  # 2026 国庆 调休上班
    result = judge(day=saturday, clocks={}, working=True)
    assert result.am.status == DayStatus.ABSENT


def test_holiday_is_rest_whatever_was_clocked():
    national_day = dt.date(2026, 10, 1)
    result = judge(day=national_day, working=False)
    assert (result.am.status, result.pm.status) == (DayStatus.REST, DayStatus.REST)


def test_summer_winter_changeover_days():
    assert hours_for(DEFAULT, dt.date(2026, 9, 30)).pm_start == dt.time(14, 30)
    assert hours_for(DEFAULT, dt.date(2026, 10, 1)).pm_start == dt.time(14, 0)
    assert hours_for(DEFAULT, dt.date(2026, 4, 30)).pm_start == dt.time(14, 0)
    assert hours_for(DEFAULT, dt.date(2026, 5, 1)).pm_start == dt.time(14, 30)


def test_winter_afternoon_start_judges_pm_clock_in_on_changeover_day():
    winter_day = dt.date(2026, 10, 8)
    result = judge(day=winter_day, clocks=with_clock("pm_in", 14, 20))
    assert (result.pm.status, result.pm.late_minutes) == (DayStatus.LATE, 20)
    summer_day = dt.date(2026, 5, 6)
    summer_clocks = {**FULL_DAY, "pm_in": (14, 20), "pm_out": (17, 31)}
    assert judge(day=summer_day, clocks=summer_clocks).pm.status == DayStatus.NORMAL


def test_leave_for_one_half_day_covers_only_that_half():
    cover = Cover(1, MONDAY, "am", "leave", "事假")
    clocks = {"pm_in": (14, 0), "pm_out": (17, 0)}
    result = judge(clocks=clocks, covers=[cover])
    assert (result.am.status, result.am.label, result.pm.status) == (
        DayStatus.LEAVE,
        "事假",
        DayStatus.NORMAL,
    )
    assert result.labels == "上午事假"


def test_leave_beats_an_outing_on_the_same_half():
    covers = [
        Cover(1, MONDAY, "pm", "outing", "外出：财政局"),
        Cover(1, MONDAY, "pm", "leave", "病假"),
    ]
    assert judge(clocks={}, covers=covers).pm.status == DayStatus.LEAVE


def test_future_halves_are_pending_before_the_day_is_over():
    result = judge(clocks={"am_in": (8, 29)}, now=at(MONDAY, 9, 0))
    assert (result.am.status, result.pm.status) == (DayStatus.NORMAL, DayStatus.PENDING)


def test_day_is_over_at_midnight_shanghai_time():
    just_before = at(MONDAY, 23, 59, 59)
    midnight = at(MONDAY + dt.timedelta(days=1), 0, 0)
    morning_in_only = {"am_in": (8, 20)}
    assert judge(clocks=morning_in_only, now=just_before).am.status == DayStatus.NORMAL
    assert judge(clocks=morning_in_only, now=midnight).am.status == DayStatus.MISSING
    # 16:00 UTC is midnight in Shanghai: the same instant, written in another zone.
    utc = midnight.astimezone(dt.UTC)
    assert judge(clocks=morning_in_only, now=utc).am.status == DayStatus.MISSING


def test_month_end_day_is_judged_on_its_own_date():
    last = dt.date(2026, 11, 30)
    result = judge(day=last, clocks=with_clock("am_in", 8, 40), now=at(dt.date(2026, 12, 1), 0, 30))
    assert (result.am.status, result.am.late_minutes) == (DayStatus.LATE, 10)


def test_tap_point_derives_from_the_time():
    hours = hours_for(DEFAULT, MONDAY)
    assert point_for(hours, dt.time(8, 0)) == "am_in"
    assert point_for(hours, dt.time(10, 14)) == "am_in"
    assert point_for(hours, dt.time(10, 15)) == "am_out"
    assert point_for(hours, dt.time(12, 59)) == "am_out"
    assert point_for(hours, dt.time(13, 0)) == "pm_in"
    assert point_for(hours, dt.time(15, 30)) == "pm_out"
    two = hours_for(ScheduleValues(points=2), MONDAY)
    assert point_for(two, dt.time(8, 0)) == "in"
    assert point_for(two, dt.time(17, 0)) == "out"


# --- invariants ---------------------------------------------------------------------------

RANK = {
    s: i
    for i, s in enumerate(
        [DayStatus.NORMAL, DayStatus.EARLY, DayStatus.LATE, DayStatus.MISSING, DayStatus.ABSENT]
    )
}
seconds_of_day = st.integers(min_value=6 * 3600, max_value=22 * 3600)
days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))
clock_sets = st.dictionaries(
    st.sampled_from(["am_in", "am_out", "pm_in", "pm_out"]), seconds_of_day, max_size=4
)


def hms(seconds: int) -> tuple[int, int, int]:
    return seconds // 3600, seconds // 60 % 60, seconds % 60


@given(
    day=days,
    clocks=clock_sets,
    half=st.sampled_from(["am", "pm"]),
    kind=st.sampled_from(["leave", "outing", "trip"]),
)
def test_a_cover_always_wins_on_a_working_day(day, clocks, half, kind):
    result = judge(
        day=day,
        clocks={p: hms(s) for p, s in clocks.items()},
        covers=[Cover(1, day, half, kind, "x")],
        working=True,
    )
    assert (
        getattr(result, half).status == {"leave": "leave", "outing": "outing", "trip": "trip"}[kind]
    )


@given(day=days, clocks=clock_sets, working=st.booleans(), late_now=st.booleans())
def test_rest_if_and_only_if_not_a_working_day(day, clocks, working, late_now):
    now = at(day, 10, 0) if late_now else None
    result = judge(day=day, clocks={p: hms(s) for p, s in clocks.items()}, working=working, now=now)
    for half in (result.am, result.pm):
        assert (half.status == DayStatus.REST) == (not working)


@given(day=days, clocks=clock_sets)
def test_late_status_always_carries_minutes(day, clocks):
    result = judge(day=day, clocks={p: hms(s) for p, s in clocks.items()}, working=True)
    for half in (result.am, result.pm):
        if half.status == DayStatus.LATE:
            assert half.late_minutes > 0
        if half.status == DayStatus.EARLY:
            assert half.early_minutes > 0


@given(day=days, first=seconds_of_day, delay=st.integers(min_value=0, max_value=4 * 3600))
def test_a_later_clock_in_is_never_better(day, first, delay):
    def am_status(seconds):
        clocks = {"am_in": hms(seconds), "am_out": (12, 0)}
        return judge(day=day, clocks=clocks, working=True).am.status

    later = min(first + delay, 22 * 3600)
    assert RANK[am_status(later)] >= RANK[am_status(first)]


@given(day=days, clocks=clock_sets)
def test_a_half_with_some_clocks_is_not_missing_before_the_day_ends(day, clocks):
    result = judge(
        day=day, clocks={p: hms(s) for p, s in clocks.items()}, working=True, now=at(day, 23, 0)
    )
    for half in (result.am, result.pm):
        assert half.status != DayStatus.MISSING


@given(day=days)
def test_halves_not_yet_over_without_clocks_are_pending(day):
    result = judge(day=day, clocks={}, working=True, now=at(day, 11, 59, 59))
    assert (result.am.status, result.pm.status) == (DayStatus.PENDING, DayStatus.PENDING)


def test_a_morning_without_any_clock_is_absent_once_it_is_over():
    result = judge(clocks={}, now=at(MONDAY, 12, 0))
    assert (result.am.status, result.pm.status) == (DayStatus.ABSENT, DayStatus.PENDING)
