"""Leave types (as data), leave requests and balances (PRODUCT.md §3)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from office.approvals.models import ApprovalRequest
from office.audit import history_user
from office.dates import cn_date
from office.models import DatesInWindow, Staff

DAYS = {"max_digits": 5, "decimal_places": 1}
# Balances also receive comp time from overtime hours (half hours / 8 h: at most four decimals, e.g. 3.5 h = 0.4375 day).
BALANCE_DAYS = {"max_digits": 8, "decimal_places": 4}


class Half(models.TextChoices):
    AM = "am", "上午"
    PM = "pm", "下午"


class BalanceKind(models.TextChoices):
    NONE = "", "不计余额"
    ANNUAL = "annual", "年休假额度"
    COMP_TIME = "comp_time", "调休额度"


class LeaveType(models.Model):
    """假别: the rules of one kind of leave, editable by 政工科 in the admin."""

    name = models.CharField("名称", max_length=20, unique=True)
    code = models.SlugField("代码", max_length=20, unique=True)
    paid = models.BooleanField("带薪", default=True)
    min_days = models.DecimalField("最少天数", null=True, blank=True, **DAYS)
    max_days = models.DecimalField("最多天数", null=True, blank=True, **DAYS)
    # The threshold itself is the setting ``sick_certificate_over_days`` so 政工科 can change it.
    certificate_required = models.BooleanField("超过规定天数须上传证明", default=False)
    balance_kind = models.CharField(
        "扣减额度", max_length=10, choices=BalanceKind, default=BalanceKind.NONE, blank=True
    )
    half_days = models.BooleanField("可请半天", default=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    note = models.CharField("说明", max_length=100, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "假别"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


def attachment_path(_instance: LeaveRequest, filename: str) -> str:
    """Random names: the original file name may carry personal data and must not collide."""
    return f"leave/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class LeaveRequest(DatesInWindow, ApprovalRequest):
    kind_label = "请假申请"
    window_dates = ("start_date", "end_date", "returned_on")

    leave_type = models.ForeignKey(LeaveType, verbose_name="假别", on_delete=models.PROTECT)
    start_date = models.DateField("开始日期")
    start_half = models.CharField("开始", max_length=2, choices=Half, default=Half.AM)
    end_date = models.DateField("结束日期")
    end_half = models.CharField("结束", max_length=2, choices=Half, default=Half.PM)
    reason = models.CharField("事由", max_length=300)
    attachment = models.FileField("证明材料", upload_to=attachment_path, blank=True)
    days = models.DecimalField("天数（工作日）", **DAYS)
    # 销假: the first half-day back at work, and the working days actually taken.
    reported_at = models.DateTimeField("销假时间", null=True, blank=True)
    returned_on = models.DateField("实际返岗日期", null=True, blank=True)
    returned_half = models.CharField("返岗", max_length=2, choices=Half, blank=True)
    days_used = models.DecimalField("实际天数", null=True, blank=True, **DAYS)
    overdue_at = models.DateTimeField("逾期未销假标记时间", null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "请假申请"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["applicant", "status"]),
            models.Index(fields=["status", "end_date"]),
            models.Index(fields=["status", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="leave_dates_order"
            ),
            models.CheckConstraint(condition=Q(days__gt=0), name="leave_days_positive"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.leave_type.name} {cn_date(self.start_date)}{self.get_start_half_display()}"
            f"至{cn_date(self.end_date)}{self.get_end_half_display()}（{self.days_label}天）"
        )

    def get_absolute_url(self) -> str:
        return reverse("leave:detail", args=[self.pk])

    @property
    def days_label(self) -> str:
        return format_days(self.days)

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None

    @property
    def days_taken(self) -> Decimal:
        """Days charged to the balance: the actual days once reported back."""
        return self.days if self.days_used is None else self.days_used


def format_days(value: Decimal | None) -> str:
    """2.0 -> "2", 2.5 -> "2.5", 0.375 -> "0.375"."""
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class LeaveBalance(models.Model):
    """One person's entitlement and use of one balance-counted leave type in one year.

    Approvals lock this row (select_for_update) before adding to ``used``; the check
    constraint is the last guard against two approvals overdrawing it.
    """

    staff = models.ForeignKey(
        Staff, verbose_name="人员", on_delete=models.PROTECT, related_name="leave_balances"
    )
    year = models.PositiveSmallIntegerField("年度")
    leave_type = models.ForeignKey(LeaveType, verbose_name="假别", on_delete=models.PROTECT)
    base = models.DecimalField("应享天数", default=Decimal(0), **BALANCE_DAYS)
    adjusted = models.DecimalField("调整/折算天数", default=Decimal(0), **BALANCE_DAYS)
    used = models.DecimalField("已用天数", default=Decimal(0), **BALANCE_DAYS)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "假期余额"
        ordering = ["year", "staff__section__order", "staff__staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year", "leave_type"], name="leave_balance_unique"
            ),
            models.CheckConstraint(
                condition=Q(used__gte=0) & Q(used__lte=F("base") + F("adjusted")),
                name="leave_balance_not_overdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} {self.year}年{self.leave_type.name}"

    @property
    def entitled(self) -> Decimal:
        return self.base + self.adjusted

    @property
    def remaining(self) -> Decimal:
        return self.entitled - self.used


class BalanceAdjustment(models.Model):
    """Every change to an entitlement besides the yearly base: who, why, how much."""

    class Source(models.TextChoices):
        MANUAL = "manual", "政工科调整"
        OVERTIME = "overtime", "加班折算调休"

    balance = models.ForeignKey(
        LeaveBalance, verbose_name="余额", on_delete=models.PROTECT, related_name="adjustments"
    )
    days = models.DecimalField("天数（正为增加）", **BALANCE_DAYS)
    source = models.CharField("来源", max_length=10, choices=Source, default=Source.MANUAL)
    reason = models.CharField("理由", max_length=200)
    overtime = models.ForeignKey(
        "leave.OvertimeRequest",
        verbose_name="加班申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="balance_adjustments",
    )
    created_by = models.ForeignKey(
        Staff, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "余额调整记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.balance} {self.days:+} {self.reason}"
