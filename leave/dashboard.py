"""Leave and overtime charts of the 统计看板 (registered in apps.py): one GROUP BY each."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from leave.models import LeaveRequest, LeaveType, OvertimeEntry
from office.approvals.models import ApprovalStatus
from office.dashboard import ChartData, Scope, by_section
from office.org import Viewer


def _number(value: Decimal | None) -> float:
    return float(value or 0)


def leave_days_by_type(_viewer: Viewer, scope: Scope) -> ChartData:
    """Working days of approved leave starting in the month, by type (the actual days once the
    person reported back). Two queries: the types, the sums."""
    types = list(
        LeaveType.objects.filter(active=True).order_by("order", "pk").values_list("pk", "name")
    )
    sums = dict(
        LeaveRequest.objects.filter(
            applicant__section_id__in=scope.section_ids,
            status=ApprovalStatus.APPROVED,
            start_date__range=(scope.first, scope.last),
        )
        .order_by()
        .values("leave_type")
        .annotate(days=Sum(Coalesce("days_used", "days")))
        .values_list("leave_type", "days")
    )
    query = {"month": scope.month}
    if len(scope.sections) == 1:
        query["section"] = scope.section_ids[0]
    link = f"{reverse('leave:calendar')}?{urlencode(query)}"
    return ChartData(
        categories=[name for _, name in types],
        series=[{"name": "请假天数", "data": [_number(sums.get(pk)) for pk, _ in types]}],
        links=[link] * len(types),
        unit="天",
        horizontal=True,
        note="本月开始的已批准请假，按工作日计；已销假的按实际天数。",
    )


def overtime_by_section(viewer: Viewer, scope: Scope) -> ChartData:
    """Hours of approved overtime in the month by section (or unit, over many): verified by
    政工科, and recorded but not yet verified. One query."""
    rows = {
        r.pop("overtime__section_id"): r
        for r in OvertimeEntry.objects.filter(
            overtime__section_id__in=scope.section_ids,
            overtime__status=ApprovalStatus.APPROVED,
            overtime__date__range=(scope.first, scope.last),
        )
        .order_by()
        .values("overtime__section_id")
        .annotate(
            verified=Sum("verified_hours", filter=Q(overtime__verified_at__isnull=False)),
            waiting=Sum("actual_hours", filter=Q(overtime__verified_at__isnull=True)),
        )
    }
    link = ""
    if viewer.is_personnel or viewer.is_admin:
        link = f"{reverse('leave:overtime_ledger')}?month={scope.month}"
    return by_section(
        scope,
        rows,
        series=[
            ("已核实", lambda c: _number(c.get("verified"))),
            ("待核实", lambda c: _number(c.get("waiting"))),
        ],
        link=lambda _pk: link,
        worst="加班时长最多",
        ascending=False,
        unit="小时",
        note="本月已批准的加班：政工科已核实的时长，和已登记实际时长、尚待核实的时长。",
    )


def may_see(viewer: Viewer) -> bool:
    """Leave and overtime are for leaders and 政工科 (not 督导小组)."""
    return viewer.sees_whole_unit or bool(viewer.managed_section_ids)
