"""Fixtures of the reading tests (文件阅知): private media in a temporary folder, the clock
at Monday 09:00, and a circular 周政工 (政工科) sent to 刘职员 and 张科长."""

import pytest
import time_machine

from reading.models import Circular
from tests.reading.circulars import SENT_AT, send


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def monday(media):
    with time_machine.travel(SENT_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def circular(org, monday) -> Circular:
    return send(org.personnel, [org.staff, org.chief])
