"""Reads of the assignment mechanism (office/assignment_selectors.py) and the bounded queries
of sending and sweeping however many people are named."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse

from office.assignment_models import Assignment, ReceiptState
from office.assignment_selectors import (
    assignment_for_viewer,
    assignment_progress,
    assignments_sent_in_scope,
    receipt_for_recipient,
    receipt_queue,
    receipts_open_for,
    receipts_visible,
)
from office.assignment_services import (
    assignment_cancel,
    assignment_create,
    assignments_sweep,
    receipt_accept,
    receipt_complete,
)
from office.home import QueueItem
from office.org import viewer_for
from tests.conftest import login
from tests.factories import SectionFactory, many_staff, unit_with_roles
from tests.office.assignment_kinds import NOW

pytestmark = pytest.mark.usefixtures("kinds")


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def send(org, people, kind: str = "full", due_in: dt.timedelta = dt.timedelta(days=3), by=None):
    return assignment_create(
        kind=kind,
        acting_user=(by or org.director).user,
        unit=org.section.unit,
        title="落实市长批示",
        body="",
        due_at=NOW + due_in,
        staff_ids=[p.pk for p in people],
    )


def answer(assignment: Assignment, person) -> None:
    receipt = assignment.receipts.get(staff=person)
    if receipt.state == ReceiptState.PENDING and assignment.kind == "full":
        receipt_accept(receipt=receipt, acting_user=person.user)
    receipt_complete(receipt=receipt, acting_user=person.user, note="已完成")


def test_open_receipts_are_the_unanswered_of_live_assignments_nearest_first(org):
    later = send(org, [org.staff], due_in=dt.timedelta(days=5))
    sooner = send(org, [org.staff], kind="plain", due_in=dt.timedelta(days=1))
    answered = send(org, [org.staff], kind="plain")
    answer(answered, org.staff)
    cancelled = send(org, [org.staff])
    assignment_cancel(assignment=cancelled, acting_user=org.director.user, reason="取消")
    assert [r.assignment for r in receipts_open_for(org.staff)] == [sooner, later]
    assert [r.assignment for r in receipts_open_for(org.staff, "full")] == [later]


def test_progress_counts_per_state_and_section_in_one_query(org, django_assert_num_queries):
    assignment = send(org, [org.staff, org.chief, org.other_staff, org.other_chief])
    answer(assignment, org.staff)
    receipt_accept(
        receipt=assignment.receipts.get(staff=org.other_staff), acting_user=org.other_staff.user
    )
    with django_assert_num_queries(1):  # the receipts grouped by section and state
        progress = assignment_progress(assignment)
    assert (progress.total, progress.answered, progress.open) == (4, 1, 3)
    assert progress.counts == {"pending": 2, "accepted": 1, "done": 1, "confirmed": 0}
    by_name = {s.name: (s.total, s.answered, s.open, s.rate) for s in progress.sections}
    assert by_name == {"综合科": (2, 1, 1, 50), "行政科": (2, 0, 2, 0)}
    mine = assignment_progress(assignment, frozenset({org.other_section.pk}))
    assert [s.name for s in mine.sections] == ["行政科"]


def test_who_follows_a_sent_assignment(org):
    assignment = send(org, [org.staff])
    other = unit_with_roles()
    follows = {
        "director (sender)": org.director,
        "personnel (whole unit)": org.personnel,
        "chief of the section reached": org.chief,
        "deputy of the section reached": org.deputy,
    }
    for who, person in follows.items():
        viewer = viewer_for(person.user)
        assert list(assignments_sent_in_scope(viewer, "full")) == [assignment], who
        assert assignment_for_viewer(viewer, "full", assignment.pk) == assignment
    for person in (org.staff, org.other_chief, org.other_deputy, other.director, other.personnel):
        viewer = viewer_for(person.user)
        assert not assignments_sent_in_scope(viewer, "full").exists()
        with pytest.raises(Http404):
            assignment_for_viewer(viewer, "full", assignment.pk)
    assert not assignments_sent_in_scope(viewer_for(org.director.user), "plain").exists()


def test_a_chief_sees_only_their_sections_receipts_by_name(org):
    assignment = send(org, [org.staff, org.other_staff], by=org.personnel)

    def names(person) -> set[str]:
        return {r.staff.name for r in receipts_visible(viewer_for(person.user), assignment)}

    assert names(org.personnel) == names(org.director) == {"刘职员", "杨职员"}
    assert names(org.chief) == {"刘职员"}
    assert names(org.other_staff) == {"杨职员"}


def test_only_a_recipient_fetches_their_receipt(org):
    assignment = send(org, [org.staff])
    assert receipt_for_recipient(org.staff, "full", assignment.pk).staff == org.staff
    for person, kind in ((org.chief, "full"), (org.staff, "plain")):
        with pytest.raises(Http404):
            receipt_for_recipient(person, kind, assignment.pk)


def test_the_home_queue_counts_every_kind_in_one_query(org, django_assert_num_queries):
    full = send(org, [org.staff, org.other_staff])
    send(org, [org.staff], kind="plain")
    send(org, [org.staff], kind="plain")
    answer(full, org.other_staff)
    viewer = viewer_for(org.staff.user)
    with django_assert_num_queries(1):  # receipts grouped by kind
        staff_queue = receipt_queue(viewer)
    assert staff_queue == [
        QueueItem("待办督查督办", 1, "/test/mine/"),
        QueueItem("待办学习任务", 2, ""),
    ]
    assert receipt_queue(viewer_for(org.director.user)) == [
        QueueItem("待确认督查督办", 1, "/test/sent/")
    ]
    assert receipt_queue(viewer_for(org.chief.user)) == []
    assert receipt_queue(viewer_for(org.admin)) == []


def test_the_home_page_shows_the_line(org):
    send(org, [org.staff], kind="plain")
    response = login(org.staff).get(reverse("home"))
    assert QueueItem("待办学习任务", 1, "") in response.context["queue"]


# --- bounded queries for 10,000 recipients -----------------------------------------------------


@pytest.mark.parametrize("count", [10, 10_000])
def test_sending_and_sweeping_take_the_same_queries_for_10_and_10000(
    org, count, django_assert_num_queries
):
    section = SectionFactory(name="大科室")
    people = many_staff(section, count)
    viewer_for(org.personnel.user)  # the sender's roles, read once per request in a view
    # The recipients; savepoint; the assignment and its history row; the receipts (one
    # INSERT … SELECT); release. The notification is delivered after commit, by its task.
    with django_assert_num_queries(6):
        assignment = send(org, people, kind="plain", by=org.personnel)
    assert assignment.receipts.count() == count
    # Savepoint; reminders: the receipts due soon (locked), their stamp; overdue: none yet
    # (one query); release.
    with django_assert_num_queries(5):
        assert assignments_sweep(now=NOW + dt.timedelta(days=3, hours=-1), acting_user=None) == (
            count,
            0,
        )
    # Savepoint; reminders: none (one query); overdue: the receipts (locked), their stamp;
    # release.
    with django_assert_num_queries(5):
        later = NOW + dt.timedelta(days=3, hours=1)
        assert assignments_sweep(now=later, acting_user=None) == (0, count)
