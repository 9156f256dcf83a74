"""Helpers of the proof-of-presence tests: a schedule that asks for proofs, a screen, a code."""

import datetime as dt

from django.db import connection

from attendance import door
from attendance.models import DoorScreen, Schedule, ScheduleAssignment
from attendance.services.door import door_screen_issue

SECONDS = 20  # the default of the setting door_code_seconds


def require_proofs(sections, captured, *, network=True, door_code=False, device=False) -> None:
    """The section (or sections) follow a schedule that asks for these proofs (from before the
    tests' days).

    ``captured``: pytest-django's django_capture_on_commit_callbacks, so the reference-data
    cache sees the change as a committed one (new generation) and later taps read it cached.
    """
    with captured(execute=True):
        Schedule.objects.create(
            name="凭证作息",
            valid_from=dt.date(2026, 1, 1),
            proof_network=network,
            proof_door=door_code,
            proof_device=device,
        )
        for section in sections if isinstance(sections, list) else [sections]:
            ScheduleAssignment.objects.create(
                schedule_name="凭证作息", section=section, valid_from=dt.date(2026, 1, 1)
            )


def screen(org, name: str = "东门", unit=None) -> tuple[DoorScreen, str]:
    """A screen issued by 政工科 (of the org's unit unless ``unit``) and its key."""
    return door_screen_issue(
        unit=unit or org.section.unit, name=name, acting_user=org.personnel.user
    )


def code_at(screen_id: int, moment: dt.datetime, steps_back: int = 0) -> str:
    return door.code_for(screen_id, door.step_of(moment, SECONDS) - steps_back)


def commit_setup() -> None:
    """As if the test's setup had committed: run its on-commit callbacks (the reference-data
    cache's new generation among them) and drop them, so that the taps after it read the
    cache as a returning user's do, instead of reading the uncommitted rows afresh."""
    pending = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _savepoints, callback, _robust in pending:
        callback()
