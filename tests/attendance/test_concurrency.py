"""Counting pending taps from two places at once, on PostgreSQL."""

import pytest

from attendance.models import AttendanceDay, ClockRecord, DayStatus
from attendance.services import pending_days_refresh
from tests.attendance.conftest import MONDAY, at
from tests.concurrency import postgres_only, together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    postgres_only()


def test_two_counters_at_once_store_each_day_once(org, frozen):
    frozen(at(MONDAY, 12, 30))
    # Two taps of one person waiting: two counters each taking one would both insert the day.
    for point, moment in (("am_in", at(MONDAY, 8, 20)), ("am_out", at(MONDAY, 12, 5))):
        ClockRecord.objects.create(
            staff=org.staff, date=MONDAY, point=point, at=moment, status_pending=True
        )

    def count() -> int:
        return pending_days_refresh(acting_user=None)

    outcomes = together(count, count)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(outcomes) in ([0, 1], [1, 1])
    pending_days_refresh(acting_user=None)
    row = AttendanceDay.objects.get(staff=org.staff, date=MONDAY)
    assert row.am_status == DayStatus.NORMAL
    assert not ClockRecord.objects.filter(status_pending=True).exists()
