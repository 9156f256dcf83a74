"""Circulars for the 文件阅知 tests: sent by 周政工 (政工科) to 刘职员 and 张科长 of 综合科."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from office.models import Staff
from office.org import viewer_for
from reading.circular_selectors import CircularAccess, circular_access
from reading.models import Circular
from reading.services.circulars import circular_open_record, circular_send
from tests.reading.pdfs import pdf_bytes

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 7 December 2026, 09:00: the circular is sent; it may be read until Friday 17:30.
SENT_AT = dt.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
UNTIL = dt.datetime(2026, 12, 11, 17, 30, tzinfo=SHANGHAI)


def pdf_upload(pages: int = 2, name: str = "工作纪律作风整顿实施方案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages=pages), "application/pdf")


def send(
    sender: Staff,
    readers: Iterable[Staff],
    *,
    pages: int = 2,
    until: dt.datetime = UNTIL,
    title: str = "关于开展工作纪律作风集中整顿的实施方案",
) -> Circular:
    return circular_send(
        title=title,
        body="请各位同志认真阅读，注意保密。",
        pdf=pdf_upload(pages),
        readable_until=until,
        staff_ids=[person.pk for person in readers],
        acting_user=sender.user,
    )


def access(person: Staff, circular: Circular) -> CircularAccess:
    return circular_access(viewer_for(person.user), circular.pk, with_pages=True)


def open_pages(person: Staff, circular: Circular, pages: Iterable[int]) -> None:
    """The reader's browser fetched these page images (what the page view records)."""
    for page in pages:
        circular_open_record(
            access=access(person, circular),
            page=page,
            refusal=None,
            ip="10.0.0.8",
            acting_user=person.user,
        )
