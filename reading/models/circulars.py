"""文件阅知: a confidential PDF handed to named people to read in the browser until a date.

Who must read it, by when, and who has confirmed 已阅 is the office ``Assignment`` (kind
"circular") and its receipts; this adds the file and every attempt to open it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def circular_path(_instance: Circular, _filename: str) -> str:
    # Under MEDIA_ROOT, which no URL serves; the uploader's file name (often the document's
    # title) is not kept in the path.
    return f"circulars/files/{uuid.uuid4().hex}.pdf"


class Circular(models.Model):
    """传阅文件: the PDF (private storage, never sent to a browser) and until when it may be read.

    Its key is its assignment's, so the assignment's recipient page needs no lookup."""

    assignment = models.OneToOneField(
        "office.Assignment",
        verbose_name="分派",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="circular",
    )
    file = models.FileField("文件", upload_to=circular_path, max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    page_count = models.PositiveIntegerField("页数")
    readable_until = models.DateTimeField("可阅读至")
    sender = models.ForeignKey(
        "office.Staff", verbose_name="发送人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发送时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "传阅文件"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.assignment.title

    def get_absolute_url(self) -> str:
        return reverse("reading:circular_read", args=[self.pk])


class ReadLog(models.Model):
    """One attempt to open a circular or one of its pages: who, when, from where, and whether it
    was allowed (with the reason when refused). Appended, never changed."""

    circular = models.ForeignKey(
        Circular, verbose_name="传阅文件", on_delete=models.PROTECT, related_name="read_logs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        "office.Staff",
        verbose_name="阅读人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    # None: the reading page itself (the list of pages); n: the image of page n (from 1).
    page = models.PositiveIntegerField("页码", null=True, blank=True)
    allowed = models.BooleanField("允许")
    reason = models.CharField("拒绝原因", max_length=200, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "阅读记录"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["circular", "staff", "allowed"], name="readlog_circular_staff"),
            models.Index(fields=["circular", "at"], name="readlog_circular_at"),
        ]

    def __str__(self) -> str:
        return f"{self.staff or self.user} {self.at:%Y-%m-%d %H:%M}"
