"""考勤封帐 (month close) and 更正申请 (correction of a closed month's person-days).

A close is a row per unit and month; reopening stamps it (who, when, why) and a later close is a
new row, so the history of a month is its rows in order. At most one row per unit and month is
in force (not reopened).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from attendance.models.clock import DayStatus
from office.approvals.models import ApprovalRequest
from office.audit import history_user


class MonthClose(models.Model):
    unit = models.ForeignKey(
        "office.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="month_closes"
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    closed_at = models.DateTimeField("封帐时间")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="封帐人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the pre-close check still listed when 政工科 confirmed closing anyway.
    open_items = models.TextField("封帐时未办结事项", blank=True)
    reopened_at = models.DateTimeField("重新开帐时间", null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="重新开帐人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopen_reason = models.CharField("重新开帐理由", max_length=200, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "考勤封帐"
        ordering = ["-year", "-month", "-closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month"],
                condition=Q(reopened_at__isnull=True),
                name="month_close_once",
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_1_12"),
        ]

    def __str__(self) -> str:
        state = "已重新开帐" if self.reopened_at else "已封帐"
        return f"{self.unit} {self.year}年{self.month}月 {state}"

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None


class Half(models.TextChoices):
    DAY = "day", "全天"
    AM = "am", "上午"
    PM = "pm", "下午"


# What a correction may set a half-day to: every verdict but 未到 (a closed month has no
# day still to come).
CORRECTABLE = [(value, label) for value, label in DayStatus.choices if value != DayStatus.PENDING]


class CorrectionRequest(ApprovalRequest):
    """更正申请: change named person-days of a closed month, approved by the unit's 政工科."""

    kind_label = "更正申请"

    staff = models.ForeignKey(
        "office.Staff", verbose_name="更正人员", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("更正理由", max_length=200)
    applied_at = models.DateTimeField("更正生效时间", null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "考勤更正申请"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["staff", "status"])]

    def __str__(self) -> str:
        return f"更正：{self.staff.name}，{self.reason}"

    def get_absolute_url(self) -> str:
        return reverse("attendance:correction_detail", args=[self.pk])


class CorrectionLine(models.Model):
    """One half-day (or a whole day) to set to ``status``; ``before`` keeps what it was."""

    request = models.ForeignKey(
        CorrectionRequest, verbose_name="更正申请", on_delete=models.PROTECT, related_name="lines"
    )
    date = models.DateField("日期")
    half = models.CharField("时段", max_length=3, choices=Half)
    status = models.CharField("更正为", max_length=8, choices=CORRECTABLE)
    before = models.CharField("更正前", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "更正明细"
        ordering = ["date", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "date", "half"], name="correction_line_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y年%m月%d日}{self.get_half_display()}：{self.get_status_display()}"
