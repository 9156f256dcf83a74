from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from inspections.models.checklist import Item
from office.audit import history_user
from office.models import DatesInWindow, Staff, Unit


class SelfInspectionCampaign(DatesInWindow, models.Model):
    """自查自纠: every active staff member of the unit (of every unit when ``unit`` is empty, a
    city campaign) checks themselves against the items by a deadline."""

    window_dates = ("deadline",)

    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text="留空为全市的自查自纠",
    )
    title = models.CharField("标题", max_length=100)
    intro = models.TextField("说明", max_length=2000, blank=True)
    deadline = models.DateField("截止日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "自查自纠活动"
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title


class SelfInspectionReport(models.Model):
    """个人自查报告: saved as drafts, then submitted and read-only."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    campaign = models.ForeignKey(
        SelfInspectionCampaign,
        verbose_name="活动",
        on_delete=models.PROTECT,
        related_name="reports",
    )
    staff = models.ForeignKey(
        Staff, verbose_name="本人", on_delete=models.PROTECT, related_name="self_reports"
    )
    items = models.ManyToManyField(Item, verbose_name="查摆出的问题", blank=True, related_name="+")
    report = models.TextField("自查报告", max_length=5000, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.DRAFT)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    updated_at = models.DateTimeField("保存时间", auto_now=True)
    history = HistoricalRecords(get_user=history_user, m2m_fields=[items])

    class Meta:
        verbose_name = verbose_name_plural = "个人自查报告"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "staff"], name="inspections_one_report_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign}：{self.staff.name}"


class SelfInspectionReminder(models.Model):
    """One reminder per campaign and person, so the daily job can run any number of times."""

    campaign = models.ForeignKey(
        SelfInspectionCampaign, on_delete=models.CASCADE, related_name="reminders"
    )
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "自查提醒记录"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "staff"], name="inspections_remind_once_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.staff_id}"
