"""Reads for the leave app, with the role/object filter applied here so no view forgets it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from leave.models import (
    BalanceKind,
    LeaveBalance,
    LeaveRequest,
    LeaveType,
    OvertimeEntry,
    OvertimeRequest,
)
from leave.rules import annual_entitlement
from office.approvals.models import ApprovalStatus
from office.approvals.selectors import may_see
from office.models import Section, Staff
from office.org import Viewer


def my_leave_requests(staff: Staff) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(applicant=staff).select_related("leave_type")


def my_overtime_requests(staff: Staff) -> QuerySet[OvertimeRequest]:
    """Overtime I applied for or am one of the people of."""
    return (
        OvertimeRequest.objects.filter(Q(applicant=staff) | Q(entries__staff=staff))
        .distinct()
        .select_related("section", "applicant")
    )


def get_leave_for_viewer(viewer: Viewer, pk: int) -> LeaveRequest:
    leave = (
        LeaveRequest.objects.select_related("leave_type", "applicant__section")
        .filter(pk=pk)
        .first()
    )
    if leave is None or not may_see(viewer, leave):
        raise Http404("没有找到这条请假，或您无权查看。")
    return leave


def get_overtime_for_viewer(viewer: Viewer, pk: int) -> OvertimeRequest:
    overtime = (
        OvertimeRequest.objects.select_related("section", "applicant__section", "verified_by")
        .filter(pk=pk)
        .first()
    )
    if overtime is None:
        raise Http404("没有找到这条加班申请，或您无权查看。")
    in_it = viewer.staff is not None and overtime.entries.filter(staff=viewer.staff).exists()
    if not in_it and not may_see(viewer, overtime):
        raise Http404("没有找到这条加班申请，或您无权查看。")
    return overtime


def overdue_report_backs(*, start: dt.date, end: dt.date) -> list[LeaveRequest]:
    """Leave ended in [start, end] and flagged as not reported back in time (逾期未销假).

    For the inspections app, which turns them into finding candidates. One query.
    """
    return list(
        LeaveRequest.objects.filter(overdue_at__isnull=False, end_date__range=(start, end))
        .select_related("applicant__section", "leave_type")
        .order_by("end_date", "pk")
    )


def calendar_sections(viewer: Viewer) -> list[Section]:
    """Sections whose leave calendar the viewer may open (chief/deputy: theirs; 主任/政工科: all)."""
    sections = Section.objects.order_by("order", "pk")
    if viewer.sees_whole_unit:
        sections = sections.filter(viewer.unit_filter())
        return list(sections)
    return list(sections.filter(pk__in=viewer.managed_section_ids))


@dataclass(frozen=True)
class CalendarCell:
    short: str = ""
    full: str = ""
    pending: bool = False  # 审批中: drawn hatched and marked 审 (never colour alone)


@dataclass
class CalendarRow:
    staff: Staff
    cells: list[CalendarCell] = field(default_factory=list)
    total: Decimal = Decimal(0)


# The leave calendar's filter: 全部 / 已批准 / 审批中.
CALENDAR_SHOW = {
    "all": ("全部", (ApprovalStatus.APPROVED, ApprovalStatus.PENDING)),
    "approved": ("已批准", (ApprovalStatus.APPROVED,)),
    "pending": ("审批中", (ApprovalStatus.PENDING,)),
}


def section_month(
    section: Section, first: dt.date, last: dt.date, show: str = "all"
) -> list[CalendarRow]:
    """Who is out which day in one section, approved leave and (unless filtered) leave still
    waiting for approval: three queries (people, leave, calendar)."""
    from leave.covers import approved_leave_between, leave_half_days

    people = list(
        Staff.objects.filter(section=section).exclude(status=Staff.Status.LEFT).order_by("staff_no")
    )
    leaves = approved_leave_between([p.pk for p in people], first, last, CALENDAR_SHOW[show][1])
    out: dict[tuple[int, dt.date], dict[str, tuple[str, bool]]] = defaultdict(dict)
    for leave, day, half in leave_half_days(leaves, first, last):
        pending = leave.status == ApprovalStatus.PENDING
        out[(leave.applicant_id, day)][half] = (leave.leave_type.name, pending)
    rows = []
    for person in people:
        row = CalendarRow(staff=person)
        for offset in range((last - first).days + 1):
            halves = out.get((person.pk, first + dt.timedelta(days=offset)), {})
            row.total += Decimal("0.5") * len(halves)
            row.cells.append(_cell(halves))
        rows.append(row)
    return rows


def _cell(halves: dict[str, tuple[str, bool]]) -> CalendarCell:
    if not halves:
        return CalendarCell()
    pending = any(p for _, p in halves.values())
    mark = "（审批中）" if pending else ""
    if len(halves) == 2:
        label = halves["am"][0]
        return CalendarCell(label[:2], f"{label}{mark}", pending)
    half, (label, _) = next(iter(halves.items()))
    word = "上午" if half == "am" else "下午"
    return CalendarCell(f"{label[:1]}{word[:1]}", f"{label}（{word}）{mark}", pending)


@dataclass
class BalanceLine:
    leave_type: LeaveType
    entitled: Decimal
    used: Decimal
    # Days asked for in requests still waiting for approval (not yet in ``used``).
    pending: Decimal = Decimal(0)

    @property
    def remaining(self) -> Decimal:
        return self.entitled - self.used

    @property
    def available(self) -> Decimal:
        """What a new request may still take: 可用 7 天（另有 3 天审批中）."""
        return self.remaining - self.pending


def balance_lines(
    people: list[Staff], year: int, types: list[LeaveType], tiers: str
) -> dict[int, list[BalanceLine]]:
    """Per person, one line per balance-counted type; rows not yet created show the base.

    Two queries whatever the number of people: the stored rows and the days pending.
    """
    stored = {
        (row.staff_id, row.leave_type_id): row
        for row in LeaveBalance.objects.filter(year=year, staff__in=people, leave_type__in=types)
    }
    pending = pending_days_of(people, year, types)
    result: dict[int, list[BalanceLine]] = {}
    for person in people:
        lines = []
        for leave_type in types:
            row = stored.get((person.pk, leave_type.pk))
            waiting = pending.get((person.pk, leave_type.pk), Decimal(0))
            if row is not None:
                lines.append(BalanceLine(leave_type, row.entitled, row.used, waiting))
            elif leave_type.balance_kind == BalanceKind.ANNUAL:
                base = Decimal(annual_entitlement(person.work_start_date, year, tiers))
                lines.append(BalanceLine(leave_type, base, Decimal(0), waiting))
            else:
                lines.append(BalanceLine(leave_type, Decimal(0), Decimal(0), waiting))
        result[person.pk] = lines
    return result


def pending_days_of(
    people: list[Staff], year: int, types: list[LeaveType]
) -> dict[tuple[int, int], Decimal]:
    """(person, type) -> days in requests of the year still waiting for approval (one query;
    counted by the start's year, as the balance is charged)."""
    rows = (
        LeaveRequest.objects.filter(
            applicant__in=people,
            leave_type__in=types,
            start_date__year=year,
            status=ApprovalStatus.PENDING,
        )
        .values_list("applicant_id", "leave_type_id")
        .annotate(total=Sum("days"))
    )
    return {(staff_id, type_id): total for staff_id, type_id, total in rows}


def balance_types() -> list[LeaveType]:
    return list(LeaveType.objects.exclude(balance_kind="").filter(active=True))


def pending_leave_of(staff: Staff) -> QuerySet[LeaveRequest]:
    return my_leave_requests(staff).filter(status=ApprovalStatus.PENDING)


def overtime_entries(overtime: OvertimeRequest) -> list[OvertimeEntry]:
    return list(overtime.entries.select_related("staff"))


def balance_people(viewer: Viewer, query: str) -> QuerySet[Staff]:
    """Current staff of the viewer's unit for 政工科's balances page, by name fragment or exact
    工号, in roster order."""
    people = (
        Staff.objects.filter(viewer.unit_filter("section__"))
        .exclude(status=Staff.Status.LEFT)
        .select_related("section")
    )
    if query:
        people = people.filter(Q(name__contains=query) | Q(staff_no=query))
    return people.order_by("section__order", "staff_no")


def overtime_ledger(viewer: Viewer, first: dt.date, last: dt.date) -> QuerySet[OvertimeRequest]:
    """政工科's ledger: approved overtime of its unit in the range with its people (two
    queries)."""
    return (
        OvertimeRequest.objects.filter(
            viewer.unit_filter("section__"),
            date__range=(first, last),
            status=ApprovalStatus.APPROVED,
        )
        .select_related("section", "applicant")
        .prefetch_related("entries__staff")
        .order_by("date", "pk")
    )
