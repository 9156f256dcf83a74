import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from inspections.models.checklist import Item
from office.audit import history_user
from office.dates import cn_date
from office.models import DatesInWindow, Section, Staff


class InspectionRound(DatesInWindow, models.Model):
    """一次检查: the 督导小组's weekly round, open (明察) or unannounced (暗访)."""

    window_dates = ("date",)

    class Kind(models.TextChoices):
        OPEN = "open", "明察"
        COVERT = "covert", "暗访"

    date = models.DateField("检查日期")
    kind = models.CharField("方式", max_length=10, choices=Kind, default=Kind.OPEN)
    inspectors = models.ManyToManyField(Staff, verbose_name="检查人员", related_name="+")
    sections = models.ManyToManyField(Section, verbose_name="检查科室", related_name="+")
    note = models.TextField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user, m2m_fields=[inspectors, sections])

    class Meta:
        verbose_name = verbose_name_plural = "检查轮次"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.get_kind_display()}"


class Finding(DatesInWindow, models.Model):
    """督查发现: one problem about a person and/or a section, against one checklist item."""

    window_dates = ("occurred_at", "rectify_deadline")

    class Source(models.TextChoices):
        GROUP = "group", "本组检查"
        COVERT = "covert", "明察暗访"
        HIGHER = "higher", "上级督查"
        ATTENDANCE = "attendance", "考勤自动"
        VEHICLE = "vehicle", "用车自动"
        INSTRUCTION = "instruction", "督办自动"

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "待认定"
        RECORDED = "recorded", "已登记"
        CONFIRMED = "confirmed", "已确认"
        RECTIFYING = "rectifying", "整改中"
        CLOSED = "closed", "已整改"
        DISMISSED = "dismissed", "不予认定"

    class AutoKind(models.TextChoices):
        ABSENT = "absent", "旷工"
        LATE_EARLY = "late_early", "迟到早退"
        REPORT_BACK = "report_back", "逾期未销假"
        NO_REQUEST = "no_request", "无审批出车"
        OFF_HOURS = "off_hours", "非工作时间出车"
        ODOMETER_GAP = "odometer_gap", "里程不连续"
        REPEAT_PLACE = "repeat_place", "频繁前往同一地点"
        DONE_LATE = "done_late", "督办逾期未办结"
        REPORT_LATE = "report_late", "督办逾期未反馈"

    # Confirmed findings are the ones a notice names and repeat offenders are counted from.
    CONFIRMED_STATES = (Status.CONFIRMED, Status.RECTIFYING, Status.CLOSED)

    round = models.ForeignKey(
        InspectionRound,
        verbose_name="检查轮次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    # The person's section at the time (or the section found at fault): the chain that sees
    # and rectifies the finding follows from it.
    section = models.ForeignKey(
        Section, verbose_name="科室", on_delete=models.PROTECT, related_name="findings"
    )
    item = models.ForeignKey(
        Item, verbose_name="检查项目", on_delete=models.PROTECT, related_name="findings"
    )
    occurred_at = models.DateTimeField("发现时间")
    place = models.CharField("地点", max_length=100, blank=True)
    description = models.TextField("问题描述", max_length=2000)
    source = models.CharField("来源", max_length=12, choices=Source, default=Source.GROUP)
    status = models.CharField("状态", max_length=12, choices=Status, default=Status.RECORDED)
    auto_kind = models.CharField(
        "自动线索类型", max_length=12, choices=AutoKind, blank=True, default=""
    )
    auto_day = models.DateField("线索日期", null=True, blank=True)
    # The trip a 用车自动 candidate was read from (vehicles.checks).
    trip = models.ForeignKey(
        "vehicles.Trip",
        verbose_name="行车记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    # The 督办 receipt a 督办自动 candidate was read from (its 责任人 missed a deadline).
    receipt = models.ForeignKey(
        "office.Receipt",
        verbose_name="督办回执",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    rectify_deadline = models.DateField("整改期限", null=True, blank=True)
    rectification_feedback = models.TextField("整改反馈", max_length=2000, blank=True)
    dismiss_reason = models.TextField("不予认定理由", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "督查发现"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["occurred_at", "status"]),
            models.Index(fields=["section", "status"]),
            models.Index(fields=["staff", "status"]),
        ]
        constraints = [
            # The weekly compile may run many times: one candidate per person, day and kind.
            models.UniqueConstraint(
                fields=["staff", "auto_day", "auto_kind"],
                condition=models.Q(source="attendance"),
                name="inspections_one_auto_finding_per_person_day_kind",
            ),
            # The vehicle checks run every night: one candidate per trip and kind.
            models.UniqueConstraint(
                fields=["trip", "auto_kind"],
                condition=models.Q(source="vehicle"),
                name="inspections_one_vehicle_finding_per_trip_kind",
            ),
            # Each missed 督办 deadline (办结, or one feedback day) is filed once.
            models.UniqueConstraint(
                fields=["receipt", "auto_kind", "auto_day"],
                condition=models.Q(source="instruction"),
                name="inspections_one_instruction_finding_per_deadline",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rectifying") | models.Q(rectify_deadline__isnull=False),
                name="inspections_rectifying_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        who = self.staff.name if self.staff_id else self.section.name
        return f"{who}：{self.item.text}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:finding_detail", args=[self.pk])

    @property
    def is_confirmed(self) -> bool:
        return self.status in self.CONFIRMED_STATES


def evidence_path(instance: "FindingPhoto", _filename: str) -> str:
    # The stored name never reuses the uploader's file name (it may carry a path or a person's
    # name); the extension comes from the checked content type.
    return f"evidence/{instance.finding_id}/{uuid.uuid4().hex}{instance.extension}"


class FindingPhoto(models.Model):
    """证据照片, stored under MEDIA_ROOT/evidence/ and served only through a checking view."""

    EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}

    finding = models.ForeignKey(
        Finding, verbose_name="督查发现", on_delete=models.PROTECT, related_name="photos"
    )
    file = models.FileField("照片", upload_to=evidence_path, max_length=200)
    content_type = models.CharField("类型", max_length=20)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "证据照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"照片 {self.pk}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, ".bin")
