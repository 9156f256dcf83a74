"""The admin's lists of clock records and stored days never count or skip the whole table."""

import datetime as dt

from django.urls import reverse

from attendance.admin import CappedPaginator
from attendance.models import ClockRecord
from tests.conftest import login

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def clocks(staff, days: int) -> None:
    ClockRecord.objects.bulk_create(
        ClockRecord(
            staff=staff,
            date=dt.date(2026, 11, 2) + dt.timedelta(days=n),
            point="am_in",
            at=dt.datetime(2026, 11, 2, 8, tzinfo=SHANGHAI) + dt.timedelta(days=n),
        )
        for n in range(days)
    )


def test_clock_list_counts_up_to_the_cap_and_shows_no_full_total(org, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    clocks(org.staff, 5)
    response = login(org.admin).get(reverse("admin:attendance_clockrecord_changelist"))
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count == 3 and changelist.full_result_count is None


def test_a_page_past_the_cap_is_refused_rather_than_read(org, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    monkeypatch.setattr("attendance.admin.ClockRecordAdmin.list_per_page", 2)
    clocks(org.staff, 8)
    url = reverse("admin:attendance_clockrecord_changelist")
    assert login(org.admin).get(f"{url}?p=2").status_code == 200
    response = login(org.admin).get(f"{url}?p=4")
    assert response.status_code == 302 and "e=1" in response["Location"]


def test_stored_days_and_history_lists_are_capped_too():
    from django.contrib import admin

    from attendance.models import AttendanceDay, ClockRecordHistory

    for model in (ClockRecord, ClockRecordHistory, AttendanceDay):
        model_admin = admin.site._registry[model]
        assert model_admin.paginator is CappedPaginator
        assert model_admin.show_full_result_count is False


def test_the_lists_read_no_distinct_dates_of_the_whole_table(org):
    """A date hierarchy's links come from SELECT DISTINCT over every row; the big lists filter
    dates by range instead, and the 本月 filter still narrows the list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clocks(org.staff, 40)  # 2 November into December
    url = reverse("admin:attendance_clockrecord_changelist")
    client = login(org.admin)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]
    since, until = "2026-12-01", "2027-01-01"
    response = client.get(f"{url}?date__gte={since}&date__lt={until}")
    assert {r.date.month for r in response.context["cl"].result_list} == {12}


def test_the_clock_list_opens_on_the_newest_taps_and_counts_without_sorting(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clocks(org.staff, 3)
    with CaptureQueriesContext(connection) as captured:
        response = login(org.admin).get(reverse("admin:attendance_clockrecord_changelist"))
    dates = [c.date for c in response.context["cl"].result_list]
    assert dates == sorted(dates, reverse=True)
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    assert counts and not any("ORDER BY" in sql for sql in counts if "clockrecord" in sql)
