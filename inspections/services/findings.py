"""Rounds and findings: record, confirm, order rectification, close with feedback, dismiss."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inspections.dates import cn_date
from inspections.errors import InspectionError
from inspections.models import Finding, FindingPhoto, InspectionRound, Item
from inspections.services.people import inspector_user_ids, section_chief_user_id, staff_user_id
from office import config
from office.audit import records_actor
from office.calendar import date_refusal
from office.models import Section, Staff
from office.notifications import notify
from office.org import Viewer, viewer_for
from office.text import length_refusal
from office.uploads import IMAGE_TYPES, image_refusal, sniff

OPEN = (Finding.Status.RECORDED, Finding.Status.CANDIDATE)  # not yet decided: 认定 or 不予认定
DONE = (Finding.Status.CLOSED, Finding.Status.DISMISSED)


def inspector_refusal(viewer: Viewer) -> str | None:
    """Who may record, decide and publish: 督导小组 (and the administrator)."""
    return None if viewer.runs_inspections else "只有督导小组成员可以进行此操作。"


def require_inspector(user: AbstractBaseUser) -> None:
    if refusal := inspector_refusal(viewer_for(user)):
        raise InspectionError(refusal)


def section_refusal(viewer: Viewer, section_id: int | None) -> str | None:
    """A unit's 督导小组 inspects only its own unit's sections; 市级督查 inspects every unit."""
    if refusal := inspector_refusal(viewer):
        return refusal
    if section_id is None or viewer.inspects_section(section_id):
        return None
    return "该科室不属于您所在单位，不能登记或处理其督查发现。"


def _inspector_of(viewer: Viewer, finding: Finding) -> str | None:
    return section_refusal(viewer, finding.section_id)


def _status_refusal(finding: Finding, allowed: Iterable[str], refusal: str) -> str | None:
    if finding.status in allowed:
        return None
    return f"{refusal}（当前状态：{finding.get_status_display()}）"


def finding_confirm_refusal(viewer: Viewer, finding: Finding) -> str | None:
    return _inspector_of(viewer, finding) or _status_refusal(
        finding, OPEN, "只有待认定或已登记的问题可以确认。"
    )


def finding_dismiss_refusal(viewer: Viewer, finding: Finding) -> str | None:
    return _inspector_of(viewer, finding) or _status_refusal(
        finding, OPEN, "只有未确认的问题可以不予认定。"
    )


def finding_rectify_refusal(viewer: Viewer, finding: Finding) -> str | None:
    return _inspector_of(viewer, finding) or _status_refusal(
        finding, [Finding.Status.CONFIRMED], "只有已确认的问题可以下达整改。"
    )


def finding_photo_add_refusal(viewer: Viewer, finding: Finding) -> str | None:
    if refusal := _inspector_of(viewer, finding):
        return refusal
    return "已办结的督查发现不能再补充照片。" if finding.status in DONE else None


def feedback_writer_refusal(viewer: Viewer, finding: Finding) -> str | None:
    """整改反馈 is written by the chief of the finding's section (or the administrator)."""
    if viewer.is_admin or finding.section_id in viewer.led_section_ids:
        return None
    return "整改反馈由该科室科长填写。"


def finding_feedback_refusal(viewer: Viewer, finding: Finding) -> str | None:
    return feedback_writer_refusal(viewer, finding) or _status_refusal(
        finding, [Finding.Status.RECTIFYING], "只有整改中的问题可以提交整改反馈。"
    )


def finding_refusals(viewer: Viewer, finding: Finding) -> dict[str, str | None]:
    """What the viewer may do with the finding: each action's refusal, None where allowed."""
    return {
        "confirm": finding_confirm_refusal(viewer, finding),
        "dismiss": finding_dismiss_refusal(viewer, finding),
        "rectify": finding_rectify_refusal(viewer, finding),
        "photo_add": finding_photo_add_refusal(viewer, finding),
        "feedback": finding_feedback_refusal(viewer, finding),
    }


def photo_content_type(upload: UploadedFile, *, max_mb: int) -> str:
    """The checked type of an evidence photo, or a refusal the uploader can act on."""
    if upload.size > max_mb * 1024 * 1024:
        raise InspectionError(f"照片“{upload.name}”超过 {max_mb} MB，请压缩后再上传。")
    content_type = sniff(upload)
    if content_type not in IMAGE_TYPES:
        raise InspectionError(f"文件“{upload.name}”不是 JPEG、PNG 或 WebP 图片。")
    refusal = image_refusal(upload, content_type)
    if refusal:
        raise InspectionError(f"照片“{upload.name}”：{refusal}")
    return content_type


@records_actor
@transaction.atomic
def round_create(
    *,
    date: dt.date,
    kind: str,
    inspectors: Iterable[Staff],
    sections: Iterable[Section],
    note: str = "",
    acting_user: AbstractBaseUser,
) -> InspectionRound:
    require_inspector(acting_user)
    sections = list(sections)
    viewer = viewer_for(acting_user)
    for section in sections:
        if refusal := section_refusal(viewer, section.pk):
            raise InspectionError(refusal)
    if date > timezone.localdate():
        raise InspectionError("检查日期不能晚于今天。")
    if refusal := date_refusal(date, "检查日期") or length_refusal(InspectionRound, note=note):
        raise InspectionError(refusal)
    inspection_round = InspectionRound.objects.create(
        date=date, kind=kind, note=note, created_by=acting_user
    )
    inspection_round.inspectors.set(inspectors)
    inspection_round.sections.set(sections)
    return inspection_round


def _photos_add(
    *, finding: Finding, uploads: Iterable[UploadedFile], acting_user: AbstractBaseUser
) -> list[FindingPhoto]:
    max_mb = config.get("evidence_photo_max_mb")
    checked = [(upload, photo_content_type(upload, max_mb=max_mb)) for upload in uploads]
    photos = []
    for upload, content_type in checked:
        photo = FindingPhoto(
            finding=finding, content_type=content_type, size=upload.size, uploaded_by=acting_user
        )
        photo.file.save(upload.name, upload, save=False)
        photo.save()
        photos.append(photo)
    return photos


@records_actor
@transaction.atomic
def finding_record(
    *,
    item: Item,
    occurred_at: dt.datetime,
    description: str,
    staff: Staff | None = None,
    section: Section | None = None,
    place: str = "",
    source: str = Finding.Source.GROUP,
    inspection_round: InspectionRound | None = None,
    photos: Iterable[UploadedFile] = (),
    acting_user: AbstractBaseUser,
) -> Finding:
    """登记: a person's finding belongs to the person's section; a section's needs the section."""
    require_inspector(acting_user)
    if staff is None and section is None:
        raise InspectionError("请选择当事人或科室。")
    where = staff.section_id if staff is not None else section.pk
    if refusal := section_refusal(viewer_for(acting_user), where):
        raise InspectionError(refusal)
    if occurred_at > timezone.now():
        raise InspectionError("发现时间不能晚于现在。")
    if not description.strip():
        raise InspectionError("请填写问题描述。")
    refusal = date_refusal(occurred_at, "发现时间") or length_refusal(
        Finding, description=description.strip(), place=place
    )
    if refusal:
        raise InspectionError(refusal)
    finding = Finding.objects.create(
        round=inspection_round,
        staff=staff,
        section=staff.section if staff is not None else section,
        item=item,
        occurred_at=occurred_at,
        place=place,
        description=description.strip(),
        source=source,
        status=Finding.Status.RECORDED,
        recorded_by=acting_user,
    )
    _photos_add(finding=finding, uploads=photos, acting_user=acting_user)
    return finding


@records_actor
@transaction.atomic
def finding_photo_add(
    *, finding: Finding, uploads: Iterable[UploadedFile], acting_user: AbstractBaseUser
) -> list[FindingPhoto]:
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if refusal := finding_photo_add_refusal(viewer_for(acting_user), locked):
        raise InspectionError(refusal)
    return _photos_add(finding=locked, uploads=uploads, acting_user=acting_user)


def _lock(
    finding: Finding,
    acting_user: AbstractBaseUser,
    refusal_of: Callable[[Viewer, Finding], str | None],
) -> Finding:
    """The finding locked and re-read, so two people cannot decide it at once; refused as
    ``refusal_of`` says for the locked state."""
    locked = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("staff", "section", "item")
        .get(pk=finding.pk)
    )
    if refusal := refusal_of(viewer_for(acting_user), locked):
        raise InspectionError(refusal)
    return locked


def _finding_url(finding: Finding) -> str:
    return reverse("inspections:finding_detail", args=[finding.pk])


@records_actor
@transaction.atomic
def finding_confirm(*, finding: Finding, acting_user: AbstractBaseUser) -> Finding:
    """认定: the finding now counts (notice, repeat offenders, 绩效)."""
    locked = _lock(finding, acting_user, finding_confirm_refusal)
    locked.status = Finding.Status.CONFIRMED
    locked.save(update_fields=["status", "updated_at"])
    notify(
        user_ids=[staff_user_id(locked.staff), section_chief_user_id(locked.section_id)],
        title=f"督查发现已确认：{locked.item.text}",
        body=locked.description,
        url=_finding_url(locked),
        acting_user=acting_user,
    )
    return locked


@records_actor
@transaction.atomic
def finding_rectify(
    *, finding: Finding, deadline: dt.date, acting_user: AbstractBaseUser
) -> Finding:
    """限期整改: the section's chief must answer with feedback by the deadline."""
    require_inspector(acting_user)
    if deadline < timezone.localdate():
        raise InspectionError("整改期限不能早于今天。")
    if refusal := date_refusal(deadline, "整改期限"):
        raise InspectionError(refusal)
    locked = _lock(finding, acting_user, finding_rectify_refusal)
    locked.status = Finding.Status.RECTIFYING
    locked.rectify_deadline = deadline
    locked.save(update_fields=["status", "rectify_deadline", "updated_at"])
    notify(
        user_ids=[section_chief_user_id(locked.section_id), staff_user_id(locked.staff)],
        title=f"请于{cn_date(deadline)}前完成整改：{locked.item.text}",
        body=locked.description,
        url=_finding_url(locked),
        acting_user=acting_user,
    )
    return locked


@records_actor
@transaction.atomic
def finding_feedback(*, finding: Finding, feedback: str, acting_user: AbstractBaseUser) -> Finding:
    """整改反馈 by the section's chief; it closes the finding."""
    if refusal := feedback_writer_refusal(viewer_for(acting_user), finding):
        raise InspectionError(refusal)
    if not feedback.strip():
        raise InspectionError("请填写整改反馈。")
    if refusal := length_refusal(Finding, rectification_feedback=feedback.strip()):
        raise InspectionError(refusal)
    locked = _lock(finding, acting_user, finding_feedback_refusal)
    locked.status = Finding.Status.CLOSED
    locked.rectification_feedback = feedback.strip()
    locked.save(update_fields=["status", "rectification_feedback", "updated_at"])
    notify(
        user_ids=inspector_user_ids(),
        title=f"{locked.section.name}已提交整改反馈",
        body=locked.rectification_feedback,
        url=_finding_url(locked),
        acting_user=acting_user,
    )
    return locked


@records_actor
@transaction.atomic
def finding_dismiss(*, finding: Finding, reason: str, acting_user: AbstractBaseUser) -> Finding:
    """不予认定: kept on record with the reason, never deleted."""
    require_inspector(acting_user)
    if not reason.strip():
        raise InspectionError("请填写不予认定的理由。")
    if refusal := length_refusal(Finding, dismiss_reason=reason.strip()):
        raise InspectionError(refusal)
    locked = _lock(finding, acting_user, finding_dismiss_refusal)
    locked.status = Finding.Status.DISMISSED
    locked.dismiss_reason = reason.strip()
    locked.save(update_fields=["status", "dismiss_reason", "updated_at"])
    return locked
