"""A 督办 for the tests: registered by the deputy over 综合科 to 刘职员 (staff) and 张科长 (chief),
due Monday 30 November 2026 17:30, with feedback every Friday unless told otherwise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inspections.dates import SHANGHAI
from inspections.models import Instruction
from inspections.services.instructions import instruction_register
from office.models import Receipt

# Wednesday 18 November 2026, 10:00: registration; the first Friday is the 20th.
REGISTERED = dt.datetime(2026, 11, 18, 10, tzinfo=SHANGHAI)
DUE = dt.datetime(2026, 11, 30, 17, 30, tzinfo=SHANGHAI)


def register(org: Any, *, by: Any = None, people: list | None = None, **fields: Any) -> Instruction:
    values = {
        "title": "落实李市长关于老旧小区改造的批示",
        "body": "请综合科牵头，会同相关科室提出方案，按时报送。",
        "source": Instruction.Source.MAYOR,
        "reference": "市长批示件第12号",
        "due_at": DUE,
        "interval": Instruction.Interval.WEEKLY,
        "weekday": 4,
        **fields,
    }
    return instruction_register(
        **values,
        people=people if people is not None else [org.staff, org.chief],
        acting_user=(by or org.deputy).user,
    )


def receipt_of(instruction: Instruction, person: Any) -> Receipt:
    return Receipt.objects.get(assignment_id=instruction.pk, staff=person)
