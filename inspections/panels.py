"""The 督导检查 card on the "我的" page (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from inspections.models import Finding, SelfInspectionReport
from inspections.selectors import campaigns, latest_published_notice
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
