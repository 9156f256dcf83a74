"""加班: a section applies in advance, the chief approves, actual hours are recorded after,
政工科 verifies; verified hours become 调休 or 绩效 credit (setting ``overtime_conversion``)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from office.approvals.models import ApprovalRequest
from office.audit import history_user
from office.dates import cn_date
from office.models import DatesInWindow, Section, Staff

HOURS = {"max_digits": 4, "decimal_places": 1}


class Conversion(models.TextChoices):
    COMP_TIME = "comp_time", "转调休"
    PERFORMANCE = "performance", "计入绩效"


class OvertimeRequest(DatesInWindow, ApprovalRequest):
    kind_label = "加班申请"
    window_dates = ("date",)

    section = models.ForeignKey(
        Section, verbose_name="科室", on_delete=models.PROTECT, related_name="overtime_requests"
    )
    date = models.DateField("加班日期")
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间")
    reason = models.CharField("加班事由", max_length=300)
    people = models.ManyToManyField(
        Staff, through="OvertimeEntry", verbose_name="加班人员", related_name="+"
    )
    recorded_at = models.DateTimeField("登记实际时长时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        Staff,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        Staff,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conversion = models.CharField("折算方式", max_length=12, choices=Conversion, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "加班申请"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["section", "date"]), models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="overtime_times_order"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.section.name} {cn_date(self.date)} "
            f"{self.start_time:%H:%M}–{self.end_time:%H:%M} 加班"
        )

    def get_absolute_url(self) -> str:
        return reverse("leave:overtime_detail", args=[self.pk])

    @property
    def stage_label(self) -> str:
        if self.verified_at:
            return f"已核实（{self.get_conversion_display()}）"
        if self.recorded_at:
            return "待政工科核实"
        if self.is_approved:
            return "已批准，待登记实际时长"
        return self.get_status_display()


class OvertimeEntry(models.Model):
    """One person in one overtime request: planned, actual and verified hours."""

    overtime = models.ForeignKey(
        OvertimeRequest, verbose_name="加班申请", on_delete=models.PROTECT, related_name="entries"
    )
    staff = models.ForeignKey(
        Staff, verbose_name="人员", on_delete=models.PROTECT, related_name="overtime_entries"
    )
    planned_hours = models.DecimalField("计划时长（小时）", **HOURS)
    actual_hours = models.DecimalField("实际时长（小时）", null=True, blank=True, **HOURS)
    verified_hours = models.DecimalField("核实时长（小时）", null=True, blank=True, **HOURS)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "加班人员"
        ordering = ["overtime", "staff__staff_no"]
        constraints = [
            models.UniqueConstraint(fields=["overtime", "staff"], name="overtime_entry_unique"),
            models.CheckConstraint(
                condition=Q(actual_hours__isnull=True) | Q(actual_hours__gte=0),
                name="overtime_actual_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} {self.planned_hours}小时"
