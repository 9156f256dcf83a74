"""督查问题台账: the findings of a period with their item, person, section, status and
rectification, as the viewer may see them (the finding rule of inspections.selectors); and a
self-inspection's 完成情况, started from its completion page (not listed on 报表导出)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from inspections.dates import cn_datetime
from inspections.models import Finding, SelfInspectionCampaign, SelfInspectionReport
from inspections.selectors import (
    campaign_completion,
    campaign_or_404,
    can_follow_campaign,
    finding_visibility,
    sees_all_findings,
)
from office.exports import Column, Sheet
from office.models import Section
from office.org import Viewer
from office.reports import Params, Report, Scope

CHUNK = 2000
STATUSES = dict(Finding.Status.choices)
SOURCES = dict(Finding.Source.choices)


class FindingLedger(Report):
    slug = "finding_ledger"
    label = "督查问题台账"
    period = "range"

    def may_run(self, viewer: Viewer) -> bool:
        """督导小组 and the director (the unit), chiefs and deputies (their sections); 政工科
        sees no finding (PRODUCT.md §3)."""
        return sees_all_findings(viewer) or bool(viewer.managed_section_ids)

    def sections(self, viewer: Viewer) -> QuerySet[Section]:
        if sees_all_findings(viewer):
            return Section.objects.filter(viewer.unit_filter())
        return Section.objects.filter(pk__in=viewer.managed_section_ids)

    def _findings(self, scope: Scope) -> Any:
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(scope.params.start, dt.time.min, zone)
        end = dt.datetime.combine(scope.params.end + dt.timedelta(days=1), dt.time.min, zone)
        return Finding.objects.filter(
            finding_visibility(scope.viewer),
            section_id__in=scope.section_ids,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )

    def count(self, scope: Scope) -> int:
        return self._findings(scope).count()

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        values = (
            self._findings(scope)
            .order_by("occurred_at", "pk")
            .values_list(
                "occurred_at",
                "section__name",
                "staff__staff_no",
                "staff__name",
                "item__category__name",
                "item__code",
                "item__text",
                "description",
                "source",
                "status",
                "rectify_deadline",
                "rectification_feedback",
                "dismiss_reason",
            )
            .iterator(chunk_size=CHUNK)
        )
        rows = (
            [
                number,
                timezone.localtime(at),
                section,
                staff_no or "",
                name or "（科室）",
                category,
                f"{code} {text}",
                description,
                SOURCES.get(source, source),
                STATUSES.get(status, status),
                deadline,
                feedback or dismissed,
            ]
            for number, (
                at,
                section,
                staff_no,
                name,
                category,
                code,
                text,
                description,
                source,
                status,
                deadline,
                feedback,
                dismissed,
            ) in enumerate(values, start=1)
        )
        columns = [
            Column("序号", width=4),
            Column("发现时间", width=16),
            Column("科室", width=8),
            Column("工号", width=6),
            Column("姓名", width=8),
            Column("类别", width=8),
            Column("检查项目", width=24, wrap=True),
            Column("问题描述", width=30, wrap=True),
            Column("来源", width=8),
            Column("状态", width=6),
            Column("整改期限", width=11),
            Column("整改情况", width=30, wrap=True),
        ]
        yield Sheet(
            "督查问题台账",
            columns,
            rows,
            heading=f"{scope.name} {scope.params.period_text}督查问题台账",
            foot=("制表人：", "督导小组审核："),
        )


class CampaignCompletion(Report):
    """One self-inspection's people with their report's status, as the viewer may follow them
    (chiefs: their sections; 督导小组 and the director: the campaign's whole scope)."""

    slug = "campaign_completion"
    label = "完成情况"
    listed = False

    def may_run(self, viewer: Viewer) -> bool:
        return can_follow_campaign(viewer)

    def sections(self, _viewer: Viewer) -> QuerySet[Section]:
        """None: the sheet lists people, and the campaign's scope decides whom."""
        return Section.objects.none()

    def subject(self, viewer: Viewer, params: Params) -> SelfInspectionCampaign:
        return campaign_or_404(viewer, params.subject_id or 0)

    def count(self, scope: Scope) -> int:
        return campaign_completion(scope.viewer, scope.subject).count()

    def title(self, scope: Scope) -> str:
        return f"{scope.subject.title}-完成情况"

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        campaign = scope.subject
        labels = dict(SelfInspectionReport.Status.choices)
        # Plain tuples, not 10,000 Staff and Section objects: the sheet needs five values a row.
        values = (
            campaign_completion(scope.viewer, campaign)
            .order_by("section__order", "staff_no")
            .values_list("section__name", "staff_no", "name", "report_status", "submitted_at")
        )
        rows = (
            [section, staff_no, name, labels.get(status, "未填写"), cn_datetime(at) if at else ""]
            for section, staff_no, name, status, at in values.iterator(chunk_size=CHUNK)
        )
        yield Sheet(
            "完成情况",
            ["科室", "工号", "姓名", "状态", "提交时间"],
            rows,
            (14, 10, 10, 8, 18),
            heading=f"{campaign.title} 完成情况",
            foot=("制表人：", "审核："),
        )


def completion_params(campaign: SelfInspectionCampaign) -> Params:
    """The export's parameters for one campaign; the period is its deadline day (the sheet is
    the state of the reports when it is written; a single day is never a closed month's
    stored export)."""
    return Params(campaign.deadline, campaign.deadline, subject_id=campaign.pk)
