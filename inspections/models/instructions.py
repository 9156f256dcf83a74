"""督查督办: a leader's instruction (批示, 交办事项, 来文) handed to named people with a deadline.

The sending, the receipts (签收, 办结, 确认) and the deadline are the office's shared mechanism
(``office.Assignment`` of kind "instruction", its ``Receipt``s are the 责任人 and their 承办科室);
what only an instruction has lives here: where it came from, how often progress must be
reported, and the progress reports themselves (进展反馈) with their attachments.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from office.audit import history_user
from office.models import Assignment, Receipt

WEEKDAYS = [
    (0, "周一"),
    (1, "周二"),
    (2, "周三"),
    (3, "周四"),
    (4, "周五"),
    (5, "周六"),
    (6, "周日"),
]


class Instruction(models.Model):
    """督办事项: the instruction's own fields beside its Assignment (title, 批示 text in
    ``assignment.body``, 办结时限 ``assignment.due_at``)."""

    class Source(models.TextChoices):
        MAYOR = "mayor", "市长批示"
        LEADER = "leader", "领导交办"
        DOCUMENT = "document", "来文"
        MEETING = "meeting", "会议纪要"

    class Interval(models.TextChoices):
        NONE = "none", "不定期"
        WEEKLY = "weekly", "每周"
        DAYS = "days", "每隔若干天"

    # The assignment's key is the instruction's: a link to it needs no second read.
    assignment = models.OneToOneField(
        Assignment,
        verbose_name="交办",
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="instruction",
    )
    source = models.CharField("来源", max_length=10, choices=Source, default=Source.LEADER)
    reference = models.CharField("文号或批示件", max_length=100, blank=True)
    interval = models.CharField("反馈要求", max_length=10, choices=Interval, default=Interval.NONE)
    weekday = models.PositiveSmallIntegerField(
        "每周反馈日", choices=WEEKDAYS, null=True, blank=True
    )
    every_days = models.PositiveSmallIntegerField("反馈间隔（天）", null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "督办事项"
        constraints = [
            # A weekly rule names its day, a rule of days its number; "none" names neither.
            models.CheckConstraint(
                condition=(
                    Q(interval="none", weekday__isnull=True, every_days__isnull=True)
                    | Q(interval="weekly", weekday__isnull=False, every_days__isnull=True)
                    | Q(interval="days", weekday__isnull=True, every_days__gte=1)
                ),
                name="inspections_instruction_interval_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.assignment.title

    @property
    def interval_text(self) -> str:
        if self.interval == self.Interval.WEEKLY:
            return f"每{self.get_weekday_display()}反馈进展"
        if self.interval == self.Interval.DAYS:
            return f"每{self.every_days}天反馈进展"
        return "办结时报告，不要求定期反馈"


class Feedback(models.Model):
    """进展反馈: one progress report of a 责任人 on their receipt; never edited or deleted."""

    receipt = models.ForeignKey(
        Receipt, verbose_name="责任人回执", on_delete=models.PROTECT, related_name="feedback"
    )
    text = models.TextField("进展情况", max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="反馈人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("反馈时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "进展反馈"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["receipt", "created_at"])]

    def __str__(self) -> str:
        return f"进展反馈 {self.pk}"


def attachment_path(instance: "FeedbackAttachment", _filename: str) -> str:
    # Never the uploader's file name (it may carry a path or a name); the extension is the
    # checked content type's.
    return f"instructions/{instance.feedback_id}/{uuid.uuid4().hex}{instance.extension}"


class FeedbackAttachment(models.Model):
    """反馈附件 (PDF or image), under MEDIA_ROOT/instructions/, served only through a view that
    checks who may see the instruction."""

    EXTENSIONS = {
        "application/pdf": ".pdf",
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "image/webp": ".webp",
    }

    feedback = models.ForeignKey(
        Feedback, verbose_name="进展反馈", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("附件", upload_to=attachment_path, max_length=200)
    name = models.CharField("原文件名", max_length=100)
    content_type = models.CharField("类型", max_length=30)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = verbose_name_plural = "反馈附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, ".bin")
