"""The 督导检查 card on the "我的" page and the inspection lines of the role queue ("待办"),
registered in apps.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from inspections.dates import previous_week
from inspections.models import Finding, SelfInspectionReport, WeeklyNotice
from inspections.selectors import campaigns, latest_published_notice
from office import config
from office.home import QueueItem, leader_filter
from office.org import Viewer

OPEN_STATES = (Finding.Status.CONFIRMED, Finding.Status.RECTIFYING)


def home_panel(viewer: Viewer) -> dict[str, Any] | None:
    """Latest notice, my open findings, my section's findings to rectify, my pending reports."""
    context: dict[str, Any] = {"notice": latest_published_notice(viewer), "pending_campaigns": []}
    if viewer.staff is not None:
        context["open_findings"] = Finding.objects.filter(
            staff=viewer.staff, status__in=OPEN_STATES
        ).count()
        submitted = SelfInspectionReport.objects.filter(
            staff=viewer.staff, status=SelfInspectionReport.Status.SUBMITTED
        ).values("campaign_id")
        context["pending_campaigns"] = list(
            campaigns(viewer)
            .filter(deadline__gte=timezone.localdate())
            .exclude(pk__in=submitted)
            .order_by("deadline")[:3]
        )
    if viewer.led_section_ids:
        context["to_rectify"] = Finding.objects.filter(
            section_id__in=viewer.led_section_ids, status=Finding.Status.RECTIFYING
        ).count()
    return context


def queue(viewer: Viewer) -> list[QueueItem]:
    """Leaders: their sections' open rectifications. 督导小组: findings to confirm,
    rectifications past their deadline, this week's draft notice."""
    items = []
    today = timezone.localdate()
    leads = leader_filter(viewer)
    if leads is not None:
        open_ones = Finding.objects.filter(leads, status__in=OPEN_STATES)
        url = (
            reverse("inspections:rectification_list")
            if viewer.led_section_ids
            else f"{reverse('inspections:finding_list')}?status={Finding.Status.RECTIFYING}"
        )
        items.append(QueueItem("待整改的督查问题", open_ones, url))
    if viewer.is_inspector and viewer.unit_id is not None:
        unit = Finding.objects.filter(viewer.unit_filter("section__"))
        counts = unit.aggregate(
            candidates=Count("pk", filter=Q(status=Finding.Status.CANDIDATE)),
            recorded=Count("pk", filter=Q(status=Finding.Status.RECORDED)),
            overdue=Count(
                "pk",
                filter=Q(status=Finding.Status.RECTIFYING, rectify_deadline__lt=today),
            ),
        )
        listed = reverse("inspections:finding_list")
        items += [
            QueueItem("自动线索待认定", counts["candidates"], f"{listed}?status=candidate"),
            QueueItem("已登记待确认", counts["recorded"], f"{listed}?status=recorded"),
            QueueItem("整改逾期", counts["overdue"], f"{listed}?status=rectifying"),
            _notice_item(viewer.unit_id),
        ]
    return items


def _notice_item(unit_id: int) -> QueueItem:
    """This week's notice (of last week's findings): its draft to publish, or when the job
    compiles it."""
    now = timezone.now()
    year, week = previous_week(now)
    notice = WeeklyNotice.objects.filter(unit_id=unit_id, year=year, week=week).first()
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    due = dt.datetime.combine(
        monday + dt.timedelta(days=config.get("notice_weekday")),
        dt.time(config.get("notice_hour")),
    )
    when = f"{due.month}月{due.day}日 {due:%H:%M}"
    if notice is None:
        late = timezone.localtime(now).replace(tzinfo=None) >= due
        note = f"尚未汇编（应于{when}汇编）" if late else f"{when}自动汇编"
        return QueueItem(f"第{week}周通报", 0, reverse("inspections:notice_list"), note)
    url = reverse("inspections:notice_detail", args=[notice.pk])
    if notice.status == WeeklyNotice.Status.PUBLISHED:
        return QueueItem(f"第{week}周通报", 0, url, "已发布")
    return QueueItem(f"第{week}周通报草稿待发布", 1, url, f"{when}汇编")
