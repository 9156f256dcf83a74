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
