"""Clock records (打卡记录) and the stored day status (one row per person per day)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


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


class ClockRecord(models.Model):
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
    # A tap leaves its day's stored status to pending_days_refresh (attendance/services/status.py)
    # so that the tap itself stays fast; the flag marks the records still to be counted. The
    # database default lets processes of the previous release insert during a rolling deploy.
    status_pending = models.BooleanField(
        "状态待更新", default=False, db_default=False, editable=False
    )
    history = HistoricalRecords(excluded_fields=["status_pending"])

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
        return f"{self.staff.name} {self.date:%Y年%m月%d日} {self.get_point_display()}"


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
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "每日考勤"
        ordering = ["date", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "date"], name="attendance_day_once"),
        ]
        indexes = [models.Index(fields=["date", "staff"])]

    def __str__(self) -> str:
        return (
            f"{self.staff.name} {self.date:%Y年%m月%d日} "
            f"{self.get_am_status_display()}/{self.get_pm_status_display()}"
        )
