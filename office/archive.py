"""Stored exports of closed months (考勤封帐: "exports of a closed month never change").

``archived_export`` wraps an export's build function. While the month is open it just builds.
Once the unit's month is closed, the first call builds, stores the file with its SHA-256 and
returns it; every later call returns the stored bytes after checking them against the checksum,
so a closed month's download is byte-identical ever after. A stored file that no longer matches
is refused (never silently rebuilt): someone changed it on disk.

Reopening a month (``archive_supersede``) keeps the stored files, marked superseded, as the
record of what was handed out; the next close stores new ones.

Office imports no app: the month close lives in attendance, which tells this module how to ask
whether a unit's month is closed (``register_closed_check`` in its AppConfig.ready()).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from office.models import Unit

log = logging.getLogger(__name__)


class MonthArchive(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="month_archives"
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    kind = models.CharField("报表", max_length=40)
    key = models.CharField("范围", max_length=100, blank=True, help_text="如科室、筛选条件")
    filename = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="archives/%Y/%m/", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("字节数")
    created_at = models.DateTimeField("存档时间", default=timezone.now)
    superseded_at = models.DateTimeField("作废时间（重新开帐）", null=True, blank=True)

    class Meta:
        app_label = "office"
        verbose_name = verbose_name_plural = "封帐报表存档"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month", "kind", "key"],
                condition=Q(superseded_at__isnull=True),
                name="month_archive_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年{self.month}月 {self.kind} {self.key}".strip()


class ArchiveTampered(Exception):
    """The stored file of a closed month does not match its checksum."""

    def __init__(self, archive: MonthArchive) -> None:
        self.message = (
            f"{archive.year}年{archive.month}月的存档报表“{archive.filename}”校验不一致，"
            "可能已被改动，系统已拒绝下载。请联系管理员核查。"
        )
        super().__init__(self.message)


ClosedCheck = Callable[[int, int, int], bool]
_closed_check: list[ClosedCheck] = []


def register_closed_check(check: ClosedCheck) -> None:
    """``check(unit_id, year, month)`` says whether the month is closed (attendance's close)."""
    _closed_check[:] = [check]


def month_is_closed(unit_id: int, year: int, month: int) -> bool:
    return bool(_closed_check) and _closed_check[0](unit_id, year, month)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored(unit_id: int, year: int, month: int, kind: str, key: str) -> MonthArchive | None:
    return MonthArchive.objects.filter(
        unit_id=unit_id, year=year, month=month, kind=kind, key=key, superseded_at__isnull=True
    ).first()


def _read(archive: MonthArchive) -> bytes:
    with archive.file.open("rb") as handle:
        data = handle.read()
    if _digest(data) != archive.sha256:
        log.error("存档文件校验失败：MonthArchive %s (%s)", archive.pk, archive.file.name)
        raise ArchiveTampered(archive)
    return data


def archived_export(
    unit_id: int,
    year: int,
    month: int,
    kind: str,
    key: str,
    build: Callable[[], tuple[str, bytes]],
) -> tuple[str, bytes]:
    """(filename, bytes) of an export of a unit's month: built while the month is open; once it
    is closed, built and stored on the first call and the stored bytes ever after.

    Raises ``ArchiveTampered`` when the stored file no longer matches its checksum.
    """
    if not month_is_closed(unit_id, year, month):
        return build()
    archive = _stored(unit_id, year, month, kind, key)
    if archive is not None:
        return archive.filename, _read(archive)
    filename, data = build()
    try:
        with transaction.atomic():
            MonthArchive.objects.create(
                unit_id=unit_id,
                year=year,
                month=month,
                kind=kind,
                key=key,
                filename=filename,
                file=ContentFile(data, name=filename),
                sha256=_digest(data),
                size=len(data),
            )
    except IntegrityError:
        # Another download stored it first: serve theirs, so both are the one stored file.
        archive = _stored(unit_id, year, month, kind, key)
        if archive is None:
            raise
        return archive.filename, _read(archive)
    return filename, data


def archive_supersede(*, unit_id: int, year: int, month: int) -> int:
    """Mark the month's stored exports superseded (on reopen); the files are kept."""
    return MonthArchive.objects.filter(
        unit_id=unit_id, year=year, month=month, superseded_at__isnull=True
    ).update(superseded_at=timezone.now())
