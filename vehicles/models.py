"""公务用车: vehicles and drivers kept by the 车队, 用车申请 on the one approval mechanism, and
the 行车记录 each trip leaves."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from office.approvals.models import ApprovalRequest
from office.audit import history_user
from office.models import DatesInWindow, Section, Staff


class Vehicle(models.Model):
    class Kind(models.TextChoices):
        SEDAN = "sedan", "轿车"
        MPV = "mpv", "商务车"
        SUV = "suv", "越野车"
        BUS = "bus", "客车"

    class Status(models.TextChoices):
        AVAILABLE = "available", "可派"
        REPAIR = "repair", "维修"
        RETIRED = "retired", "停用"

    plate = models.CharField("车牌号", max_length=12, unique=True)
    kind = models.CharField("车型", max_length=8, choices=Kind, default=Kind.SEDAN)
    seats = models.PositiveSmallIntegerField("座位数", default=5)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.AVAILABLE)
    # The section that keeps the car (the 车队's): its unit is the car's unit, and a finding
    # about the car itself (an odometer gap) is filed against it.
    section = models.ForeignKey(
        Section, verbose_name="管理科室", on_delete=models.PROTECT, related_name="vehicles"
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "车辆"
        ordering = ["plate"]

    def __str__(self) -> str:
        return f"{self.plate}（{self.get_kind_display()}，{self.seats}座）"


class Driver(models.Model):
    """驾驶员: a person of the office the 车队 lets drive its cars."""

    staff = models.OneToOneField(
        Staff, verbose_name="驾驶员", on_delete=models.PROTECT, related_name="driver"
    )
    active = models.BooleanField("在岗", default=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "驾驶员"
        ordering = ["staff__name"]

    def __str__(self) -> str:
        return self.staff.name


class VehicleRequest(DatesInWindow, ApprovalRequest):
    kind_label = "用车申请"
    window_dates = ("start", "end")

    start = models.DateTimeField("用车开始")
    end = models.DateTimeField("用车结束")
    origin = models.CharField("出发地", max_length=100)
    destination = models.CharField("目的地", max_length=100)
    purpose = models.CharField("事由", max_length=200)
    passengers = models.PositiveSmallIntegerField("乘车人数", default=1)
    vehicle = models.ForeignKey(
        Vehicle,
        verbose_name="派车",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    driver = models.ForeignKey(
        Driver,
        verbose_name="驾驶员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    dispatched_at = models.DateTimeField("派车时间", null=True, blank=True)
    dispatched_by = models.ForeignKey(
        Staff,
        verbose_name="派车人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "用车申请"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["vehicle", "start"]),
            models.Index(fields=["driver", "start"]),
            models.Index(fields=["status", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="vehicle_request_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return (
            f"用车：{start:%Y年%m月%d日 %H:%M}至{end:%m月%d日 %H:%M}，"
            f"{self.origin}→{self.destination}，{self.purpose}"
        )

    def get_absolute_url(self) -> str:
        return reverse("vehicles:detail", args=[self.pk])

    @property
    def is_dispatched(self) -> bool:
        return self.vehicle_id is not None


class Trip(models.Model):
    """行车记录: one trip as the driver logs it; the 车队 checks it, which closes it."""

    class Status(models.TextChoices):
        RECORDED = "recorded", "待核查"
        CHECKED = "checked", "已核查"

    request = models.OneToOneField(
        VehicleRequest,
        verbose_name="用车申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trip",
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name="车辆", on_delete=models.PROTECT, related_name="trips"
    )
    driver = models.ForeignKey(
        Driver, verbose_name="驾驶员", on_delete=models.PROTECT, related_name="trips"
    )
    started_at = models.DateTimeField("出车时间")
    ended_at = models.DateTimeField("收车时间")
    start_km = models.PositiveIntegerField("出车里程（公里）")
    end_km = models.PositiveIntegerField("收车里程（公里）")
    destination = models.CharField("目的地", max_length=100)
    route = models.CharField("行驶路线", max_length=200)
    fuel_cost = models.DecimalField("油费（元）", max_digits=8, decimal_places=2, default=0)
    toll_cost = models.DecimalField("通行费（元）", max_digits=8, decimal_places=2, default=0)
    off_hours_reason = models.CharField("非工作时间出车事由", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.RECORDED)
    checked_by = models.ForeignKey(
        Staff,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField("核查时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "行车记录"
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["vehicle", "started_at"]),
            models.Index(fields=["driver", "started_at"]),
            models.Index(fields=["started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_km__gte=F("start_km")), name="trip_odometer_forward"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="trip_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle.plate} {timezone.localtime(self.started_at):%Y年%m月%d日 %H:%M} {self.destination}"

    @property
    def km(self) -> int:
        return self.end_km - self.start_km

    @property
    def cost(self) -> Decimal:
        return self.fuel_cost + self.toll_cost
