"""Work handed to named people with a deadline and a receipt (督查督办, 学习任务, 文件阅知).

One ``Assignment`` per thing sent, one ``Receipt`` per recipient. The kinds differ in their
material (each keeps it in its own model, one-to-one with the assignment) and in which steps
they use (签收 first, the assigner's 确认); ``office.assignments`` is their registry and
``office.assignment_services`` every change of state.

Imported by office/models.py, which registers the models in this app.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from office.audit import history_user
from office.models import Section, Staff, Unit


class ReceiptState(models.TextChoices):
    # The labels are the mechanism's words; each kind shows its own (``AssignmentKind``).
    PENDING = "pending", "待签收/未办"
    ACCEPTED = "accepted", "已签收"
    DONE = "done", "已完成"
    CONFIRMED = "confirmed", "已确认"


# The recipient still owes an answer in these states.
OPEN_STATES = (ReceiptState.PENDING, ReceiptState.ACCEPTED)
# The recipient has answered (a confirmation is the assigner's step, not theirs).
ANSWERED_STATES = (ReceiptState.DONE, ReceiptState.CONFIRMED)


class Assignment(models.Model):
    kind = models.CharField("类别", max_length=20, db_index=True)
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="assignments"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", max_length=20000, blank=True)
    created_by = models.ForeignKey(
        Staff, verbose_name="交办人", on_delete=models.PROTECT, related_name="assignments_sent"
    )
    created_at = models.DateTimeField("交办时间", auto_now_add=True)
    due_at = models.DateTimeField("截止时间")
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    cancel_reason = models.CharField("撤销理由", max_length=200, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "交办事项"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "unit", "due_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Receipt(models.Model):
    """One recipient's answer to an assignment: state and the time of each step."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="交办事项", on_delete=models.PROTECT, related_name="receipts"
    )
    staff = models.ForeignKey(
        Staff, verbose_name="接收人", on_delete=models.PROTECT, related_name="receipts"
    )
    # The recipient's section when it was sent: counts by section stay as they were when a
    # person later moves, and never join through the current Staff row.
    section = models.ForeignKey(
        Section, verbose_name="科室", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=10, choices=ReceiptState, default=ReceiptState.PENDING
    )
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    # 学习心得 / 办结说明 / 退回理由: the last one written; the history keeps the earlier ones.
    note = models.TextField("说明", max_length=5000, blank=True)
    returned_count = models.PositiveSmallIntegerField("退回次数", default=0)
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    overdue_at = models.DateTimeField("逾期标记时间", null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "回执"
        ordering = ["assignment", "section", "staff"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "staff"], name="receipt_once_per_assignment"
            )
        ]
        indexes = [
            models.Index(fields=["state", "assignment"]),
            models.Index(fields=["staff", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.staff_id} {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_answered(self) -> bool:
        return self.state in ANSWERED_STATES
