"""补卡申请 and 外出报备: approvable requests on the one approval mechanism (office.approvals)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from attendance.models.clock import ClockPoint
from office.approvals.models import ApprovalRequest
from office.audit import history_user
from office.dates import cn_date, cn_day
from office.models import DatesInWindow


class MakeUpRequest(DatesInWindow, ApprovalRequest):
    kind_label = "补卡申请"
    window_dates = ("date",)

    date = models.DateField("补卡日期")
    point = models.CharField("打卡点", max_length=6, choices=ClockPoint)
    claimed_time = models.TimeField("实际到/离岗时间")
    reason = models.CharField("事由", max_length=200)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "补卡申请"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["applicant", "date"])]

    def __str__(self) -> str:
        return (
            f"补卡：{cn_date(self.date)}{self.get_point_display()} "
            f"{self.claimed_time:%H:%M}，{self.reason}"
        )

    def get_absolute_url(self) -> str:
        return reverse("attendance:request_detail", args=["makeup", self.pk])


class OutingRequest(DatesInWindow, ApprovalRequest):
    kind_label = "外出报备"
    window_dates = ("start", "expected_return", "returned_at")

    destination = models.CharField("外出地点", max_length=100)
    reason = models.CharField("事由", max_length=200)
    start = models.DateTimeField("外出时间")
    expected_return = models.DateTimeField("预计返回")
    returned_at = models.DateTimeField("实际返回", null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "外出报备"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_return__gt=F("start")), name="outing_return_after_start"
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.start)
        back = timezone.localtime(self.expected_return)
        return (
            f"外出：{self.destination}，{cn_date(start)} {start:%H:%M}至"
            f"{cn_day(back)} {back:%H:%M}，{self.reason}"
        )

    def get_absolute_url(self) -> str:
        return reverse("attendance:request_detail", args=["outing", self.pk])

    @property
    def is_out(self) -> bool:
        """Approved and not yet back: counts on the 去向 board."""
        return self.is_approved and self.returned_at is None

    def state_at(self, now: dt.datetime) -> str:
        """What the list says of it: 已返回, 外出中, 逾期未返回, or (not yet left, or not
        approved) the approval status."""
        if self.returned_at is not None:
            return "已返回"
        if not self.is_approved or now < self.start:
            return self.get_status_display()
        return "逾期未返回" if now > self.expected_return else "外出中"
