"""The assignment mechanism's steps (office/assignment_services.py): every change of state and
every illegal one, with the Chinese reason the page shows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from office.assignment_models import Assignment, Receipt, ReceiptState
from office.assignment_services import (
    AssignmentError,
    assignment_cancel,
    assignment_create,
    receipt_accept,
    receipt_complete,
    receipt_confirm,
    receipt_return,
)
from office.models import Notification, Staff
from tests.factories import unit_with_roles
from tests.office.assignment_kinds import NOW

pytestmark = pytest.mark.usefixtures("kinds")


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def send(org, kind: str = "full", people: list[Staff] | None = None, **fields) -> Assignment:
    values = {
        "kind": kind,
        "acting_user": org.director.user,
        "unit": org.section.unit,
        "title": "落实市长批示",
        "body": "请于本周内完成。",
        "due_at": NOW + dt.timedelta(days=3),
        "staff_ids": [p.pk for p in people or [org.staff, org.other_staff]],
        **fields,
    }
    return assignment_create(**values)


def receipt_of(assignment: Assignment, person: Staff) -> Receipt:
    return assignment.receipts.get(staff=person)


def refused(message: str):
    return pytest.raises(AssignmentError, match=message)


# --- sending -----------------------------------------------------------------------------------


def test_each_recipient_gets_a_pending_receipt_with_their_section(org):
    assignment = send(org)
    rows = {r.staff_id: (r.section_id, r.state) for r in assignment.receipts.all()}
    assert rows == {
        org.staff.pk: (org.section.pk, ReceiptState.PENDING),
        org.other_staff.pk: (org.other_section.pk, ReceiptState.PENDING),
    }
    assert assignment.created_by == org.director
    assert assignment.history.latest().history_user == org.director.user


def test_the_recipients_are_told_once_after_commit(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = send(org, people=[org.staff, org.staff, org.other_staff])
    told = Notification.objects.filter(title="督查督办：落实市长批示")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [org.staff.user_id, org.other_staff.user_id]
    )
    assert told.first().url == f"/test/{assignment.pk}/"
    assert "2026年12月10日 09:00前完成" in told.first().body


def test_a_receipt_keeps_the_section_it_was_sent_to(org):
    assignment = send(org, people=[org.staff])
    Staff.objects.filter(pk=org.staff.pk).update(section=org.other_section)
    assert receipt_of(assignment, org.staff).section == org.section


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"staff_ids": []}, "请至少选择一名接收人"),
        ({"title": "  "}, "请填写督查督办的标题"),
        ({"due_at": NOW}, "截止时间应晚于现在"),
        ({"staff_ids": [999_999]}, "有人不存在或已离职"),
    ],
)
def test_sending_refuses_bad_input_and_writes_nothing(org, fields, message):
    with refused(message):
        send(org, **fields)
    assert not Assignment.objects.exists()


def test_sending_refuses_someone_who_left(org):
    Staff.objects.filter(pk=org.other_staff.pk).update(status=Staff.Status.LEFT)
    with refused("有人不存在或已离职"):
        send(org)
    assert not Receipt.objects.exists()


def test_sending_refuses_people_of_another_unit(org):
    other = unit_with_roles()
    with refused("只能交办给"):
        send(org, people=[org.staff, other.staff])


def test_sending_to_another_unit_is_refused(org):
    other = unit_with_roles()
    with refused("您不能向市发展和改革委员会交办"):
        send(org, unit=other.unit, people=[other.staff])


def test_an_account_without_staff_cannot_send(org):
    with refused("未关联干部职工信息"):
        send(org, acting_user=org.admin)


def test_the_kind_decides_who_may_send(org, monkeypatch):
    from dataclasses import replace

    from office import assignments

    def personnel_only(viewer, unit, section_ids) -> str | None:  # noqa: ARG001
        return None if viewer.is_personnel else "只有政工科可以布置学习任务。"

    kind = replace(assignments.KINDS["plain"], assign_refusal=personnel_only)
    monkeypatch.setitem(assignments.KINDS, "plain", kind)
    with refused("只有政工科可以布置学习任务"):
        send(org, kind="plain", acting_user=org.chief.user)
    assert send(org, kind="plain", acting_user=org.personnel.user).receipts.count() == 2


# --- 签收, 办结, 确认, 退回 ---------------------------------------------------------------------


def test_the_full_round_accept_complete_confirm(org):
    assignment = send(org)
    receipt = receipt_of(assignment, org.staff)
    receipt = receipt_accept(receipt=receipt, acting_user=org.staff.user)
    assert (receipt.state, receipt.accepted_at) == (ReceiptState.ACCEPTED, NOW)
    receipt = receipt_complete(receipt=receipt, acting_user=org.staff.user, note=" 已落实。 ")
    assert (receipt.state, receipt.done_at, receipt.note) == (ReceiptState.DONE, NOW, "已落实。")
    receipt = receipt_confirm(receipt=receipt, acting_user=org.director.user)
    assert (receipt.state, receipt.confirmed_at) == (ReceiptState.CONFIRMED, NOW)
    actors = [h.history_user for h in receipt.history.order_by("history_date", "history_id")]
    assert actors == [org.staff.user, org.staff.user, org.director.user]


def test_the_assigner_is_told_of_an_answer_to_confirm(org, django_capture_on_commit_callbacks):
    receipt = receipt_of(send(org), org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    with django_capture_on_commit_callbacks(execute=True):
        receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已落实。")
    told = Notification.objects.get(recipient=org.director.user)
    assert told.title == "待确认：刘职员已办结“落实市长批示”"


def test_only_the_recipient_accepts_and_completes(org):
    receipt = receipt_of(send(org), org.staff)
    for person in (org.chief, org.director, org.other_staff):
        with refused("只有接收人本人可以办理"):
            receipt_accept(receipt=receipt, acting_user=person.user)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    with refused("只有接收人本人可以办理"):
        receipt_complete(receipt=receipt, acting_user=org.chief.user)


def test_accepting_twice_is_refused(org):
    receipt = receipt_of(send(org), org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    with refused("已签收，不能重复签收"):
        receipt_accept(receipt=receipt, acting_user=org.staff.user)


def test_completing_before_accepting_is_refused_where_the_kind_asks_for_it(org):
    receipt = receipt_of(send(org), org.staff)
    with refused("请先签收该督查督办，再上报完成情况"):
        receipt_complete(receipt=receipt, acting_user=org.staff.user)


def test_feedback_after_done_is_refused(org):
    receipt = receipt_of(send(org), org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已落实。")
    with refused("已办结，不能重复提交"):
        receipt_complete(receipt=receipt, acting_user=org.staff.user, note="再报一次")
    receipt_confirm(receipt=receipt, acting_user=org.director.user)
    with refused("已办结，不能重复提交"):
        receipt_complete(receipt=receipt, acting_user=org.staff.user)
    assert Receipt.objects.get(pk=receipt.pk).note == "已落实。"


def test_confirm_by_a_non_assigner_is_refused(org):
    receipt = receipt_of(send(org), org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt_complete(receipt=receipt, acting_user=org.staff.user)
    for person in (org.chief, org.deputy, org.staff, org.personnel):
        with refused("只有交办人可以确认"):
            receipt_confirm(receipt=receipt, acting_user=person.user)
    assert Receipt.objects.get(pk=receipt.pk).state == ReceiptState.DONE


def test_confirming_before_the_answer_or_twice_is_refused(org):
    receipt = receipt_of(send(org), org.staff)
    with refused("接收人尚未上报完成情况，不能确认"):
        receipt_confirm(receipt=receipt, acting_user=org.director.user)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt_complete(receipt=receipt, acting_user=org.staff.user)
    receipt_confirm(receipt=receipt, acting_user=org.director.user)
    with refused("已确认完成，不能再确认"):
        receipt_confirm(receipt=receipt, acting_user=org.director.user)
    with refused("已确认完成，不能再退回"):
        receipt_return(receipt=receipt, acting_user=org.director.user, reason="再改改")


def test_the_assigner_cannot_confirm_their_own_receipt(org):
    receipt = receipt_of(send(org, people=[org.director, org.staff]), org.director)
    receipt_accept(receipt=receipt, acting_user=org.director.user)
    receipt_complete(receipt=receipt, acting_user=org.director.user)
    with refused("不能确认自己的督查督办"):
        receipt_confirm(receipt=receipt, acting_user=org.director.user)


def test_a_returned_answer_goes_back_for_more_work(org, django_capture_on_commit_callbacks):
    receipt = receipt_of(send(org), org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已落实。")
    with refused("退回时请填写理由"):
        receipt_return(receipt=receipt, acting_user=org.director.user, reason=" ")
    with refused("只有交办人可以退回"):
        receipt_return(receipt=receipt, acting_user=org.chief.user, reason="不够")
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receipt_return(receipt=receipt, acting_user=org.director.user, reason="缺材料")
    assert (receipt.state, receipt.done_at, receipt.note, receipt.returned_count) == (
        ReceiptState.ACCEPTED,
        None,
        "缺材料",
        1,
    )
    assert Notification.objects.filter(recipient=org.staff.user, title__contains="被退回").exists()
    assert receipt.history.filter(note="已落实。").exists()
    receipt = receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已补齐。")
    assert receipt.state == ReceiptState.DONE


def test_a_plain_kind_has_no_accept_and_no_confirm(org):
    receipt = receipt_of(send(org, kind="plain"), org.staff)
    with refused("学习任务无需签收"):
        receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt = receipt_complete(receipt=receipt, acting_user=org.staff.user, note="心得")
    assert receipt.state == ReceiptState.DONE
    with refused("学习任务无需交办人确认"):
        receipt_confirm(receipt=receipt, acting_user=org.director.user)
    with refused("该学习任务已学，不能重复提交"):
        receipt_complete(receipt=receipt, acting_user=org.staff.user)


# --- 撤销 ---------------------------------------------------------------------------------------


def test_the_assigner_cancels_and_open_recipients_are_told(org, django_capture_on_commit_callbacks):
    assignment = send(org)
    done = receipt_of(assignment, org.other_staff)
    receipt_accept(receipt=done, acting_user=org.other_staff.user)
    receipt_complete(receipt=done, acting_user=org.other_staff.user)
    with refused("撤销时请填写理由"):
        assignment_cancel(assignment=assignment, acting_user=org.director.user, reason="")
    with refused("只有交办人可以撤销"):
        assignment_cancel(assignment=assignment, acting_user=org.chief.user, reason="不需要了")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_cancel(
            assignment=assignment, acting_user=org.director.user, reason="任务已调整"
        )
    assert (assignment.cancelled_at, assignment.cancel_reason) == (NOW, "任务已调整")
    told = Notification.objects.filter(title="督查督办已撤销：落实市长批示")
    assert list(told.values_list("recipient_id", flat=True)) == [org.staff.user_id]
    with refused("已撤销"):
        assignment_cancel(assignment=assignment, acting_user=org.director.user, reason="再撤")


def test_nothing_moves_on_a_cancelled_assignment(org):
    assignment = send(org)
    receipt = receipt_of(assignment, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    assignment_cancel(assignment=assignment, acting_user=org.director.user, reason="任务已调整")
    with refused("该督查督办已撤销"):
        receipt_complete(receipt=receipt, acting_user=org.staff.user)
    with refused("该督查督办已撤销"):
        receipt_accept(
            receipt=receipt_of(assignment, org.other_staff), acting_user=org.other_staff.user
        )
