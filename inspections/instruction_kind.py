"""督查督办 as a kind of the office's shared assignments (registered in InspectionsConfig.ready()):
签收 first, the assigner confirms or sends back, and a receipt past its 办结时限 is filed as a
candidate finding (作风效能) besides the sweep's notifications."""

from __future__ import annotations

import datetime as dt

from office.assignments import AssignmentKind

from inspections.services.instruction_overdue import instruction_late_file
from inspections.services.instructions import KIND, instruction_url
from office.models import Receipt


def on_overdue(receipts: list[Receipt]) -> None:
    """The sweep's hook: it runs inside the sweep, which names no person (the system acts)."""
    instruction_late_file(receipt_ids=[receipt.pk for receipt in receipts], acting_user=None)


INSTRUCTION = AssignmentKind(
    slug=KIND,
    label="督查督办",
    done_label="办结",
    needs_accept=True,
    needs_confirm=True,
    remind_before=dt.timedelta(days=1),
    url=instruction_url,
    on_overdue=on_overdue,
)
