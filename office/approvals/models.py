"""The one approval mechanism shared by leave, 补卡, 外出 and overtime.

A request model subclasses ``ApprovalRequest`` (abstract: applicant, status, current step) and
registers itself with ``office.approvals.services.register``. Its steps are ``ApprovalStep`` rows, one per
approver in the chain, pointing back through a generic relation so one inbox lists every kind.

The tables keep the names they had when this lived in the leave app, so no data moved.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from office.audit import history_user
from office.models import DatesInWindow, Staff


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "审批中"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"
    WITHDRAWN = "withdrawn", "已撤回"
    CANCELLED = "cancelled", "已撤销"


class ApprovalStep(models.Model):
    class Decision(models.TextChoices):
        WAITING = "waiting", "待审批"
        APPROVED = "approved", "同意"
        REJECTED = "rejected", "不同意"
        VOID = "void", "已终止"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    order = models.PositiveSmallIntegerField("顺序")
    approver = models.ForeignKey(
        Staff, verbose_name="审批人", on_delete=models.PROTECT, related_name="approval_steps"
    )
    # Set while the step is the one waiting for a decision, so an inbox is one indexed query.
    is_current = models.BooleanField("当前环节", default=False)
    decision = models.CharField("意见", max_length=10, choices=Decision, default=Decision.WAITING)
    decided_by = models.ForeignKey(
        Staff,
        verbose_name="实际审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval_decisions",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.CharField("审批意见", max_length=200, blank=True)
    history = HistoricalRecords(get_user=history_user, table_name="leave_historicalapprovalstep")

    class Meta:
        db_table = "leave_approvalstep"
        verbose_name = verbose_name_plural = "审批环节"
        ordering = ["content_type", "object_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "order"], name="approval_step_unique_order"
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(is_current=True),
                name="approval_one_current_step",
            ),
        ]
        indexes = [models.Index(fields=["approver", "is_current"])]

    def __str__(self) -> str:
        return f"{self.approver.name} {self.get_decision_display()}"

    @property
    def on_behalf(self) -> bool:
        """Decided by a delegate rather than the named approver."""
        return self.decided_by_id is not None and self.decided_by_id != self.approver_id


class ApprovalRequest(models.Model):
    """Fields every approvable request has. Subclasses add their own and ``kind_label``."""

    kind_label = "申请"

    applicant = models.ForeignKey(
        Staff, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ApprovalStatus, default=ApprovalStatus.PENDING
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    approval_steps = GenericRelation(ApprovalStep)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED


class Delegation(DatesInWindow, models.Model):
    """委托代批: while away, an approver names a delegate who may decide in their place."""

    window_dates = ("start", "end")

    delegator = models.ForeignKey(
        Staff, verbose_name="委托人", on_delete=models.PROTECT, related_name="delegations_given"
    )
    delegate = models.ForeignKey(
        Staff, verbose_name="受托人", on_delete=models.PROTECT, related_name="delegations_received"
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user, table_name="leave_historicaldelegation")

    class Meta:
        db_table = "leave_delegation"
        verbose_name = verbose_name_plural = "委托代批"
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="delegation_dates_order"),
            models.CheckConstraint(
                condition=~Q(delegator=F("delegate")), name="delegation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator.name} → {self.delegate.name}（{self.start}至{self.end}）"
