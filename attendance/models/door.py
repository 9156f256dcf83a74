"""Proof of presence (PRODUCT.md §7): 打卡屏 at the doors and one bound device per person.

A screen shows a code that changes every few seconds (attendance/door.py signs it; nothing is
written per step); a tap that carries a fresh one proves the person stood at that door. A
device is bound by a long-lived signed cookie; a tap from another one is held (``HeldClock``)
until the chief approves the change (``DeviceChangeRequest``, on the one approval mechanism).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from attendance.models.clock import ClockPoint
from office.approvals.models import ApprovalRequest
from office.audit import history_user
from office.dates import cn_date


class DoorScreen(models.Model):
    """打卡屏: a screen at an entrance. Its key is shown once when issued; only its hash is kept,
    so neither the database nor its backups can open a screen."""

    unit = models.ForeignKey(
        "office.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="door_screens"
    )
    name = models.CharField("名称", max_length=30, help_text="如 东门、一楼大厅")
    key_hash = models.CharField("密钥摘要", max_length=64, unique=True, editable=False)
    issued_at = models.DateTimeField("发放时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发放人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="吊销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "打卡屏"
        ordering = ["unit", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ClockDevice(models.Model):
    """A browser bound to one person for clocking in: at most one in force per person, and a
    device in force belongs to one person only (both enforced by the database)."""

    staff = models.ForeignKey(
        "office.Staff", verbose_name="人员", on_delete=models.PROTECT, related_name="clock_devices"
    )
    device_id = models.CharField("设备标识", max_length=32, editable=False)
    label = models.CharField("设备", max_length=60, help_text="浏览器报告的系统与浏览器")
    bound_at = models.DateTimeField("绑定时间")
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    change = models.OneToOneField(
        "attendance.DeviceChangeRequest",
        verbose_name="换机认定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bound_device",
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "打卡设备"
        ordering = ["-bound_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(retired_at=None), name="one_device_per_person"
            ),
            models.UniqueConstraint(
                fields=["device_id"], condition=Q(retired_at=None), name="one_person_per_device"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff.name}：{self.label}"


class DeviceChangeRequest(ApprovalRequest):
    """待认定: a person tapped from a device other than their bound one; their chief decides
    whether it replaces the old one (the held taps then become clock records)."""

    kind_label = "换用打卡设备"

    device_id = models.CharField("设备标识", max_length=32, editable=False)
    label = models.CharField("设备", max_length=60)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "换用打卡设备认定"
        ordering = ["-created_at", "-id"]
        constraints = [
            # Further taps from the same new device join the one open request.
            models.UniqueConstraint(
                fields=["applicant", "device_id"],
                condition=Q(status="pending"),
                name="one_open_device_change",
            ),
        ]

    def __str__(self) -> str:
        return f"换用打卡设备：{self.label}"

    def get_absolute_url(self) -> str:
        return reverse("attendance:request_detail", args=["device", self.pk])


class HeldClock(models.Model):
    """A tap from a device not yet approved: kept as it was (server time, network, door) and
    written as a clock record when the change is approved; a rejection leaves it unrecorded."""

    change = models.ForeignKey(
        DeviceChangeRequest,
        verbose_name="换机认定",
        on_delete=models.PROTECT,
        related_name="held_clocks",
    )
    date = models.DateField("日期")
    point = models.CharField("打卡点", max_length=6, choices=ClockPoint)
    at = models.DateTimeField("时间")
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    screen = models.ForeignKey(
        DoorScreen,
        verbose_name="打卡屏",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    door_proof = models.CharField("门口码", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "待认定的打卡"
        ordering = ["date", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "date", "point"], name="held_clock_once_per_point"
            ),
        ]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.get_point_display()} {self.at:%H:%M:%S}"
