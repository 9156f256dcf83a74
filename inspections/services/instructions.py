"""督查督办: register an instruction, and the 责任人's progress feedback (进展反馈).

签收, 办结上报, 确认 and 退回 are the shared receipt services (``office.assignment_services``):
an instruction is an Assignment of kind "instruction" whose kind asks for 签收 first and for the
assigner's confirmation. What only an instruction has is decided here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inspections.errors import InspectionError
from inspections.models import Feedback, FeedbackAttachment, Instruction
from inspections.services.people import section_chief_user_id
from office.assignment_services import AssignmentError, assignment_create
from office.audit import records_actor
from office.calendar import date_refusal
from office.models import Assignment, Receipt, ReceiptState, Staff, Unit
from office.notifications import notify
from office.org import Viewer, viewer_for
from office.text import clean_text, length_refusal
from office.uploads import attachment_refusal, sniff

KIND = "instruction"
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# How a 督办 receipt's state reads (the mechanism's own words are for every kind).
STATE_LABELS = {
    ReceiptState.PENDING: "待签收",
    ReceiptState.ACCEPTED: "办理中",
    ReceiptState.DONE: "已办结上报",
    ReceiptState.CONFIRMED: "已确认办结",
}


def instruction_register_refusal(viewer: Viewer) -> str | None:
    """主任, 分管主任 and 督导小组 (the 督查 officers) register instructions, in their own unit."""
    if viewer.staff is None or viewer.unit_id is None:
        return "此账号未关联干部职工信息，不能登记督办事项。"
    if viewer.is_director or viewer.is_deputy or viewer.is_inspector:
        return None
    return "只有主任、分管主任和督导小组可以登记督办事项。"


def assignable_section_ids(viewer: Viewer) -> frozenset[int]:
    """Whose people the viewer may name as 责任人: the whole unit for 主任 and 督导小组, the
    sections a 分管主任 supervises."""
    if viewer.is_director or viewer.is_inspector:
        return viewer.unit_section_ids
    return viewer.supervised_section_ids


def instruction_assign_refusal(
    viewer: Viewer, _unit: Unit, section_ids: frozenset[int]
) -> str | None:
    """The kind's rule for the shared mechanism: who sends a 督办, to which sections."""
    if refusal := instruction_register_refusal(viewer):
        return refusal
    if not section_ids <= assignable_section_ids(viewer):
        return "责任人须在您分管的科室。"
    return None


def recipients_refusal(viewer: Viewer, people: Sequence[Staff]) -> str | None:
    if not people:
        return "请选择至少一名责任人。"
    allowed = assignable_section_ids(viewer)
    outside = [person.name for person in people if person.section_id not in allowed]
    if outside:
        return f"{'、'.join(outside[:3])}不在您分管的科室，不能作为责任人。"
    left = [person.name for person in people if person.status == Staff.Status.LEFT]
    if left:
        return f"{'、'.join(left[:3])}已离职，不能作为责任人。"
    return None


def interval_refusal(interval: str, weekday: int | None, every_days: int | None) -> str | None:
    if interval == Instruction.Interval.WEEKLY and weekday is None:
        return "每周反馈请选择反馈日（周一至周日）。"
    if interval == Instruction.Interval.DAYS and not (every_days and 1 <= every_days <= 90):
        return "请填写1至90之间的反馈间隔天数。"
    if interval not in Instruction.Interval.values:
        return "请选择反馈要求。"
    return None


@records_actor
@transaction.atomic
def instruction_register(
    *,
    title: str,
    body: str,
    source: str,
    reference: str = "",
    due_at: dt.datetime,
    interval: str = Instruction.Interval.NONE,
    weekday: int | None = None,
    every_days: int | None = None,
    people: Iterable[Staff],
    acting_user: AbstractBaseUser,
) -> Instruction:
    """登记督办: the instruction goes to each 责任人's queue (one receipt each, their section
    as 承办科室) with the 办结时限 and the feedback rule."""
    viewer = viewer_for(acting_user)
    if refusal := instruction_register_refusal(viewer):
        raise InspectionError(refusal)
    title, body, reference = clean_text(title).strip(), clean_text(body).strip(), reference.strip()
    people = list(people)
    if not title or not body:
        raise InspectionError("请填写督办事项标题和批示（来文）内容。")
    if due_at <= timezone.now():
        raise InspectionError("办结时限必须晚于现在。")
    refusal = (
        date_refusal(due_at, "办结时限")
        or length_refusal(Assignment, title=title, body=body)
        or length_refusal(Instruction, reference=reference)
        or interval_refusal(interval, weekday, every_days)
        or recipients_refusal(viewer, people)
    )
    if refusal:
        raise InspectionError(refusal)
    if source not in Instruction.Source.values:
        raise InspectionError("请选择督办事项的来源。")
    try:
        assignment = assignment_create(
            kind=KIND,
            acting_user=acting_user,
            unit=viewer.staff.section.unit,
            title=title,
            body=body,
            due_at=due_at,
            staff_ids=[person.pk for person in people],
        )
    except AssignmentError as exc:
        raise InspectionError(exc.message) from exc
    weekly = interval == Instruction.Interval.WEEKLY
    return Instruction.objects.create(
        assignment=assignment,
        source=source,
        reference=reference,
        interval=interval,
        weekday=weekday if weekly else None,
        every_days=every_days if interval == Instruction.Interval.DAYS else None,
    )


def feedback_post_refusal(viewer: Viewer, receipt: Receipt) -> str | None:
    """进展反馈 is the 责任人's own, after 签收 and until 办结上报."""
    if viewer.staff is None or receipt.staff_id != viewer.staff.pk:
        return "只有责任人本人可以反馈进展。"
    if receipt.assignment.cancelled_at is not None:
        return "该督办事项已撤销，无需再反馈。"
    if receipt.state == ReceiptState.PENDING:
        return "请先签收，再反馈进展。"
    if receipt.state != ReceiptState.ACCEPTED:
        return "该事项已办结上报，不能再反馈进展；如需补充，请等交办人退回。"
    return None


def _attachments_checked(uploads: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    if len(uploads) > MAX_ATTACHMENTS:
        raise InspectionError(f"每次反馈最多上传{MAX_ATTACHMENTS}个附件。")
    checked = []
    for upload in uploads:
        if refusal := attachment_refusal(upload, max_bytes=MAX_ATTACHMENT_BYTES):
            raise InspectionError(f"附件“{upload.name}”{refusal}")
        checked.append((upload, sniff(upload)))
    return checked


@records_actor
@transaction.atomic
def feedback_post(
    *,
    receipt: Receipt,
    text: str,
    uploads: Sequence[UploadedFile] = (),
    acting_user: AbstractBaseUser,
) -> Feedback:
    """进展反馈 with its attachments; the assigner and the 责任人's chief are told."""
    text = clean_text(text).strip()
    if not text:
        raise InspectionError("请填写进展情况。")
    if refusal := length_refusal(Feedback, text=text):
        raise InspectionError(refusal)
    checked = _attachments_checked(list(uploads))
    # Locked so that a 办结上报 clicked at the same moment cannot slip between check and write.
    locked = (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("assignment__created_by", "staff")
        .get(pk=receipt.pk)
    )
    if refusal := feedback_post_refusal(viewer_for(acting_user), locked):
        raise InspectionError(refusal)
    feedback = Feedback.objects.create(receipt=locked, text=text, created_by=acting_user)
    for upload, content_type in checked:
        attachment = FeedbackAttachment(
            feedback=feedback,
            name=clean_text(upload.name.rsplit("/", 1)[-1])[:100],
            content_type=content_type,
            size=upload.size,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    assigner = locked.assignment.created_by.user_id
    chief = section_chief_user_id(locked.section_id)
    notify(
        user_ids=[uid for uid in (assigner, chief) if uid != acting_user.pk],
        title=f"{locked.staff.name}反馈了督办事项进展：{locked.assignment.title}"[:100],
        body=text[:200],
        url=instruction_url(locked.assignment),
        acting_user=acting_user,
    )
    return feedback


def instruction_url(assignment: Assignment) -> str:
    """The instruction's page (its key is the assignment's)."""
    return reverse("inspections:instruction_detail", args=[assignment.pk])
