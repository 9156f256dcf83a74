"""Every change of an assignment or a receipt: send, 签收, 完成 (办结/已学/已阅), 确认, 退回,
撤销; and the sweep that reminds and flags overdue receipts.

Who may do each step is written once, in the ``…_refusal`` functions: the services raise
``AssignmentError`` with their reason, the pages ask them whether to show a button. Every step
locks the receipt (or the assignment) row, so two clicks give one change and one refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from office.assignment_models import OPEN_STATES, Assignment, Receipt, ReceiptState
from office.assignment_sweep import assignments_sweep
from office.assignments import AssignmentKind, assignment_kind
from office.audit import records_actor
from office.dates import cn_datetime
from office.errors import AssignmentError
from office.models import Staff, Unit
from office.notifications import notify
from office.org import Viewer, viewer_for

__all__ = [
    "AssignmentError",
    "assignment_cancel",
    "assignment_cancel_refusal",
    "assignment_create",
    "assignment_create_refusal",
    "assignments_sweep",
    "receipt_accept",
    "receipt_accept_refusal",
    "receipt_complete",
    "receipt_complete_refusal",
    "receipt_confirm",
    "receipt_confirm_refusal",
    "receipt_return",
    "receipt_return_refusal",
]

REASON_MAX = 200


# --- who may do what ---------------------------------------------------------------------------


def assignment_create_refusal(
    viewer: Viewer, kind: AssignmentKind, unit: Unit, section_ids: frozenset[int]
) -> str | None:
    """Why ``viewer`` may not send ``kind`` to people of these sections of ``unit``, or None.
    The mechanism asks for a person and the unit; the kind says which roles may send it."""
    if viewer.staff is None:
        return "此账号未关联干部职工信息，不能交办。"
    if not (viewer.is_city or viewer.unit_id == unit.pk):
        return f"您不能向{unit.name}交办{kind.label}。"
    return kind.assign_refusal(viewer, unit, section_ids)


def _gone(receipt: Receipt) -> str | None:
    assignment = receipt.assignment
    if assignment.is_cancelled:
        return f"该{assignment_kind(assignment.kind).label}已撤销。"
    return None


def _own(staff: Staff, receipt: Receipt, kind: AssignmentKind) -> str | None:
    if receipt.staff_id != staff.pk:
        return f"这项{kind.label}不是交给您的，只有接收人本人可以办理。"
    return None


def receipt_accept_refusal(staff: Staff, receipt: Receipt) -> str | None:
    """签收: the recipient, once, for kinds that ask for it."""
    kind = assignment_kind(receipt.assignment.kind)
    if refusal := _own(staff, receipt, kind) or _gone(receipt):
        return refusal
    if not kind.needs_accept:
        return f"{kind.label}无需签收。"
    if receipt.state != ReceiptState.PENDING:
        return f"该{kind.label}已签收，不能重复签收。"
    return None


def receipt_complete_refusal(staff: Staff, receipt: Receipt) -> str | None:
    """办结 / 已学 / 已阅: the recipient, after 签收 where the kind asks for it, once (again
    after the assigner sent it back)."""
    kind = assignment_kind(receipt.assignment.kind)
    if refusal := _own(staff, receipt, kind) or _gone(receipt):
        return refusal
    if receipt.is_answered:
        return f"该{kind.label}{kind.done_state}，不能重复提交。"
    if kind.needs_accept and receipt.state == ReceiptState.PENDING:
        return f"请先签收该{kind.label}，再上报完成情况。"
    return None


def _assigner(staff: Staff, receipt: Receipt, kind: AssignmentKind, verb: str) -> str | None:
    """确认 and 退回: the assigner, on someone else's answer, for kinds that ask for it."""
    if refusal := _gone(receipt):
        return refusal
    if not kind.needs_confirm:
        return f"{kind.label}无需交办人{verb}。"
    if receipt.assignment.created_by_id != staff.pk:
        return f"只有交办人可以{verb}。"
    if receipt.staff_id == staff.pk:
        return f"不能{verb}自己的{kind.label}。"
    if receipt.state == ReceiptState.CONFIRMED:
        return f"该{kind.label}已确认完成，不能再{verb}。"
    if receipt.state != ReceiptState.DONE:
        return f"接收人尚未上报完成情况，不能{verb}。"
    return None


def receipt_confirm_refusal(staff: Staff, receipt: Receipt) -> str | None:
    return _assigner(staff, receipt, assignment_kind(receipt.assignment.kind), "确认")


def receipt_return_refusal(staff: Staff, receipt: Receipt) -> str | None:
    return _assigner(staff, receipt, assignment_kind(receipt.assignment.kind), "退回")


def assignment_cancel_refusal(staff: Staff, assignment: Assignment) -> str | None:
    """撤销: the assigner, while not yet cancelled."""
    label = assignment_kind(assignment.kind).label
    if assignment.is_cancelled:
        return f"该{label}已撤销。"
    if assignment.created_by_id != staff.pk:
        return f"只有交办人可以撤销该{label}。"
    return None


# --- sending ---------------------------------------------------------------------------------


def _recipients(unit: Unit, staff_ids: Iterable[int]) -> list[tuple[int, int, int]]:
    """(staff id, user id, section id) of each recipient, refusing anyone who has left, does
    not exist or is outside ``unit``. One query."""
    wanted = sorted({int(pk) for pk in staff_ids})
    if not wanted:
        raise AssignmentError("请至少选择一名接收人。")
    rows = list(
        Staff.objects.filter(pk__in=wanted)
        .exclude(status=Staff.Status.LEFT)
        .values_list("pk", "user_id", "section_id", "section__unit_id")
    )
    if len(rows) != len(wanted):
        raise AssignmentError("所选人员中有人不存在或已离职，请重新选择。")
    if any(unit_id != unit.pk for *_, unit_id in rows):
        raise AssignmentError(f"只能交办给{unit.name}的人员。")
    return [(pk, user_id, section_id) for pk, user_id, section_id, _ in rows]


def _insert_receipts(assignment: Assignment, staff_ids: list[int]) -> None:
    """One INSERT … SELECT for any number of recipients, each with their section of today.

    Django's SQLite backend splits bulk_create into batches of 999 parameters (90 receipts), so
    the statement count would grow with the recipients; here each recipient is one parameter
    (SQLite allows 250,000; psycopg binds on the client, with no limit). No history row is
    written for a fresh receipt: the assignment's own history records the sending.
    """
    field = Receipt._meta.get_field
    columns = ", ".join(
        connection.ops.quote_name(field(name).column)
        for name in ("assignment", "staff", "section", "state", "note", "returned_count")
    )
    staff_table = connection.ops.quote_name(Staff._meta.db_table)
    section_column = connection.ops.quote_name(Staff._meta.get_field("section").column)
    marks = ", ".join(["%s"] * len(staff_ids))
    table = connection.ops.quote_name(Receipt._meta.db_table)
    # Only quoted names from the models are formatted in; every value is a parameter.
    insert = f"INSERT INTO {table} ({columns}) "
    select = f"SELECT %s, id, {section_column}, %s, '', 0 FROM {staff_table} "  # noqa: S608
    sql = insert + select + f"WHERE id IN ({marks})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [assignment.pk, ReceiptState.PENDING, *staff_ids])


@records_actor
def assignment_create(
    *,
    kind: str,
    acting_user: AbstractBaseUser,
    unit: Unit,
    title: str,
    body: str,
    due_at: dt.datetime,
    staff_ids: Iterable[int],
) -> Assignment:
    """Send ``kind`` to the named people with a deadline; each gets a receipt and one batched
    notification. The kind's own material is saved by its service in the same transaction.

    Queries: the recipients, the assignment and its history row, the receipts (one statement
    whatever their number); the notification is delivered after commit.
    """
    the_kind = assignment_kind(kind)
    viewer = viewer_for(acting_user)
    title = title.strip()
    if not title:
        raise AssignmentError(f"请填写{the_kind.label}的标题。")
    if due_at <= timezone.now():
        raise AssignmentError("截止时间应晚于现在。")
    recipients = _recipients(unit, staff_ids)
    sections = frozenset(section_id for *_, section_id in recipients)
    if refusal := assignment_create_refusal(viewer, the_kind, unit, sections):
        raise AssignmentError(refusal)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            kind=kind,
            unit=unit,
            title=title[:200],
            body=body.strip(),
            created_by=viewer.staff,
            due_at=due_at,
        )
        _insert_receipts(assignment, [pk for pk, _, _ in recipients])
        notify(
            user_ids=[user_id for _, user_id, _ in recipients],
            title=f"{the_kind.label}：{assignment.title}",
            body=f"{viewer.staff.name}交办，请于{cn_datetime(due_at)}前完成。",
            url=the_kind.url(assignment),
            acting_user=acting_user,
        )
    return assignment


@records_actor
def assignment_cancel(
    *, assignment: Assignment, acting_user: AbstractBaseUser, reason: str
) -> Assignment:
    """The assigner withdraws it; receipts keep their state, those still open are told."""
    reason = reason.strip()
    if not reason:
        raise AssignmentError("撤销时请填写理由，以便接收人知道原因。")
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if refusal := assignment_cancel_refusal(acting_user.staff, locked):
            raise AssignmentError(refusal)
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason[:REASON_MAX]
        locked.save(update_fields=["cancelled_at", "cancel_reason"])
        kind = assignment_kind(locked.kind)
        notify(
            user_ids=locked.receipts.filter(state__in=OPEN_STATES).values_list(
                "staff__user_id", flat=True
            ),
            title=f"{kind.label}已撤销：{locked.title}",
            body=locked.cancel_reason,
            url=kind.url(locked),
            acting_user=acting_user,
        )
    return locked


# --- a recipient's steps and the assigner's answer -------------------------------------------


def _lock(receipt: Receipt) -> Receipt:
    """The receipt row locked (only it: ``of`` keeps PostgreSQL off the joined rows), with
    its assignment and recipient."""
    return (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("assignment__created_by", "staff")
        .get(pk=receipt.pk)
    )


def _tell(
    user_ids: list[int | None],
    receipt: Receipt,
    title: str,
    body: str,
    actor: AbstractBaseUser | None,
) -> None:
    notify(
        user_ids=[uid for uid in user_ids if uid],
        title=title,
        body=body,
        url=assignment_kind(receipt.assignment.kind).url(receipt.assignment),
        acting_user=actor,
    )


@records_actor
def receipt_accept(*, receipt: Receipt, acting_user: AbstractBaseUser) -> Receipt:
    with transaction.atomic():
        locked = _lock(receipt)
        if refusal := receipt_accept_refusal(acting_user.staff, locked):
            raise AssignmentError(refusal)
        locked.state = ReceiptState.ACCEPTED
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["state", "accepted_at"])
    return locked


@records_actor
def receipt_complete(*, receipt: Receipt, acting_user: AbstractBaseUser, note: str = "") -> Receipt:
    """办结 / 已学 / 已阅 with the recipient's note (办结说明, 学习心得); a kind that needs the
    assigner's confirmation tells them."""
    with transaction.atomic():
        locked = _lock(receipt)
        if refusal := receipt_complete_refusal(acting_user.staff, locked):
            raise AssignmentError(refusal)
        locked.state = ReceiptState.DONE
        locked.done_at = timezone.now()
        locked.note = note.strip()[:5000]
        locked.save(update_fields=["state", "done_at", "note"])
        kind = assignment_kind(locked.assignment.kind)
        if kind.needs_confirm:
            assigner = locked.assignment.created_by
            title = f"待确认：{locked.staff.name}{kind.done_state}“{locked.assignment.title}”"
            _tell([assigner.user_id], locked, title, locked.note, acting_user)
    return locked


@records_actor
def receipt_confirm(*, receipt: Receipt, acting_user: AbstractBaseUser) -> Receipt:
    with transaction.atomic():
        locked = _lock(receipt)
        if refusal := receipt_confirm_refusal(acting_user.staff, locked):
            raise AssignmentError(refusal)
        locked.state = ReceiptState.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["state", "confirmed_at"])
        kind = assignment_kind(locked.assignment.kind)
        title = f"{kind.label}“{locked.assignment.title}”已确认完成"
        _tell([locked.staff.user_id], locked, title, "", acting_user)
    return locked


@records_actor
def receipt_return(*, receipt: Receipt, acting_user: AbstractBaseUser, reason: str) -> Receipt:
    """退回: back to 已签收 for more work; the reason replaces the note (the history keeps the
    办结说明 it answered)."""
    reason = reason.strip()
    if not reason:
        raise AssignmentError("退回时请填写理由，以便接收人知道还需做什么。")
    with transaction.atomic():
        locked = _lock(receipt)
        if refusal := receipt_return_refusal(acting_user.staff, locked):
            raise AssignmentError(refusal)
        locked.state = ReceiptState.ACCEPTED
        locked.done_at = None
        locked.note = reason[:REASON_MAX]
        locked.returned_count += 1
        locked.save(update_fields=["state", "done_at", "note", "returned_count"])
        kind = assignment_kind(locked.assignment.kind)
        title = f"{kind.label}“{locked.assignment.title}”被退回"
        _tell([locked.staff.user_id], locked, title, locked.note, acting_user)
    return locked
