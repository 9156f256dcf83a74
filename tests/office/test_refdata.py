"""Reference data (settings, work calendar, schedule book) is read from the database once,
served from the cache afterwards, and made stale by every write (a new generation) so the next
read sees it.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from attendance.models import Schedule
from attendance.schedules import DEFAULT_SCHEDULE_NAME, load_book
from attendance.services.calendar import assignment_create, calendar_day_set, schedule_create
from attendance.services.status import Context
from office import config, refdata
from office.calendar import calendar_cache_name, overrides_between
from office.models import CalendarDay, Setting

MONDAY = dt.date(2025, 11, 24)  # an ordinary working day with no stored override


def test_settings_are_read_once_then_served_from_the_cache(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = config.snapshot()
    with django_assert_num_queries(0):
        assert config.snapshot() == first
        assert config.get("late_absent_minutes") == 30


def test_a_changed_setting_is_seen_by_the_next_read_before_commit(db):
    config.snapshot()
    config.setting_set(key="late_absent_minutes", value=45, acting_user=None)
    assert config.snapshot()["late_absent_minutes"] == 45
    assert config.get("late_absent_minutes") == 45


def test_calendar_year_is_read_once_then_served_from_the_cache(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = overrides_between(dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    with django_assert_num_queries(0):
        assert overrides_between(dt.date(2026, 3, 1), dt.date(2026, 5, 31)) == first
        assert overrides_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_a_range_over_two_years_reads_each_year_once(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        overrides_between(dt.date(2025, 12, 1), dt.date(2026, 1, 31))


def test_a_calendar_edit_is_seen_by_the_next_read(org):
    assert overrides_between(MONDAY, MONDAY) == {}
    calendar_day_set(day=MONDAY, kind="holiday", name="测试", acting_user=org.personnel.user)
    assert overrides_between(MONDAY, MONDAY) == {MONDAY: False}
    calendar_day_set(day=MONDAY, kind="ordinary", name="", acting_user=org.personnel.user)
    assert overrides_between(MONDAY, MONDAY) == {}


def test_saving_and_deleting_a_calendar_row_drops_its_year(db):
    day = dt.date(2026, 3, 9)
    assert day not in overrides_between(day, day)
    row = CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.HOLIDAY)
    assert overrides_between(day, day) == {day: False}
    row.delete()
    assert overrides_between(day, day) == {}


def test_a_row_moved_to_another_year_leaves_neither_year_stale(db):
    old, new = dt.date(2025, 12, 1), dt.date(2027, 12, 1)
    row = CalendarDay.objects.create(date=old, kind=CalendarDay.Kind.HOLIDAY)
    assert overrides_between(old, old) == {old: False}
    row.date = new
    row.save()
    assert overrides_between(old, old) == {}
    assert overrides_between(new, new) == {new: False}


def test_a_rolled_back_calendar_edit_never_reaches_the_cache(org, django_assert_num_queries):
    with pytest.raises(RuntimeError), transaction.atomic():
        # Inside the transaction the edit is read back (as the leave recount reads it).
        calendar_day_set(day=MONDAY, kind="holiday", name="", acting_user=org.personnel.user)
        assert overrides_between(MONDAY, MONDAY) == {MONDAY: False}
        raise RuntimeError
    assert not CalendarDay.objects.filter(date=MONDAY).exists()
    assert overrides_between(MONDAY, MONDAY) == {}


def test_schedule_book_is_read_in_two_queries_then_cached(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        book = load_book()
    with django_assert_num_queries(0):
        assert load_book() == book
    assert DEFAULT_SCHEDULE_NAME in book.versions


def test_a_new_schedule_version_or_assignment_is_seen_by_the_next_read(org):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    load_book()
    fields = ["am_start", "am_end", "summer_pm_start", "summer_pm_end"]
    fields += ["winter_pm_start", "winter_pm_end"]
    hours = {f: Schedule._meta.get_field(f).default for f in fields}
    schedule_create(acting_user=org.personnel.user, name="夜班", valid_from=tomorrow, **hours)
    assert [since for since, _ in load_book().versions["夜班"]] == [tomorrow]
    assignment_create(
        acting_user=org.personnel.user, schedule_name="夜班", valid_from=tomorrow, staff=org.staff
    )
    assert load_book().name_for(org.staff.pk, org.section.pk, tomorrow) == "夜班"


def test_context_load_warm_costs_nothing_and_matches_the_separate_reads(
    db, django_assert_num_queries
):
    Context.load(MONDAY, MONDAY)
    with django_assert_num_queries(0):
        context = Context.load(MONDAY, MONDAY)
        assert context.book == load_book()
        assert context.settings == config.snapshot()
        assert context.overrides == overrides_between(MONDAY, MONDAY)


def generation():
    return cache.get(refdata.GENERATION_KEY)


def test_a_change_sets_a_new_generation_once_it_commits(db, django_capture_on_commit_callbacks):
    before = generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CalendarDay.objects.create(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY)
        Setting.objects.create(key="late_absent_minutes", value=45)
        # Uncommitted: the other processes keep using what they have.
        assert generation() == before
    assert len(callbacks) == 1  # one bump covers every change of the transaction
    assert generation() != before


def test_rows_stored_under_an_older_generation_are_loaded_again(db):
    assert refdata.rows("sample", lambda: [("old",)]) == [("old",)]
    older = generation()
    refdata.bump()
    # A reader that fetched the older generation before the change committed, and loaded the
    # rows just before, stores them just after: they are not served.
    cache.set(refdata._key("sample"), (older, [("old",)]))
    assert refdata.rows("sample", lambda: [("new",)]) == [("new",)]
    assert refdata.rows("sample", lambda: pytest.fail("loaded again")) == [("new",)]


def test_rows_many_loads_only_the_missing_names(db):
    refdata.rows("present", lambda: [(1,)])
    calls = []

    def must_not_load():
        pytest.fail("the cached entry was loaded again")

    def load_missing():
        calls.append("missing")
        return [(2,)]

    values = refdata.rows_many({"present": must_not_load, "missing": load_missing})
    assert values == {"present": [(1,)], "missing": [(2,)]}
    assert calls == ["missing"]


def test_a_changing_transaction_reads_its_own_rows_not_a_refilled_entry(db):
    assert overrides_between(MONDAY, MONDAY) == {}
    with transaction.atomic():
        CalendarDay.objects.create(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY)
        # Another process refills the entry from the committed (old) rows meanwhile.
        cache.set(refdata._key(calendar_cache_name(MONDAY.year)), (generation(), []), 60)
        assert overrides_between(MONDAY, MONDAY) == {MONDAY: False}
        assert Context.load(MONDAY, MONDAY).overrides == {MONDAY: False}
        # ...and stores none of its uncommitted rows for the others.
        assert cache.get(refdata._key(calendar_cache_name(MONDAY.year))) == (generation(), [])


def test_after_a_rollback_the_cache_serves_again(db, django_assert_num_queries):
    overrides_between(MONDAY, MONDAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarDay.objects.create(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY)
        raise RuntimeError
    with django_assert_num_queries(0):
        assert overrides_between(MONDAY, MONDAY) == {}


@pytest.mark.django_db(transaction=True)
def test_after_a_commit_every_reader_sees_the_change():
    assert overrides_between(MONDAY, MONDAY) == {}
    with transaction.atomic():
        CalendarDay.objects.create(date=MONDAY, kind=CalendarDay.Kind.HOLIDAY)
    assert overrides_between(MONDAY, MONDAY) == {MONDAY: False}
    # Stored again for the others, under the new generation.
    stored_under, rows = cache.get(refdata._key(calendar_cache_name(MONDAY.year)))
    assert stored_under == generation()
    assert (MONDAY, CalendarDay.Kind.HOLIDAY) in rows


def test_migrate_starts_from_a_new_generation(db):
    before = generation()
    call_command("migrate", verbosity=0)
    assert generation() != before


def _refuse_to_unpickle():
    raise AttributeError("this entry was pickled by an older release")


class PickledByAnOlderRelease:
    def __reduce__(self):
        return (_refuse_to_unpickle, ())


def test_an_entry_that_cannot_be_read_is_a_miss(db):
    cache.set(refdata._key("sample"), PickledByAnOlderRelease())
    assert refdata.rows("sample", lambda: [("fresh",)]) == [("fresh",)]
    assert refdata.rows("sample", lambda: [("never loaded",)]) == [("fresh",)]
