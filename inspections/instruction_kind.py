"""督查督办 as a kind of the office's shared assignments (registered in InspectionsConfig.ready()):
签收 first, the assigner confirms or sends back, only 主任, 分管主任 and 督导小组 send it, and a
receipt past its 办结时限 is filed as a candidate finding (作风效能) besides the sweep's
notifications."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from inspections.services.instruction_overdue import instruction_late_file
from inspections.services.instructions import KIND, instruction_assign_refusal, instruction_url
from office.assignments import AssignmentKind
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
    assign_refusal=instruction_assign_refusal,
    queue_url=lambda: reverse("inspections:my_instructions"),
    sent_url=lambda: f"{reverse('inspections:instruction_list')}?state=review",
)
