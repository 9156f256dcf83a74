import datetime as dt

import pytest
import time_machine

from attendance.engine import LOCAL

MONDAY = dt.date(2026, 11, 23)


def at(day: dt.date, h: int, m: int, s: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, h, m, s, tzinfo=LOCAL)


@pytest.fixture
def frozen():
    """frozen(datetime) freezes the clock there for the rest of the test."""
    travellers = []

    def freeze(moment: dt.datetime) -> None:
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def device_required(org, frozen, django_capture_on_commit_callbacks):
    """Monday 8:20, both sections' schedules asking for the bound device (本人设备)."""
    from tests.attendance.proofs import require_proofs

    frozen(at(MONDAY, 8, 20))
    require_proofs(
        [org.section, org.other_section], django_capture_on_commit_callbacks, device=True
    )


def close_month(org, year: int = 2026, month: int = 11, *, by=None):
    """政工科 closes the org's unit's month (open items confirmed)."""
    from attendance.services.closing import month_close

    person = by or org.personnel
    return month_close(
        unit=org.section.unit,
        year=year,
        month=month,
        confirm_open=True,
        acting_user=getattr(person, "user", person),
    )
