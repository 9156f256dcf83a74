"""作息时间: dated schedule versions and who follows which.

A schedule is a series of versions sharing a name; the version in effect on a date is the one
with the latest ``valid_from`` not after it, so entering new hours never rewrites past days.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from office.audit import history_user
from office.dates import cn_date
from office.models import DatesInWindow

DEFAULT_SCHEDULE_NAME = "标准作息"


class Schedule(DatesInWindow, models.Model):
    window_dates = ("valid_from",)

    class Points(models.IntegerChoices):
        FOUR = 4, "每天四次（上午上下班、下午上下班）"
        TWO = 2, "每天两次（上班、下班）"

    name = models.CharField("名称", max_length=30)
    valid_from = models.DateField("生效日期")
    points = models.PositiveSmallIntegerField("打卡次数", choices=Points, default=Points.FOUR)
    am_start = models.TimeField("上午上班", default=dt.time(8, 30))
    am_end = models.TimeField("上午下班", default=dt.time(12, 0))
    summer_pm_start = models.TimeField("夏季下午上班", default=dt.time(14, 30))
    summer_pm_end = models.TimeField("夏季下午下班", default=dt.time(17, 30))
    winter_pm_start = models.TimeField("冬季下午上班", default=dt.time(14, 0))
    winter_pm_end = models.TimeField("冬季下午下班", default=dt.time(17, 0))
    summer_start_month = models.PositiveSmallIntegerField("夏季开始月", default=5)
    summer_start_day = models.PositiveSmallIntegerField("夏季开始日", default=1)
    summer_end_month = models.PositiveSmallIntegerField("夏季结束月", default=9)
    summer_end_day = models.PositiveSmallIntegerField("夏季结束日", default=30)
    grace_minutes = models.PositiveSmallIntegerField("宽限分钟（迟到/早退）", default=0)
    # Which proofs a tap must carry (PRODUCT.md §7); the defaults are the network check alone.
    proof_network = models.BooleanField("须在办公网络内打卡", default=True, db_default=True)
    proof_door = models.BooleanField("须扫门口打卡屏的二维码", default=False, db_default=False)
    proof_device = models.BooleanField("须用本人绑定的设备", default=False, db_default=False)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "作息时间"
        ordering = ["name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["name", "valid_from"], name="schedule_version_once"),
            models.CheckConstraint(condition=Q(points__in=[2, 4]), name="schedule_points_2_or_4"),
            models.CheckConstraint(
                condition=Q(am_end__gt=models.F("am_start")), name="schedule_am_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{cn_date(self.valid_from)}起）"

    @property
    def proofs_label(self) -> str:
        """打卡凭证 as the schedules page lists it."""
        named = (
            ("办公网络", self.proof_network),
            ("门口码", self.proof_door),
            ("本人设备", self.proof_device),
        )
        return "、".join(name for name, on in named if on) or "不限"


class ScheduleAssignment(DatesInWindow, models.Model):
    """A section follows a schedule from a date on; a person may be overridden individually."""

    window_dates = ("valid_from",)

    schedule_name = models.CharField("作息名称", max_length=30)
    section = models.ForeignKey(
        "office.Section", verbose_name="科室", null=True, blank=True, on_delete=models.PROTECT
    )
    staff = models.ForeignKey(
        "office.Staff", verbose_name="个人", null=True, blank=True, on_delete=models.PROTECT
    )
    valid_from = models.DateField("生效日期")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "作息安排"
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(section__isnull=False) & Q(staff__isnull=True))
                | (Q(section__isnull=True) & Q(staff__isnull=False)),
                name="assignment_section_xor_staff",
            ),
        ]

    def __str__(self) -> str:
        who = self.staff.name if self.staff_id else self.section.name
        return f"{who}：{self.schedule_name}（{cn_date(self.valid_from)}起）"
