"""文件阅知 writes: sending a circular, recording every attempt to open it, 已阅, 撤销.

Who must read what by when is office's assignment mechanism (kind "circular", registered in
``ReadingConfig.ready``); 已阅 is the receipt's ``receipt_complete``. Who may send, read and
confirm is written once here as ``…_refusal`` functions: the services raise with them, the
views and templates ask them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from office import roles
from office.assignment_models import Assignment, Receipt
from office.assignment_services import (
    AssignmentError,
    assignment_cancel,
    assignment_create,
    receipt_complete,
    receipt_complete_refusal,
)
from office.assignments import AssignmentKind
from office.audit import records_actor
from office.dates import cn_datetime
from office.models import Unit
from office.org import Viewer, viewer_for
from office.uploads import sniff
from reading import pdfpages
from reading.circular_selectors import KIND, CircularAccess
from reading.models import Circular, ReadLog

# Who may hand a document round to be read (the director's speech: 政工科 keeps the campaign's
# documents, the leaders and the 督导小组 send theirs).
SENDER_ROLES = (roles.PERSONNEL, roles.DIRECTOR, roles.DEPUTY, roles.INSPECTOR)
# The longest a document stays readable: a circular is for reading now, not an archive.
LONGEST_READABLE = dt.timedelta(days=366)


class CircularError(Exception):
    """An illegal 文件阅知 action; the message is a Chinese sentence shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- who may --------------------------------------------------------------------------------------


def circular_send_refusal(viewer: Viewer) -> str | None:
    if viewer.staff is None:
        return "此账号未关联干部职工信息，不能发送传阅文件。"
    if not any(viewer.has_role(role) for role in SENDER_ROLES):
        return "只有政工科、主任、分管主任和督导小组可以发送传阅文件。"
    return None


def _assign_refusal(viewer: Viewer, _unit: Unit, _section_ids: frozenset[int]) -> str | None:
    # The mechanism checks the unit and the recipients; who may send is the one rule above.
    return circular_send_refusal(viewer)


def circular_read_refusal(access: CircularAccess, now: dt.datetime) -> str | None:
    """Why the viewer may not open the circular's pages now, or None. Only the people named
    read it, and its sender (who sees it stamped with their own name, like everyone)."""
    circular = access.circular
    if access.receipt is None and not access.is_sender:
        return "您不在该文件的阅知范围内，不能阅读。如确需阅读，请联系发文人。"
    if circular.assignment.is_cancelled:
        return "该文件已由发文人撤销，不能再阅读。"
    if now >= circular.readable_until:
        return (
            f"该文件的阅读期限已于{cn_datetime(circular.readable_until)}截止，不能再阅读。"
            "如确需阅读，请联系发文人。"
        )
    return None


def circular_confirm_refusal(access: CircularAccess, now: dt.datetime) -> str | None:
    """已阅: the mechanism's rule (the recipient, once, not withdrawn), within the reading
    period, after every page was opened."""
    receipt = access.receipt
    if receipt is None:
        return "您不在该文件的阅知范围内，无需确认已阅。"
    if refusal := receipt_complete_refusal(receipt.staff, receipt):
        return refusal
    if refusal := circular_read_refusal(access, now):
        return refusal
    unseen = [n for n in range(1, access.circular.page_count + 1) if n not in access.pages_seen]
    if unseen:
        listed = "、".join(str(n) for n in unseen[:10]) + ("等" if len(unseen) > 10 else "")
        return f"请先阅读全部{access.circular.page_count}页后再确认已阅（第{listed}页尚未阅读）。"
    return None


CIRCULAR = AssignmentKind(
    slug=KIND,
    label="文件阅知",
    done_label="已阅",
    needs_accept=False,
    needs_confirm=False,
    # The day before reading ends, those who have not confirmed are reminded once.
    remind_before=dt.timedelta(days=1),
    url=lambda assignment: reverse("reading:circular_read", args=[assignment.pk]),
    assign_refusal=_assign_refusal,
    queue_url=lambda: reverse("reading:circular_list"),
    sent_url=lambda: reverse("reading:circular_list"),
)


# --- the writes -----------------------------------------------------------------------------------


def _checked_pdf(upload: UploadedFile) -> tuple[bytes, int]:
    """The upload's bytes and page count, or ``CircularError``: a PDF by its first bytes (not
    by the name the browser gave), within the size and page limits, one PDFium can open."""
    too_big = f"文件超过 {pdfpages.MAX_PDF_BYTES // (1024 * 1024)} MB，请压缩或拆分后再上传。"
    if upload.size is not None and upload.size > pdfpages.MAX_PDF_BYTES:
        raise CircularError(too_big)
    if sniff(upload) != "application/pdf":
        raise CircularError("只能传阅 PDF 文件，请先将文件另存为 PDF 再上传。")
    upload.seek(0)
    data = upload.read(pdfpages.MAX_PDF_BYTES + 1)
    if len(data) > pdfpages.MAX_PDF_BYTES:
        raise CircularError(too_big)
    try:
        return data, pdfpages.pdf_page_count(data)
    except pdfpages.PdfRefused as exc:
        raise CircularError(exc.message) from exc


@records_actor
def circular_send(
    *,
    title: str,
    body: str,
    pdf: UploadedFile,
    readable_until: dt.datetime,
    staff_ids: list[int],
    acting_user: AbstractBaseUser,
) -> Circular:
    """Store the PDF privately and hand it to the named people to read until
    ``readable_until`` (when their 已阅 is also due); each is notified once."""
    viewer = viewer_for(acting_user)
    if refusal := circular_send_refusal(viewer):
        raise CircularError(refusal)
    if readable_until > timezone.now() + LONGEST_READABLE:
        raise CircularError("阅读期限最长一年，请缩短后再发送。")
    data, page_count = _checked_pdf(pdf)
    try:
        with transaction.atomic():
            assignment = assignment_create(
                kind=KIND,
                acting_user=acting_user,
                unit=viewer.staff.section.unit,
                title=title,
                body=body,
                due_at=readable_until,
                staff_ids=staff_ids,
            )
            return Circular.objects.create(
                assignment=assignment,
                file=ContentFile(data, name="circular.pdf"),
                size=len(data),
                page_count=page_count,
                readable_until=readable_until,
                sender=viewer.staff,
            )
    except AssignmentError as exc:
        raise CircularError(exc.message) from exc


@records_actor
def circular_open_record(
    *,
    access: CircularAccess,
    page: int | None,
    refusal: str | None,
    ip: str | None,
    acting_user: AbstractBaseUser,
) -> ReadLog:
    """Keep one attempt to open the circular (``page`` None) or one of its pages, allowed or
    refused. The one write a GET makes: who opened a confidential document is the point, and
    the row is only ever appended."""
    return ReadLog.objects.create(
        circular=access.circular,
        user=acting_user,
        staff=viewer_for(acting_user).staff,
        page=page,
        allowed=refusal is None,
        reason=(refusal or "")[: ReadLog._meta.get_field("reason").max_length],
        ip=ip,
    )


@records_actor
def circular_confirm_read(*, access: CircularAccess, acting_user: AbstractBaseUser) -> Receipt:
    """已阅 (``receipt_complete`` locks the receipt: a double click confirms once)."""
    if refusal := circular_confirm_refusal(access, timezone.now()):
        raise CircularError(refusal)
    try:
        return receipt_complete(receipt=access.receipt, acting_user=acting_user)
    except AssignmentError as exc:
        raise CircularError(exc.message) from exc


@records_actor
def circular_cancel(
    *, circular: Circular, reason: str, acting_user: AbstractBaseUser
) -> Assignment:
    """撤销 (the sender, with a reason): nobody may read it any more, and its rendered pages
    are deleted once this commits. The PDF and the reading log are kept."""
    try:
        assignment = assignment_cancel(
            assignment=circular.assignment, acting_user=acting_user, reason=reason
        )
    except AssignmentError as exc:
        raise CircularError(exc.message) from exc
    transaction.on_commit(lambda: pdfpages.cached_pages_drop(circular.pk))
    return assignment


def circular_ended_pages_drop(*, now: dt.datetime) -> int:
    """The nightly job: forget the rendered pages of every circular that can no longer be read
    (its reading period is over, it was withdrawn, or it is gone), so stamped copies of a
    confidential file do not outlive its reading. One query, however many are cached."""
    cached = pdfpages.cached_circular_ids()
    if not cached:
        return 0
    readable = set(
        Circular.objects.filter(
            pk__in=cached, readable_until__gt=now, assignment__cancelled_at__isnull=True
        ).values_list("pk", flat=True)
    )
    ended = [pk for pk in cached if pk not in readable]
    for pk in ended:
        pdfpages.cached_pages_drop(pk)
    return len(ended)
