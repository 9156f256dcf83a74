from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from office.audit import HistoryWithAddress, history_user, register_account_history


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
