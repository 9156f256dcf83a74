"""Clock records (打卡记录) and the stored day status (one row per person per day)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from attendance.errors import AttendanceError
from office.audit import history_user
from office.dates import cn_date

IMMUTABLE = "打卡记录一经写入不能修改或删除；漏打、错打请提交补卡申请。"


class ClockPoint(models.TextChoices):
    AM_IN = "am_in", "上午上班"
    AM_OUT = "am_out", "上午下班"
    PM_IN = "pm_in", "下午上班"
    PM_OUT = "pm_out", "下午下班"
    IN = "in", "上班"
    OUT = "out", "下班"


class DayStatus(models.TextChoices):
    NORMAL = "normal", "正常"
    LATE = "late", "迟到"
    EARLY = "early", "早退"
    MISSING = "missing", "缺卡"
    ABSENT = "absent", "旷工"
    LEAVE = "leave", "请假"
    OUTING = "outing", "外出"
    TRIP = "trip", "公出"
    REST = "rest", "休息"
    PENDING = "pending", "未到"


def proof_label(door: bool, device: bool) -> str:
    return "、".join(name for name, has in (("门口码", door), ("本机", device)) if has) or "仅网络"


class ClockRecord(models.Model):
    """A tap or an approved 补卡: written once, never changed or deleted.

    The row is its own audit record: who (``staff``; for a 补卡, ``makeup`` leads to the
    request and its approval trail), when (``at``, and ``recorded_at`` when it was written),
    from where (``ip``) and how (``source``, ``user_agent``). So it keeps no history copy, which
    spared the tap a second INSERT; the copies written before are kept in
    ``ClockRecordHistory``.
    """

    class Source(models.TextChoices):
        CLOCK = "clock", "打卡"
        MAKEUP = "makeup", "补卡"

    staff = models.ForeignKey(
        "office.Staff", verbose_name="人员", on_delete=models.PROTECT, related_name="clock_records"
    )
    date = models.DateField("日期")
    point = models.CharField("打卡点", max_length=6, choices=ClockPoint)
    at = models.DateTimeField("时间")
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    source = models.CharField("来源", max_length=6, choices=Source, default=Source.CLOCK)
    makeup = models.OneToOneField(
        "attendance.MakeUpRequest",
        verbose_name="补卡申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clock_record",
    )
    # Proof of presence (attendance/models/door.py): the 打卡屏 whose fresh code the tap carried
    # and that code itself, and the bound device it came from. Empty: the network only.
    screen = models.ForeignKey(
        "attendance.DoorScreen",
        verbose_name="打卡屏",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    door_proof = models.CharField("门口码", max_length=64, blank=True, default="", db_default="")
    device = models.ForeignKey(
        "attendance.ClockDevice",
        verbose_name="打卡设备",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A tap leaves its day's stored status to pending_days_refresh (attendance/services/status.py)
    # so that the tap itself stays fast; the flag marks the records still to be counted. The
    # database default lets processes of the previous release insert during a rolling deploy.
    status_pending = models.BooleanField(
        "状态待更新", default=False, db_default=False, editable=False
    )
    recorded_at = models.DateTimeField("记录时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "打卡记录"
        ordering = ["date", "at"]
        constraints = [
            # A double tap or two open tabs give one record per point: enforced by the database.
            models.UniqueConstraint(fields=["staff", "date", "point"], name="clock_once_per_point"),
        ]
        indexes = [
            models.Index(fields=["date", "staff"]),
            # Only the few uncounted taps are in it: finding them is cheap however many exist.
            models.Index(
                fields=["id"], name="clock_status_pending", condition=Q(status_pending=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} {cn_date(self.date)} {self.get_point_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AttendanceError(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *_args: Any, **_kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AttendanceError(IMMUTABLE)

    @property
    def proof(self) -> str:
        """门口码 / 本机 / 仅网络: what the tap proves beyond the password."""
        return proof_label(self.screen_id is not None, self.device_id is not None)


class ClockRecordHistory(models.Model):
    """The history copies django-simple-history wrote of clock records until the record became
    its own audit row: kept as they were, in their table, to be read (never written)."""

    id = models.BigIntegerField("ID", auto_created=True, blank=True, db_index=True)
    staff = models.ForeignKey(
        "office.Staff",
        verbose_name="人员",
        null=True,
        blank=True,
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    date = models.DateField("日期")
    point = models.CharField("打卡点", max_length=6, choices=ClockPoint)
    at = models.DateTimeField("时间")
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    source = models.CharField(
        "来源", max_length=6, choices=ClockRecord.Source, default=ClockRecord.Source.CLOCK
    )
    makeup = models.ForeignKey(
        "attendance.MakeUpRequest",
        verbose_name="补卡申请",
        null=True,
        blank=True,
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    history_id = models.AutoField(primary_key=True, serialize=False)
    history_date = models.DateTimeField("写入时间", db_index=True)
    history_change_reason = models.CharField(max_length=100, null=True)
    history_type = models.CharField(
        "类型", max_length=1, choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")]
    )
    history_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "attendance_historicalclockrecord"
        verbose_name = verbose_name_plural = "打卡记录历史（旧）"
        ordering = ["-history_date", "-history_id"]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.get_point_display()} {self.history_type}"


class AttendanceDay(models.Model):
    """The engine's verdict, stored so reports never recompute; refreshed when an input changes."""

    staff = models.ForeignKey(
        "office.Staff",
        verbose_name="人员",
        on_delete=models.PROTECT,
        related_name="attendance_days",
    )
    date = models.DateField("日期")
    am_status = models.CharField("上午", max_length=8, choices=DayStatus)
    pm_status = models.CharField("下午", max_length=8, choices=DayStatus)
    late_minutes = models.PositiveIntegerField("迟到分钟", default=0)
    early_minutes = models.PositiveIntegerField("早退分钟", default=0)
    labels = models.CharField("说明", max_length=200, blank=True)
    computed_at = models.DateTimeField("计算时间")
    is_final = models.BooleanField("已结算", default=False)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "每日考勤"
        ordering = ["date", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "date"], name="attendance_day_once"),
        ]
        indexes = [models.Index(fields=["date", "staff"])]

    def __str__(self) -> str:
        return (
            f"{self.staff.name} {cn_date(self.date)} "
            f"{self.get_am_status_display()}/{self.get_pm_status_display()}"
        )
