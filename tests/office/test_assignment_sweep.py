"""The sweep (office/assignment_sweep.py): reminders once before the deadline, overdue once
after it with the chief and the assigner told, the kind's hook called with the new ones."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from office.assignment_models import Assignment, Receipt
from office.assignment_services import (
    assignment_cancel,
    assignment_create,
    assignments_sweep,
    receipt_accept,
    receipt_complete,
)
from office.assignment_sweep import sweep_assignments
from office.models import Notification
from tests.office.assignment_kinds import NOW

pytestmark = pytest.mark.usefixtures("kinds")
HOUR = dt.timedelta(hours=1)


def send(org, kind: str, due_in: dt.timedelta) -> Assignment:
    with time_machine.travel(NOW, tick=False):
        return assignment_create(
            kind=kind,
            acting_user=org.director.user,
            unit=org.section.unit,
            title="学习会议精神",
            body="",
            due_at=NOW + due_in,
            staff_ids=[org.staff.pk, org.other_staff.pk],
        )


def sweep(at: dt.datetime) -> tuple[int, int]:
    return assignments_sweep(now=at, acting_user=None)


def test_a_reminder_goes_once_within_the_kinds_window(org, django_capture_on_commit_callbacks):
    soon = send(org, "plain", 3 * HOUR)  # the plain kind reminds 4 hours before
    send(org, "plain", 5 * HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(NOW) == (2, 0)
        assert sweep(NOW) == (0, 0)
        assert sweep(NOW + HOUR) == (2, 0)  # the second one's window opens at NOW + 1 h
    assert set(soon.receipts.values_list("reminded_at", flat=True)) == {NOW}
    told = Notification.objects.filter(title="学习任务即将截止：学习会议精神")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [org.staff.user_id, org.other_staff.user_id] * 2
    )


def test_each_kind_has_its_own_window(org):
    send(org, "full", 20 * HOUR)  # the full kind reminds a day before
    send(org, "plain", 20 * HOUR)
    assert sweep(NOW) == (2, 0)
    assert Receipt.objects.filter(assignment__kind="plain", reminded_at__isnull=True).count() == 2


def test_no_reminder_for_an_answered_receipt_or_a_cancelled_assignment(org):
    answered = send(org, "plain", 3 * HOUR)
    receipt = answered.receipts.get(staff=org.staff)
    receipt_complete(receipt=receipt, acting_user=org.staff.user, note="心得")
    cancelled = send(org, "plain", 3 * HOUR)
    assignment_cancel(assignment=cancelled, acting_user=org.director.user, reason="改期")
    assert sweep(NOW) == (1, 0)
    assert answered.receipts.get(staff=org.other_staff).reminded_at == NOW


def test_overdue_is_flagged_once_when_the_clock_passes_the_deadline(
    org, kinds, django_capture_on_commit_callbacks
):
    assignment = send(org, "full", 2 * HOUR)
    done = assignment.receipts.get(staff=org.other_staff)
    receipt_accept(receipt=done, acting_user=org.other_staff.user)
    receipt_complete(receipt=done, acting_user=org.other_staff.user, note="办结")
    late = assignment.receipts.get(staff=org.staff)
    with time_machine.travel(NOW + HOUR, tick=False):
        assert sweep(dt.datetime.now(tz=dt.UTC)) == (1, 0)  # reminded only
    assert kinds.calls == []
    later = NOW + 3 * HOUR
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert sweep(dt.datetime.now(tz=dt.UTC)) == (0, 1)
        assert sweep(dt.datetime.now(tz=dt.UTC)) == (0, 0)
    late.refresh_from_db()
    done.refresh_from_db()
    assert (late.overdue_at, done.overdue_at) == (later, None)
    assert kinds.calls == [[late.pk]]
    to_recipient = Notification.objects.get(title="督查督办已逾期：学习会议精神")
    assert to_recipient.recipient_id == org.staff.user_id
    to_leaders = Notification.objects.filter(title="督查督办逾期未完成：学习会议精神")
    assert sorted(to_leaders.values_list("recipient_id", flat=True)) == sorted(
        [org.director.user_id, org.chief.user_id]
    )
    assert to_leaders.first().body == "综合科1人"


def test_a_cancelled_assignment_is_never_overdue(org, kinds):
    assignment = send(org, "full", HOUR)
    assignment_cancel(assignment=assignment, acting_user=org.director.user, reason="取消")
    assert sweep(NOW + 2 * HOUR) == (0, 0)
    assert kinds.calls == []


def test_the_beat_task_sweeps_at_the_servers_time(org):
    send(org, "plain", HOUR)
    with time_machine.travel(NOW + 2 * HOUR, tick=False):
        assert sweep_assignments() == (0, 2)
    assert PeriodicTask.objects.get(task="office.assignment_sweep.sweep_assignments").enabled
