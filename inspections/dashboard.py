"""Inspection charts of the 统计看板 (registered in apps.py): findings by category and by
section, rectification on time, self-inspection completion. Each a GROUP BY or two."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse

from inspections.models import Category, Finding, SelfInspectionReport
from inspections.selectors import (
    CONFIRMED_ANY,
    campaign_completion,
    campaigns,
    month_start,
    next_month,
    sees_all_findings,
)
from office.dashboard import ChartData, Scope, by_section, percent
from office.org import Viewer


def may_see_findings(viewer: Viewer) -> bool:
    """The dashboard's findings charts follow who sees findings: not 政工科 (PRODUCT.md §3)."""
    return sees_all_findings(viewer) or bool(viewer.managed_section_ids)


def _narrowed(viewer: Viewer, scope: Scope) -> Scope:
    """Who sees findings only of the sections they lead (a 政工科 who is also a chief) gets
    only those, whatever the rest of the dashboard shows them."""
    if sees_all_findings(viewer):
        return scope
    sections = {pk: name for pk, name in scope.sections.items() if pk in viewer.managed_section_ids}
    return replace(scope, sections=sections)


def _confirmed_in_month(scope: Scope):  # noqa: ANN202
    return Finding.objects.filter(
        section_id__in=scope.section_ids,
        status__in=Finding.CONFIRMED_STATES,
        occurred_at__gte=month_start(scope.first),
        occurred_at__lt=month_start(next_month(scope.first)),
    ).order_by()


def _list_link(scope: Scope, **params: object) -> str:
    query = {"month": scope.month, "status": CONFIRMED_ANY, **params}
    if len(scope.sections) == 1 and "section" not in params:
        query["section"] = scope.section_ids[0]
    return f"{reverse('inspections:finding_list')}?{urlencode(query)}"


def findings_by_category(viewer: Viewer, scope: Scope) -> ChartData:
    """Confirmed findings (确认, 整改中, 已整改) that occurred in the month, by the category of
    their item. Two queries."""
    scope = _narrowed(viewer, scope)
    categories = list(Category.objects.order_by("order", "pk").values_list("pk", "name"))
    counts = dict(
        _confirmed_in_month(scope)
        .values("item__category")
        .annotate(n=Count("pk"))
        .values_list("item__category", "n")
    )
    return ChartData(
        categories=[name for _, name in categories],
        series=[{"name": "问题数", "data": [counts.get(pk, 0) for pk, _ in categories]}],
        links=[_list_link(scope, category=pk) for pk, _ in categories],
        unit="条",
        horizontal=True,
        note="本月发生、已确认的督查发现（含整改中、已整改）。",
    )


def findings_by_section(viewer: Viewer, scope: Scope) -> ChartData:
    """Confirmed findings that occurred in the month, by section (or unit, over many). One
    query."""
    scope = _narrowed(viewer, scope)
    rows = {
        r.pop("section"): r
        for r in _confirmed_in_month(scope).values("section").annotate(n=Count("pk"))
    }
    return by_section(
        scope,
        rows,
        series=[("问题数", lambda c: c.get("n", 0))],
        link=lambda pk: _list_link(scope, section=pk),
        worst="问题数最多",
        ascending=False,
        unit="条",
        note="本月发生、已确认的督查发现（含整改中、已整改）。",
    )


def rectification_on_time(viewer: Viewer, scope: Scope) -> ChartData:
    """Of the findings whose 整改期限 fell in the month (up to today), the share closed with
    feedback by the deadline, by section (or unit, over many). A closed finding is never
    changed again, so its ``updated_at`` is when the feedback closed it. One query."""
    scope = _narrowed(viewer, scope)
    closed = Q(status=Finding.Status.CLOSED)
    on_time = closed & Q(updated_at__date__lte=F("rectify_deadline"))
    rows = {
        r.pop("section"): r
        for r in Finding.objects.filter(
            section_id__in=scope.section_ids,
            rectify_deadline__range=(scope.first, scope.last),
        )
        .filter(closed | Q(rectify_deadline__lt=scope.today))
        .order_by()
        .values("section")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=on_time))
    }
    return by_section(
        scope,
        rows,
        series=[("按期整改率", lambda c: percent(c.get("on_time", 0), c.get("due", 0)))],
        link=lambda pk: f"{reverse('inspections:finding_list')}?{urlencode({'section': pk})}",
        worst="按期整改率最低",
        ascending=True,
        unit="%",
        note="整改期限在本月（已到期或已整改）的问题中，按期提交整改反馈的比例。",
    )


def selfcheck_completion(viewer: Viewer, scope: Scope) -> ChartData:
    """Of the latest 自查自纠 campaign started by the month's end, the share of each section's
    people who submitted their report. Two queries (the campaign, the counts)."""
    scope = _narrowed(viewer, scope)
    campaign = (
        campaigns(viewer)
        .filter(created_at__lt=month_start(next_month(scope.first)))
        .order_by("-created_at", "-pk")
        .first()
    )
    if campaign is None:
        return ChartData(
            categories=[],
            series=[{"name": "完成率", "data": []}],
            unit="%",
            note="本月之前没有自查自纠活动。",
            horizontal=True,
        )
    rows = {
        r.pop("section_id"): r
        for r in campaign_completion(viewer, campaign)
        .filter(section_id__in=scope.section_ids)
        .order_by()
        .values("section_id")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(report_status=SelfInspectionReport.Status.SUBMITTED)),
        )
    }
    url = reverse("inspections:campaign_completion", args=[campaign.pk])
    return by_section(
        scope,
        rows,
        series=[("完成率", lambda c: percent(c.get("submitted", 0), c.get("total", 0)))],
        link=lambda pk: f"{url}?{urlencode({'section': pk})}",
        worst="完成率最低",
        ascending=True,
        unit="%",
        note=f"自查自纠：{campaign.title}（截止{campaign.deadline.month}月{campaign.deadline.day}日），已提交报告的比例。",
    )
