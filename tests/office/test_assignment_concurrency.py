"""Two clicks at the same instant on one receipt, and two sweeps at once, on PostgreSQL: one
change and one clear refusal; every receipt reminded once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from office.assignment_models import Receipt, ReceiptState
from office.assignment_services import (
    AssignmentError,
    assignment_create,
    assignments_sweep,
    receipt_accept,
    receipt_complete,
    receipt_confirm,
    receipt_return,
)
from tests.concurrency import postgres_only, together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("kinds"),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    postgres_only()


def answered_receipt(org) -> Receipt:
    assignment = assignment_create(
        kind="full",
        acting_user=org.director.user,
        unit=org.section.unit,
        title="落实批示",
        body="",
        due_at=timezone.now() + dt.timedelta(hours=2),
        staff_ids=[org.staff.pk, org.other_staff.pk],
    )
    receipt = assignment.receipts.get(staff=org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    return receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已落实")


def test_confirm_and_return_at_once_give_one_decision(org):
    receipt = answered_receipt(org)
    outcomes = together(
        lambda: receipt_confirm(receipt=receipt, acting_user=org.director.user),
        lambda: receipt_return(receipt=receipt, acting_user=org.director.user, reason="缺材料"),
    )
    errors = [o for o in outcomes if isinstance(o, AssignmentError)]
    assert len(errors) == 1, outcomes
    state = Receipt.objects.get(pk=receipt.pk).state
    assert state in (ReceiptState.CONFIRMED, ReceiptState.ACCEPTED)


def test_two_completes_at_once_store_one_answer(org):
    receipt = answered_receipt(org)
    receipt_return(receipt=receipt, acting_user=org.director.user, reason="缺材料")
    outcomes = together(
        lambda: receipt_complete(receipt=receipt, acting_user=org.staff.user, note="第一次"),
        lambda: receipt_complete(receipt=receipt, acting_user=org.staff.user, note="第二次"),
    )
    assert len([o for o in outcomes if isinstance(o, AssignmentError)]) == 1, outcomes
    assert Receipt.objects.get(pk=receipt.pk).history.filter(state=ReceiptState.DONE).count() == 2


def test_two_sweeps_at_once_remind_each_receipt_once(org):
    answered_receipt(org)  # 杨职员's receipt is open and due in two hours
    now = timezone.now()
    outcomes = together(
        lambda: assignments_sweep(now=now, acting_user=None),
        lambda: assignments_sweep(now=now + dt.timedelta(seconds=1), acting_user=None),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(reminded for reminded, _ in outcomes) == [0, 1]
