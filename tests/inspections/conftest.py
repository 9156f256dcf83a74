import datetime as dt

import pytest
import time_machine

from inspections.dates import SHANGHAI

# Monday 2026-11-23 09:00 in Shanghai: the compile of ISO week 2026-W47 (16–22 November).
MONDAY_MORNING = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield MONDAY_MORNING


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
