from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from office.audit import HistoryWithAddress, history_user, register_account_history


def _points(label: str, default: int | None, *, cap: bool = False) -> models.DecimalField:
    """A points field of the 绩效 rules: 0–100 per occurrence, a monthly cap up to 1000 (empty:
    no cap)."""
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        default=None if default is None else Decimal(default),
        null=cap,
        blank=cap,
        validators=[MinValueValidator(0), MaxValueValidator(1000 if cap else 100)],
        help_text="留空为不设上限" if cap else "",
    )


class DatesInWindow:
    """The dates a person enters lie in the office's window (``office.calendar.date_window``).

    The services refuse such dates themselves; this ``clean()`` makes the admin's forms and any
    ModelForm refuse them too. ``window_dates`` names the model's date/datetime fields.
    """

    window_dates: tuple[str, ...] = ()

    def clean(self) -> None:
        from office.calendar import date_refusal

        super().clean()
        errors = {}
        for name in self.window_dates:
            value = getattr(self, name)
            label = self._meta.get_field(name).verbose_name
            if value is not None and (refusal := date_refusal(value, str(label))):
                errors[name] = refusal
        if errors:
            raise ValidationError(errors)


class Unit(models.Model):
    """单位: a department of the city (市政府办公室, 发改委 …) with its own leaders, 政工科 and
    督导小组. Roles other than the city roles hold in the holder's own unit (office.org)."""

    name = models.CharField("单位全称", max_length=50, unique=True)
    short_name = models.CharField("单位简称", max_length=20, help_text="公文版头所用的简称")
    order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    """科室. The chief approves first; the deputy director in charge (分管主任) approves next."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="sections"
    )
    name = models.CharField("科室名称", max_length=50)
    order = models.PositiveIntegerField("排序", default=0)
    chief = models.ForeignKey(
        "Staff",
        verbose_name="科长",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections_led",
    )
    deputy = models.ForeignKey(
        "Staff",
        verbose_name="分管主任",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections_supervised",
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "科室"
        ordering = ["order", "id"]
        # Two units may each have a 综合科; within one unit a name is one section.
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="section_name_per_unit",
                violation_error_message="本单位已有同名科室。",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """干部职工: one per login account, exactly one section. Leaving never deletes history."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在岗"
        SECONDED = "seconded", "借调"
        LEFT = "left", "离职"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        related_name="staff",
    )
    staff_no = models.CharField("工号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=30)
    section = models.ForeignKey(
        Section, verbose_name="科室", on_delete=models.PROTECT, related_name="members"
    )
    position = models.CharField("职务", max_length=50, blank=True)
    work_start_date = models.DateField("参加工作时间", null=True, blank=True)
    hire_date = models.DateField("入职日期", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.ACTIVE)
    # Set when 政工科 hands out a password (import, reset); the person must choose their own
    # before using the system (office.middleware.RequirePasswordChangeMiddleware).
    must_change_password = models.BooleanField("须修改密码", default=False)
    history = HistoricalRecords(get_user=history_user, bases=[HistoryWithAddress])

    class Meta:
        verbose_name = verbose_name_plural = "干部职工"
        ordering = ["section__order", "staff_no"]
        indexes = [models.Index(fields=["section", "status"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.LEFT


class Setting(models.Model):
    """A value changed from its default; the defaults and types live in office/config.py.

    Without a unit it is the city default (城市管理员, or 政工科 of a single-unit office);
    with one, that unit's override of a ``per_unit`` option."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        on_delete=models.CASCADE,
        related_name="settings",
        null=True,
        blank=True,
        help_text="留空为全市默认值",
    )
    key = models.CharField("键", max_length=60)
    value = models.JSONField("值")
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "系统设置"
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(unit__isnull=True), name="office_setting_city_key"
            ),
            models.UniqueConstraint(fields=["unit", "key"], name="office_setting_unit_key"),
        ]

    def __str__(self) -> str:
        return self.key


class CalendarDay(models.Model):
    """A day whose kind differs from the plain rule (Mon–Fri work, Sat–Sun rest).

    Holidays on weekdays and 调休 working weekends are stored; ordinary days are not.
    """

    class Kind(models.TextChoices):
        WORKDAY = "workday", "工作日（调休上班）"
        HOLIDAY = "holiday", "节假日"
        REST = "rest", "休息日"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind)
    name = models.CharField("名称", max_length=30, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.WORKDAY


class Notification(models.Model):
    """站内通知: the intranet often has no e-mail, so every message lands here first."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", max_length=4000, blank=True)
    url = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # One ``notify`` call: a retried delivery finds its rows already written (unique below).
    batch = models.UUIDField("批次", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "recipient"], name="notification_once_per_batch"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Job(models.Model):
    """后台任务: slow work run by Celery (office.jobs), with progress its starter can watch.

    ``kind`` names the work and ``key`` what it covers (e.g. a date range); at most one job of
    a kind and key waits in the queue at a time, so asking twice does not queue it twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=40)
    key = models.CharField("范围", max_length=100, blank=True)
    label = models.CharField("名称", max_length=100)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("结果", max_length=200, blank=True)
    url = models.CharField("完成后前往", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=models.Q(status="queued"),
                name="job_queued_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0


def export_path(_instance: ExportFile, _filename: str) -> str:
    """Random names in a folder no URL serves: a file leaves only through the download view."""
    return f"exports/{uuid.uuid4().hex}.xlsx"


class ExportFile(models.Model):
    """报表导出: a report written in the background (office.reports), kept for the days the
    setting ``export_retention_days`` says, for the one who asked and the 政工科 of their unit."""

    report = models.CharField("报表", max_length=40)
    label = models.CharField("名称", max_length=100)
    params = models.JSONField("条件", default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        on_delete=models.CASCADE,
        related_name="exports",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE
    )
    job = models.OneToOneField(
        Job, verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL
    )
    file = models.FileField("文件", upload_to=export_path, max_length=200, blank=True)
    filename = models.CharField("文件名", max_length=150)
    rows = models.PositiveIntegerField("行数", default=0)
    created_at = models.DateTimeField("导出时间", auto_now_add=True)
    expires_at = models.DateTimeField("保留至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导出文件"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return self.filename


class PerformanceRule(models.Model):
    """绩效规则: the points a month's 旷工, 迟到, 早退, confirmed findings and verified overtime
    are worth (office/performance.py applies them). Without a unit it is the city default; a
    unit's row replaces it for that unit's people. Deductions and rewards are entered as
    positive numbers; the computation gives them their sign."""

    DEDUCTIONS = (
        "absent_half_day",
        "late",
        "early",
        "finding_1",
        "finding_2",
        "finding_3",
        "finding_4",
    )
    REWARDS = ("overtime_hour",)
    CAPS = ("max_deduction", "max_reward")

    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        on_delete=models.CASCADE,
        related_name="performance_rules",
        null=True,
        blank=True,
        help_text="留空为全市默认规则",
    )
    absent_half_day = _points("旷工每半天扣分", 10)
    late = _points("迟到每次扣分", 2)
    early = _points("早退每次扣分", 2)
    # One per category of the 31 items (inspections.Category.code 1–4).
    finding_1 = _points("工作纪律问题每起扣分", 5)
    finding_2 = _points("作风效能问题每起扣分", 5)
    finding_3 = _points("形象修养问题每起扣分", 5)
    finding_4 = _points("“三公”消费问题每起扣分", 5)
    overtime_hour = _points("核实加班（计入绩效）每小时加分", 1)
    max_deduction = _points("每月扣分上限", None, cap=True)
    max_reward = _points("每月加分上限", None, cap=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "绩效规则"
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(unit__isnull=True), name="performance_rule_city_once"
            ),
            models.UniqueConstraint(fields=["unit"], name="performance_rule_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit or '全市默认'}绩效规则"

    def as_rules(self) -> dict[str, Decimal | None]:
        return {name: getattr(self, name) for name in (*self.DEDUCTIONS, *self.REWARDS, *self.CAPS)}


class PerformanceMonth(models.Model):
    """A unit's 绩效 of one month, frozen when the month is closed (考勤封帐): the rules then
    in force and every line (``PerformanceLine``), so later edits change nothing."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="performance_months"
    )
    month = models.DateField("月份", help_text="该月1日")
    rules = models.JSONField("所用规则")
    frozen_at = models.DateTimeField("封存时间", auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="封存人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "绩效月结果"
        ordering = ["-month", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="performance_month_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="performance_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y年%m月}绩效"


class PerformanceLine(models.Model):
    """One line of a frozen month: what happened, how many, and the points it was worth."""

    month = models.ForeignKey(
        PerformanceMonth, verbose_name="绩效月份", on_delete=models.CASCADE, related_name="lines"
    )
    staff = models.ForeignKey(
        Staff, verbose_name="人员", on_delete=models.PROTECT, related_name="performance_lines"
    )
    date = models.DateField("日期")
    kind = models.CharField("项目", max_length=20)
    quantity = models.DecimalField("数量", max_digits=7, decimal_places=1)
    points = models.DecimalField("分值", max_digits=8, decimal_places=1)
    text = models.CharField("说明", max_length=200)
    url = models.CharField("链接", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "绩效明细"
        ordering = ["staff", "date", "id"]
        indexes = [models.Index(fields=["month", "staff"])]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.date} {self.text}"


register_account_history()

# The approval models live in their own module; importing them here registers them in this app.
from office.approvals.models import (  # noqa: E402, F401
    ApprovalRequest,
    ApprovalStatus,
    ApprovalStep,
    Delegation,
)

# Stored exports of closed months (office/archive.py); importing registers the model here.
from office.archive import MonthArchive  # noqa: E402, F401

# Work handed out with a deadline and a receipt (office/assignment_models.py).
from office.assignment_models import Assignment, Receipt, ReceiptState  # noqa: E402, F401
