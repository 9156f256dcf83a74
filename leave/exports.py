"""请假台账 and 加班台账, and what leave adds to the 考勤月报 (its leave types, verified
overtime hours).

Each ledger streams its rows in registration order; the approval chain of each request comes
from a second stream of the steps in the same order, merged as they go, so a ledger is two
queries however many requests it lists.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from attendance.exports import MonthExtra
from leave.models import LeaveRequest, LeaveType, OvertimeEntry
from leave.models.overtime import Conversion, OvertimeRequest
from office.approvals.models import ApprovalStatus, ApprovalStep
from office.exports import Column, Sheet
from office.reports import Report, Scope

CHUNK = 2000
HALVES = {"am": "上午", "pm": "下午"}
STATUSES = dict(ApprovalStatus.choices)
DECISIONS = dict(ApprovalStep.Decision.choices)
CONVERSIONS = dict(Conversion.choices)
FOOT = ("制表人：", "政工科审核：")


def leave_month_extra(section_ids: list[int], start: dt.date, end: dt.date) -> MonthExtra:
    """The month sheet's leave-type columns and each person's verified overtime hours in the
    month (two queries)."""
    names = tuple(LeaveType.objects.order_by("order", "id").values_list("name", flat=True))
    hours = (
        OvertimeEntry.objects.filter(
            overtime__date__range=(start, end),
            overtime__verified_at__isnull=False,
            staff__section_id__in=section_ids,
        )
        .values("staff_id")
        .annotate(total=Sum("verified_hours"))
        .values_list("staff_id", "total")
    )
    return MonthExtra(names, {staff_id: total or Decimal(0) for staff_id, total in hours})


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment) if moment else None


def _chains(model: type, ids: Any) -> Iterator[tuple[int, str]]:
    """(request id, its approval chain as one line) for the requests, in id order."""
    steps = (
        ApprovalStep.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id__in=ids,
        )
        .order_by("object_id", "order")
        .values_list("object_id", "approver__name", "decided_by__name", "decision", "decided_at")
        .iterator(chunk_size=CHUNK)
    )
    for object_id, found in itertools.groupby(steps, key=lambda step: step[0]):
        yield object_id, "；".join(_step(*step[1:]) for step in found)


def _step(approver: str, decided_by: str | None, decision: str, at: dt.datetime | None) -> str:
    who = approver if not decided_by or decided_by == approver else f"{decided_by}（代{approver}）"
    when = f" {timezone.localtime(at):%m-%d %H:%M}" if at else ""
    return f"{who} {DECISIONS.get(decision, decision)}{when}"


def _with_chains(rows: Iterator[tuple], chains: Iterator[tuple[int, str]]) -> Iterator[tuple]:
    """Each row (its first value the request id) with the chain of that request: both streams
    run in id order, so they merge in one pass."""
    pending = next(chains, None)
    for row in rows:
        while pending is not None and pending[0] < row[0]:
            pending = next(chains, None)
        chain = pending[1] if pending is not None and pending[0] == row[0] else ""
        yield row, chain


class LeaveLedger(Report):
    slug = "leave_ledger"
    frozen_by_close = True
    label = "请假台账"
    period = "range"

    def _requests(self, scope: Scope) -> Any:
        start, end = scope.params.start, scope.params.end
        return LeaveRequest.objects.filter(
            applicant__section_id__in=scope.section_ids, start_date__lte=end, end_date__gte=start
        )

    def count(self, scope: Scope) -> int:
        return self._requests(scope).count()

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        requests = self._requests(scope)
        values = (
            requests.order_by("pk")
            .values_list(
                "pk",
                "applicant__section__name",
                "applicant__staff_no",
                "applicant__name",
                "leave_type__name",
                "start_date",
                "start_half",
                "end_date",
                "end_half",
                "days",
                "reason",
                "created_at",
                "status",
                "decided_at",
                "reported_at",
                "returned_on",
                "days_used",
            )
            .iterator(chunk_size=CHUNK)
        )
        chains = _chains(LeaveRequest, requests.values("pk"))
        rows = (
            [
                number,
                section,
                staff_no,
                name,
                kind,
                f"{start:%Y-%m-%d} {HALVES.get(start_half, '')}",
                f"{end:%Y-%m-%d} {HALVES.get(end_half, '')}",
                days,
                reason,
                _local(created),
                chain,
                STATUSES.get(status, status),
                _local(decided),
                _local(reported),
                returned,
                days_used,
            ]
            for number, (
                (
                    _pk,
                    section,
                    staff_no,
                    name,
                    kind,
                    start,
                    start_half,
                    end,
                    end_half,
                    days,
                    reason,
                    created,
                    status,
                    decided,
                    reported,
                    returned,
                    days_used,
                ),
                chain,
            ) in enumerate(_with_chains(values, chains), start=1)
        )
        columns = [
            Column("序号", width=4),
            Column("科室", width=8),
            Column("工号", width=6),
            Column("姓名", width=8),
            Column("假别", width=6),
            Column("开始", width=14),
            Column("结束", width=14),
            Column("天数", width=5),
            Column("事由", width=20, wrap=True),
            Column("提交时间", width=16),
            Column("审批经过", width=30, wrap=True),
            Column("结果", width=6),
            Column("办结时间", width=16),
            Column("销假时间", width=16),
            Column("实际返岗", width=11),
            Column("实际天数", width=6),
        ]
        yield Sheet(
            "请假台账",
            columns,
            rows,
            heading=f"{scope.name} {scope.params.period_text}请假台账",
            foot=FOOT,
            frozen_columns=4,
        )


class OvertimeLedger(Report):
    slug = "overtime_ledger"
    frozen_by_close = True
    label = "加班台账"
    period = "range"

    def _entries(self, scope: Scope) -> Any:
        return OvertimeEntry.objects.filter(
            overtime__section_id__in=scope.section_ids,
            overtime__date__range=(scope.params.start, scope.params.end),
        )

    def count(self, scope: Scope) -> int:
        return self._entries(scope).count()

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        entries = self._entries(scope)
        values = (
            entries.order_by("overtime_id", "staff__staff_no", "pk")
            .values_list(
                "overtime_id",
                "overtime__section__name",
                "overtime__date",
                "overtime__start_time",
                "overtime__end_time",
                "overtime__reason",
                "staff__staff_no",
                "staff__name",
                "planned_hours",
                "actual_hours",
                "verified_hours",
                "overtime__status",
                "overtime__recorded_at",
                "overtime__verified_at",
                "overtime__conversion",
            )
            .iterator(chunk_size=CHUNK)
        )
        chains = _chains(OvertimeRequest, entries.values("overtime_id"))
        rows = (
            [
                number,
                row[1],
                row[2],
                f"{row[3]:%H:%M}–{row[4]:%H:%M}",
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                row[10],
                chain,
                _stage(row[11], row[12], row[13]),
                CONVERSIONS.get(row[14], "") if row[13] else "",
            ]
            for number, (row, chain) in enumerate(_with_chains(values, chains), start=1)
        )
        columns = [
            Column("序号", width=4),
            Column("科室", width=8),
            Column("加班日期", width=11),
            Column("时间", width=12),
            Column("加班事由", width=20, wrap=True),
            Column("工号", width=6),
            Column("姓名", width=8),
            Column("申请(小时)", width=6),
            Column("实际(小时)", width=6),
            Column("核实(小时)", width=6),
            Column("审批经过", width=30, wrap=True),
            Column("状态", width=12),
            Column("折算", width=8),
        ]
        yield Sheet(
            "加班台账",
            columns,
            rows,
            heading=f"{scope.name} {scope.params.period_text}加班台账",
            foot=FOOT,
            frozen_columns=0,
        )


def _stage(status: str, recorded: dt.datetime | None, verified: dt.datetime | None) -> str:
    """As ``OvertimeRequest.stage_label`` says it, from the values alone."""
    if verified:
        return "已核实"
    if recorded:
        return "待政工科核实"
    if status == ApprovalStatus.APPROVED:
        return "已批准，待登记实际时长"
    return STATUSES.get(status, status)
