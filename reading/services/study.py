"""学习任务: 政工科 (any section of its unit) or a 科长 (their own section) hands out material
to people or whole sections with a deadline; each person marks 已学, with a 学习心得 when the
task asks for one. Sending, reminders, overdue and cancelling are office's assignment
mechanism; this module adds the material and the 心得 rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from office.assignment_models import Receipt
from office.assignment_services import (
    AssignmentError,
    assignment_create,
    receipt_complete,
    receipt_complete_refusal,
)
from office.audit import records_actor
from office.models import Staff, Unit
from office.org import Viewer, viewer_for
from office.uploads import EXTENSIONS, IMAGE_TYPES, image_refusal, sniff
from reading.models import StudyTask
from reading.models.study import KIND

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
REFLECTION_MAX = 5000


def study_assign_refusal(viewer: Viewer, unit: Unit, section_ids: frozenset[int]) -> str | None:
    """政工科 of the unit to anyone in it; a 科长 only to people of the sections they lead."""
    if viewer.is_personnel and (viewer.is_city or viewer.unit_id == unit.pk):
        return None
    if not viewer.led_section_ids:
        return "只有政工科或科长可以布置学习任务。"
    if not section_ids <= viewer.led_section_ids:
        return "科长只能向本科室的人员布置学习任务。"
    return None


def document_check(upload: UploadedFile) -> UploadedFile:
    """A PDF or an image, by its first bytes, up to 20 MB; stored under a random name."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise AssignmentError("学习文件不能超过20MB，请压缩后重新上传。")
    content_type = sniff(upload)
    if content_type is None:
        raise AssignmentError("学习文件只能是PDF或图片（JPG、PNG、WEBP）。")
    if content_type in IMAGE_TYPES and (refusal := image_refusal(upload, content_type)):
        raise AssignmentError(f"学习文件{refusal}")
    upload.name = f"study{EXTENSIONS[content_type]}"
    return upload


def _material_refusal(
    form: str, body: str, link: str, document: UploadedFile | None, meeting_at: dt.datetime | None
) -> str | None:
    """What each form of material needs."""
    if form == StudyTask.Form.TEXT and not body.strip():
        return "请填写学习材料的内容。"
    if form == StudyTask.Form.LINK:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return "请填写以 http:// 或 https:// 开头的内网链接。"
    if form == StudyTask.Form.DOCUMENT and document is None:
        return "请上传学习文件（PDF或图片）。"
    if form == StudyTask.Form.MEETING and meeting_at is None:
        return "请填写学习会议的时间。"
    return None


def _recipient_ids(staff_ids: Iterable[int], section_ids: Iterable[int]) -> list[int]:
    """The people named plus everyone still serving in the sections named (one query)."""
    members = Staff.objects.filter(section_id__in=list(section_ids)).exclude(
        status=Staff.Status.LEFT
    )
    return sorted({*staff_ids, *members.values_list("pk", flat=True)})


@records_actor
def study_create(
    *,
    acting_user: AbstractBaseUser,
    title: str,
    form: str,
    body: str = "",
    link: str = "",
    document: UploadedFile | None = None,
    meeting_at: dt.datetime | None = None,
    meeting_place: str = "",
    due_at: dt.datetime,
    needs_reflection: bool = False,
    reflection_min_length: int = 0,
    staff_ids: Iterable[int] = (),
    section_ids: Iterable[int] = (),
) -> StudyTask:
    """Hand out the material to the people named and the whole sections named."""
    viewer = viewer_for(acting_user)
    if viewer.staff is None:
        raise AssignmentError("此账号未关联干部职工信息，不能布置学习任务。")
    if refusal := _material_refusal(form, body, link, document, meeting_at):
        raise AssignmentError(refusal)
    if not 0 <= reflection_min_length <= REFLECTION_MAX:
        raise AssignmentError(f"心得最少字数应在0到{REFLECTION_MAX}之间。")
    original_name = document.name if document is not None else ""
    if document is not None:
        document = document_check(document)
    unit = viewer.staff.section.unit
    with transaction.atomic():
        assignment = assignment_create(
            kind=KIND,
            acting_user=acting_user,
            unit=unit,
            title=title,
            body=body,
            due_at=due_at,
            staff_ids=_recipient_ids(staff_ids, section_ids),
        )
        task = StudyTask(
            assignment=assignment,
            form=form,
            link=link if form == StudyTask.Form.LINK else "",
            meeting_at=meeting_at if form == StudyTask.Form.MEETING else None,
            meeting_place=meeting_place.strip() if form == StudyTask.Form.MEETING else "",
            needs_reflection=needs_reflection,
            reflection_min_length=reflection_min_length if needs_reflection else 0,
        )
        if form == StudyTask.Form.DOCUMENT and document is not None:
            task.document_name = (PurePath(original_name).name or "学习文件")[:100]
            task.document = document
        task.save()
    return task


def study_done_refusal(task: StudyTask, reflection: str) -> str | None:
    """The 心得 a task asks for: present and at least its length (spaces not counted)."""
    if not task.needs_reflection:
        return None
    length = len("".join(reflection.split()))
    if length == 0:
        return "该学习任务要求提交学习心得，请填写后再标记已学。"
    if length < task.reflection_min_length:
        return f"学习心得至少{task.reflection_min_length}字，目前{length}字。"
    return None


@records_actor
def study_mark_done(
    *, task: StudyTask, receipt: Receipt, acting_user: AbstractBaseUser, reflection: str = ""
) -> Receipt:
    """已学, with the 心得 where the task asks for one (the receipt's own checks: only the
    recipient, once, not after the task was withdrawn)."""
    reflection = reflection.strip()
    # Whether it may be marked at all comes first (checked again under the lock), then the 心得.
    if refusal := receipt_complete_refusal(acting_user.staff, receipt):
        raise AssignmentError(refusal)
    if len(reflection) > REFLECTION_MAX:
        raise AssignmentError(f"学习心得不能超过{REFLECTION_MAX}字。")
    if refusal := study_done_refusal(task, reflection):
        raise AssignmentError(refusal)
    return receipt_complete(receipt=receipt, acting_user=acting_user, note=reflection)
