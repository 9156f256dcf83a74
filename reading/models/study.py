"""学习任务: the material of a study task; who must study it, by when and their 已学 are the
office assignment and its receipts (kind ``study``)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from office.assignment_models import Assignment
from office.audit import history_user

KIND = "study"


def document_path(_instance: StudyTask, filename: str) -> str:
    """Random names: the uploaded file's name must not collide, and is never served."""
    return f"reading/study/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class StudyTask(models.Model):
    class Form(models.TextChoices):
        TEXT = "text", "学习材料（文字）"
        LINK = "link", "内网链接"
        DOCUMENT = "document", "上传文件"
        MEETING = "meeting", "学习会议"

    # The text itself is the assignment's body: what every kind shows to its recipients.
    assignment = models.OneToOneField(
        Assignment,
        verbose_name="交办事项",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="study",
    )
    form = models.CharField("学习形式", max_length=10, choices=Form, default=Form.TEXT)
    link = models.URLField("链接", max_length=300, blank=True)
    document = models.FileField("学习文件", upload_to=document_path, max_length=200, blank=True)
    document_name = models.CharField("文件名称", max_length=100, blank=True)
    meeting_at = models.DateTimeField("会议时间", null=True, blank=True)
    meeting_place = models.CharField("会议地点", max_length=100, blank=True)
    # 学习心得: whether each person must write one with their 已学, and at least how long.
    needs_reflection = models.BooleanField("须提交学习心得", default=False)
    reflection_min_length = models.PositiveSmallIntegerField("心得最少字数", default=0)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "学习任务"
        constraints = [
            models.CheckConstraint(
                condition=Q(reflection_min_length__lte=5000), name="study_reflection_min_bounded"
            )
        ]

    def __str__(self) -> str:
        return str(self.assignment)
