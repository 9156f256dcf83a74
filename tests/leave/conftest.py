"""Leave fixtures: the seeded leave types, a frozen clock and a helper to request leave."""

import datetime as dt
from collections.abc import Callable
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps

from leave.models import LeaveRequest, LeaveType
from leave.services import leave_request_create
from office.models import Staff

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# Monday 2 November 2026, 09:00 in the office: an ordinary working week.
TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def frozen():
    with time_machine.travel(
        dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture
def types(db) -> dict[str, LeaveType]:
    if not LeaveType.objects.exists():
        # Transactional tests (threads, browser) start from a flushed database: put the
        # types the data migration seeds back, the same way it does.
        migration = import_module("leave.migrations.0003_seed_leave_types")
        migration.seed(django_apps, None)
    return {t.code: t for t in LeaveType.objects.all()}


RequestLeave = Callable[..., LeaveRequest]


@pytest.fixture
def request_leave(types) -> RequestLeave:
    def make(
        person: Staff,
        start: dt.date,
        end: dt.date | None = None,
        *,
        start_half: str = "am",
        end_half: str = "pm",
        code: str = "personal",
        reason: str = "家中有事",
        attachment=None,
    ) -> LeaveRequest:
        return leave_request_create(
            acting_user=person.user,
            leave_type=types[code],
            start_date=start,
            start_half=start_half,
            end_date=end or start,
            end_half=end_half,
            reason=reason,
            attachment=attachment,
        )

    return make
