"""Two kinds of assigned work registered for the mechanism's own tests: one with every step
(签收, 办结, the assigner's 确认 or 退回, something done on overdue) and one with only 已学."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from office import assignments
from office.assignment_models import Assignment, Receipt
from office.assignments import AssignmentKind

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# Monday 7 December 2026, 09:00.
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)


@dataclass
class Overdue:
    """What the full kind's ``on_overdue`` was handed, call by call."""

    calls: list[list[int]] = field(default_factory=list)

    def __call__(self, receipts: list[Receipt]) -> None:
        self.calls.append(sorted(r.pk for r in receipts))


def _url(assignment: Assignment) -> str:
    return f"/test/{assignment.pk}/"


@pytest.fixture
def kinds(monkeypatch) -> Overdue:
    overdue = Overdue()
    # setitem: each test's kinds leave the registry as they found it.
    full = AssignmentKind(
        slug="full",
        label="督查督办",
        done_label="办结",
        needs_accept=True,
        needs_confirm=True,
        remind_before=dt.timedelta(days=1),
        url=_url,
        on_overdue=overdue,
        queue_url=lambda: "/test/mine/",
        sent_url=lambda: "/test/sent/",
    )
    plain = AssignmentKind(
        slug="plain",
        label="学习任务",
        done_label="已学",
        needs_accept=False,
        needs_confirm=False,
        remind_before=dt.timedelta(hours=4),
        url=_url,
    )
    for kind in (full, plain):
        monkeypatch.setitem(assignments.KINDS, kind.slug, kind)
    return overdue
