"""What a weekly notice says: the week's figures, read with a fixed number of queries.

Everything is aggregated in the database, so the query count is the same for 100 or 10,000
staff (or 30 units); the result is plain JSON that a published notice keeps frozen. A unit's
notice reads the findings of its sections, the city notice (``unit_id`` None) every unit's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import TruncWeek

from attendance.models import AttendanceDay
from inspections.dates import SHANGHAI, cn_date, cn_datetime, week_bounds, week_dates
from inspections.models import Category, Finding


def _of_unit(unit_id: int | None, prefix: str = "") -> Q:
    """Findings of the unit's sections; every finding for the city notice."""
    return Q() if unit_id is None else Q(**{f"{prefix}section__unit_id": unit_id})


def _confirmed_between(start: dt.datetime, end: dt.datetime, unit_id: int | None) -> Q:
    return _of_unit(unit_id) & Q(
        status__in=Finding.CONFIRMED_STATES, occurred_at__gte=start, occurred_at__lt=end
    )


def day_not_final(first: dt.date, last: dt.date) -> Q:
    """A 考勤自动 finding whose attendance days are not yet closed (``is_final``): a 旷工 on
    its day, 迟到早退 on any day of its week. Their status may still change (a leave approved
    late makes the day 请假), so the notice counts them and names nobody."""
    open_days = AttendanceDay.objects.filter(staff_id=OuterRef("staff_id"), is_final=False)
    return Q(source=Finding.Source.ATTENDANCE) & (
        Q(Exists(open_days.filter(date=OuterRef("auto_day"))), auto_kind=Finding.AutoKind.ABSENT)
        | Q(
            Exists(open_days.filter(date__range=(first, last))),
            auto_kind=Finding.AutoKind.LATE_EARLY,
        )
    )


def nameable(first: dt.date, last: dt.date) -> Q:
    """The only cases a notice names: confirmed, and on closed attendance days."""
    return Q(status__in=Finding.CONFIRMED_STATES) & ~day_not_final(first, last)


def _by_section(start: dt.datetime, end: dt.datetime, unit_id: int | None) -> list[dict[str, Any]]:
    rows = (
        Finding.objects.filter(_confirmed_between(start, end, unit_id))
        .values("section_id", "section__name", "section__unit__order", "section__order")
        .annotate(count=Count("pk"), people=Count("staff", distinct=True))
        .order_by("section__unit__order", "section__order", "section_id")
    )
    return [
        {"section": row["section__name"], "count": row["count"], "people": row["people"]}
        for row in rows
    ]


def _by_category(start: dt.datetime, end: dt.datetime, unit_id: int | None) -> list[dict[str, Any]]:
    within = _of_unit(unit_id, "items__findings__") & Q(
        items__findings__status__in=Finding.CONFIRMED_STATES,
        items__findings__occurred_at__gte=start,
        items__findings__occurred_at__lt=end,
    )
    categories = Category.objects.annotate(count=Count("items__findings", filter=within))
    return [{"category": c.name, "count": c.count} for c in categories.order_by("order", "pk")]


def _named_findings(
    start: dt.datetime, end: dt.datetime, unit_id: int | None
) -> list[dict[str, Any]]:
    first = start.date()  # the week's Monday: ``start`` is 00:00 in Shanghai
    last = first + dt.timedelta(days=6)
    findings = (
        Finding.objects.filter(_confirmed_between(start, end, unit_id), nameable(first, last))
        .select_related("staff", "section", "item")
        .order_by("section__unit__order", "section__order", "occurred_at", "pk")
    )
    return [
        {
            "id": f.pk,
            "person": f.staff.name if f.staff_id else "",
            "section": f.section.name,
            "item_code": f.item.code,
            "item": f.item.text,
            "when": cn_datetime(f.occurred_at),
            "place": f.place,
            "description": f.description,
            "source": f.get_source_display(),
        }
        for f in findings
    ]


def _repeat_offenders(
    end: dt.datetime, unit_id: int | None, *, weeks: int, min_weeks: int
) -> list[dict[str, Any]]:
    """反面典型: people with confirmed findings in at least ``min_weeks`` of the last ``weeks``."""
    since = end - dt.timedelta(weeks=weeks)
    rows = (
        Finding.objects.filter(_confirmed_between(since, end, unit_id), staff__isnull=False)
        .values("staff_id", "staff__name", "staff__section__name")
        .annotate(
            weeks=Count(TruncWeek("occurred_at", tzinfo=SHANGHAI), distinct=True),
            count=Count("pk"),
        )
        .filter(weeks__gte=min_weeks)
        .order_by("-weeks", "-count", "staff_id")
    )
    return [
        {
            "staff_id": row["staff_id"],
            "person": row["staff__name"],
            "section": row["staff__section__name"],
            "weeks": row["weeks"],
            "count": row["count"],
        }
        for row in rows
    ]


def _open_rectifications(end: dt.datetime, unit_id: int | None) -> list[dict[str, Any]]:
    last_day = (end - dt.timedelta(days=1)).date()
    findings = (
        Finding.objects.filter(_of_unit(unit_id), status=Finding.Status.RECTIFYING)
        .select_related("staff", "section", "item")
        .order_by("rectify_deadline", "pk")
    )
    return [
        {
            "id": f.pk,
            "person": f.staff.name if f.staff_id else "",
            "section": f.section.name,
            "item": f.item.text,
            "deadline": cn_date(f.rectify_deadline),
            "overdue": f.rectify_deadline < last_day,
        }
        for f in findings
    ]


def _attendance_anomalies(
    first: dt.date, last: dt.date, unit_id: int | None
) -> tuple[list[dict[str, Any]], int]:
    """The week's 考勤自动 findings that may be named (confirmed, days closed), and how many
    others wait for 认定 (candidates, or days still open): those are counted, never named.
    Dismissed ones are neither. One query: the split is made on the rows."""
    findings = (
        Finding.objects.filter(
            _of_unit(unit_id), source=Finding.Source.ATTENDANCE, auto_day__range=(first, last)
        )
        .exclude(status=Finding.Status.DISMISSED)
        .annotate(named=ExpressionWrapper(nameable(first, last), output_field=BooleanField()))
        .select_related("staff", "section")
        .order_by("section__unit__order", "section__order", "staff_id", "auto_day", "pk")
    )
    named, pending = [], 0
    for f in findings:
        if not f.named:
            pending += 1
            continue
        named.append(
            {
                "id": f.pk,
                "person": f.staff.name if f.staff_id else "",
                "section": f.section.name,
                "kind": f.get_auto_kind_display(),
                "day": cn_date(f.auto_day),
                "description": f.description,
                "status": f.get_status_display(),
            }
        )
    return named, pending


def _instruction_lapses(first: dt.date, last: dt.date, unit_id: int | None) -> list[dict[str, Any]]:
    """督办落实: per section, the week's missed 办结时限 and feedback days (督办自动 candidates,
    confirmed or waiting, not dismissed). Counted, not named: a confirmed one is named with
    the other confirmed findings. One query."""
    rows = (
        Finding.objects.filter(
            _of_unit(unit_id), source=Finding.Source.INSTRUCTION, auto_day__range=(first, last)
        )
        .exclude(status=Finding.Status.DISMISSED)
        .values("section_id", "section__name", "section__unit__order", "section__order")
        .annotate(
            done_late=Count("pk", filter=Q(auto_kind=Finding.AutoKind.DONE_LATE)),
            report_late=Count("pk", filter=Q(auto_kind=Finding.AutoKind.REPORT_LATE)),
        )
        .order_by("section__unit__order", "section__order", "section_id")
    )
    return [
        {
            "section": row["section__name"],
            "done_late": row["done_late"],
            "report_late": row["report_late"],
        }
        for row in rows
    ]


def notice_data(
    *, year: int, week: int, config: dict[str, Any], unit_id: int | None
) -> dict[str, Any]:
    """The compiled tables of one ISO week for one unit, or for the city when ``unit_id`` is
    None (7 queries whatever the size of the office)."""
    start, end = week_bounds(year, week)
    first, last = week_dates(year, week)
    by_section = _by_section(start, end, unit_id)
    attendance, attendance_pending = _attendance_anomalies(first, last, unit_id)
    return {
        "year": year,
        "week": week,
        "first": cn_date(first),
        "last": cn_date(last),
        "total": sum(row["count"] for row in by_section),
        "by_section": by_section,
        "by_category": _by_category(start, end, unit_id),
        "findings": _named_findings(start, end, unit_id),
        "repeat_offenders": _repeat_offenders(
            end,
            unit_id,
            weeks=config["repeat_offender_weeks"],
            min_weeks=config["repeat_offender_min_weeks"],
        ),
        "open_rectifications": _open_rectifications(end, unit_id),
        "attendance": attendance,
        "attendance_pending": attendance_pending,
        "instructions": _instruction_lapses(first, last, unit_id),
    }


def named_unconfirmed(
    *,
    data: dict[str, Any],
    prose: str,
    year: int,
    week: int,
    unit_id: int | None,
    config: dict[str, Any],
) -> str | None:
    """Who a draft names without a confirmed case, as "姓名（问题）", or None. Rows are checked
    against the findings as they are now (one taken back since the compile is caught), 反面典型
    against a fresh count, and the prose against the people whose cases wait for 认定 (3
    queries). A row that carries no finding cannot be checked, so it counts as unconfirmed."""
    first, last = week_dates(year, week)
    rows = [
        row
        for key in ("findings", "attendance", "open_rectifications")
        for row in data.get(key, [])
    ]
    if any(not isinstance(row.get("id"), int) for row in rows):
        return "无法核对的点名内容"
    ids = {row["id"] for row in rows}
    unconfirmed = (
        Finding.objects.filter(pk__in=ids)
        .exclude(nameable(first, last))
        .select_related("staff", "section")
        .order_by("pk")
        .first()
    )
    if unconfirmed is not None:
        who = unconfirmed.staff.name if unconfirmed.staff_id else unconfirmed.section.name
        return f"{who}（{unconfirmed.description}）"
    start, end = week_bounds(year, week)
    offenders = _repeat_offenders(
        end,
        unit_id,
        weeks=config["repeat_offender_weeks"],
        min_weeks=config["repeat_offender_min_weeks"],
    )
    still = {(r["staff_id"], r["person"]) for r in offenders}
    for row in data.get("repeat_offenders", []):
        if (row.get("staff_id"), row["person"]) not in still:
            return f"{row['person']}（反面典型）"
    named = {
        row.get("person")
        for key in ("findings", "attendance", "repeat_offenders", "open_rectifications")
        for row in data.get(key, [])
    }
    waiting = (
        Finding.objects.filter(_of_unit(unit_id), staff__isnull=False)
        .filter(Q(occurred_at__gte=start, occurred_at__lt=end) | Q(auto_day__range=(first, last)))
        .exclude(status=Finding.Status.DISMISSED)
        .exclude(nameable(first, last))
        .values_list("staff__name", "description")
        .order_by("pk")
    )
    for name, description in waiting:
        if name not in named and name in prose:
            return f"{name}（{description}）"
    return None
