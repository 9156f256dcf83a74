"""Two clicks at the same moment, on PostgreSQL with real threads (row locks under load).

Run with: DATABASE_URL=postgres://postgres@127.0.0.1:5432/office .venv/bin/pytest tests/leave -m postgres
"""

import datetime as dt
from decimal import Decimal

import pytest

from leave.models import LeaveRequest
from leave.services import balance_adjust, balance_get
from office.approvals.models import ApprovalStatus, ApprovalStep
from office.approvals.services import ApprovalError, approval_decide, delegation_create
from tests.concurrency import postgres_only, together

D = dt.date

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    postgres_only()


def test_two_concurrent_approvals_of_one_step_give_one_decision(org, request_leave, frozen):
    leave = request_leave(org.staff, D(2026, 11, 3))
    delegation_day = D(2026, 11, 2)

    # The chief and their delegate click "同意" at the same moment.
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=delegation_day,
        end=delegation_day,
        acting_user=None,
    )
    outcomes = together(
        lambda: approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True),
        lambda: approval_decide(request_obj=leave, acting_user=org.other_chief.user, approve=True),
    )
    assert sum(isinstance(o, LeaveRequest) for o in outcomes) == 1
    assert sum(isinstance(o, ApprovalError) for o in outcomes) == 1
    step = ApprovalStep.objects.get()
    assert step.decision == ApprovalStep.Decision.APPROVED and step.decided_by is not None
    assert LeaveRequest.objects.get().status == ApprovalStatus.APPROVED


def test_two_concurrent_approvals_cannot_overdraw_the_balance(org, request_leave, types, frozen):
    first = request_leave(org.staff, D(2026, 11, 3), code="annual")
    second = request_leave(org.staff, D(2026, 11, 4), code="annual")
    # 政工科 corrects the entitlement to 1 day while both requests wait.
    balance_adjust(
        staff=org.staff,
        leave_type=types["annual"],
        year=2026,
        days=Decimal(-9),
        reason="核减",
        acting_user=org.personnel.user,
    )
    outcomes = together(
        lambda: approval_decide(request_obj=first, acting_user=org.chief.user, approve=True),
        lambda: approval_decide(request_obj=second, acting_user=org.chief.user, approve=True),
    )
    refusals = [o for o in outcomes if isinstance(o, ApprovalError)]
    assert len(refusals) == 1 and "余额不足" in refusals[0].message
    assert balance_get(staff=org.staff, leave_type=types["annual"], year=2026).used == 1
    statuses = sorted(LeaveRequest.objects.values_list("status", flat=True))
    assert statuses == [ApprovalStatus.APPROVED, ApprovalStatus.PENDING]
