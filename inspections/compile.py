"""What a weekly notice says: the week's figures, read with a fixed number of queries.

Everything is aggregated in the database, so the query count is the same for 100 or 10,000
staff (or 30 units); the result is plain JSON that a published notice keeps frozen. A unit's
notice reads the findings of its sections, the city notice (``unit_id`` None) every unit's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from inspections.dates import SHANGHAI, cn_date, cn_datetime, week_bounds, week_dates
from inspections.models import Category, Finding


def _of_unit(unit_id: int | None, prefix: str = "") -> Q:
    """Findings of the unit's sections; every finding for the city notice."""
    return Q() if unit_id is None else Q(**{f"{prefix}section__unit_id": unit_id})


def _confirmed_between(start: dt.datetime, end: dt.datetime, unit_id: int | None) -> Q:
    return _of_unit(unit_id) & Q(
        status__in=Finding.CONFIRMED_STATES, occurred_at__gte=start, occurred_at__lt=end
    )


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
    findings = (
        Finding.objects.filter(_confirmed_between(start, end, unit_id))
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
) -> list[dict[str, Any]]:
    """The week's 考勤自动 findings (candidates included, dismissed ones not)."""
    findings = (
        Finding.objects.filter(
            _of_unit(unit_id), source=Finding.Source.ATTENDANCE, auto_day__range=(first, last)
        )
        .exclude(status=Finding.Status.DISMISSED)
        .select_related("staff", "section")
        .order_by("section__unit__order", "section__order", "staff_id", "auto_day", "pk")
    )
    return [
        {
            "id": f.pk,
            "person": f.staff.name if f.staff_id else "",
            "section": f.section.name,
            "kind": f.get_auto_kind_display(),
            "day": cn_date(f.auto_day),
            "description": f.description,
            "status": f.get_status_display(),
        }
        for f in findings
    ]


def notice_data(
    *, year: int, week: int, config: dict[str, Any], unit_id: int | None
) -> dict[str, Any]:
    """The compiled tables of one ISO week for one unit, or for the city when ``unit_id`` is
    None (6 queries whatever the size of the office)."""
    start, end = week_bounds(year, week)
    first, last = week_dates(year, week)
    by_section = _by_section(start, end, unit_id)
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
        "attendance": _attendance_anomalies(first, last, unit_id),
    }
