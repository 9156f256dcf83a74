"""自查自纠: campaigns, personal reports (draft → submitted, then read-only), reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inspections.dates import cn_date
from inspections.errors import InspectionError
from inspections.models import (
    Item,
    SelfInspectionCampaign,
    SelfInspectionReminder,
    SelfInspectionReport,
)
from inspections.selectors import campaign_scope
from inspections.services.findings import inspector_refusal
from office import config
from office.audit import records_actor
from office.calendar import date_refusal
from office.models import Staff
from office.notifications import notify
from office.org import Viewer, viewer_for
from office.text import length_refusal


def _campaign_url(campaign: SelfInspectionCampaign) -> str:
    return reverse("inspections:campaign_detail", args=[campaign.pk])


def campaign_unit_refusal(viewer: Viewer) -> str | None:
    """A unit's 督导小组 starts campaigns for its unit, 市级督查 for the whole city."""
    if refusal := inspector_refusal(viewer):
        return refusal
    if not viewer.is_city and viewer.unit_id is None:
        return "您的账号未关联单位，不能发起自查自纠。"
    return None


@records_actor
@transaction.atomic
def campaign_create(
    *, title: str, intro: str, deadline: dt.date, acting_user: AbstractBaseUser
) -> SelfInspectionCampaign:
    """A campaign of the creator's unit, or of the city when a city role starts it."""
    viewer = viewer_for(acting_user)
    if refusal := campaign_unit_refusal(viewer):
        raise InspectionError(refusal)
    if not title.strip():
        raise InspectionError("请填写活动标题。")
    if deadline < timezone.localdate():
        raise InspectionError("截止日期不能早于今天。")
    refusal = date_refusal(deadline, "截止日期") or length_refusal(
        SelfInspectionCampaign, title=title.strip(), intro=intro
    )
    if refusal:
        raise InspectionError(refusal)
    campaign = SelfInspectionCampaign.objects.create(
        unit_id=None if viewer.is_city else viewer.unit_id,
        title=title.strip(),
        intro=intro,
        deadline=deadline,
        created_by=acting_user,
    )
    notify(
        user_ids=campaign_scope(campaign).values_list("user_id", flat=True),
        title=f"请于{cn_date(deadline)}前完成自查自纠：{campaign.title}",
        body="对照31项具体问题逐项查摆，撰写个人自查报告。",
        url=_campaign_url(campaign),
        acting_user=acting_user,
    )
    return campaign


@records_actor
@transaction.atomic
def report_save(
    *,
    campaign: SelfInspectionCampaign,
    staff: Staff,
    items: Iterable[Item],
    report: str,
    submit: bool,
    acting_user: AbstractBaseUser,
) -> SelfInspectionReport:
    """Save one's own report as a draft, or submit it; a submitted report is read-only."""
    if staff.user_id != acting_user.pk:
        raise InspectionError("只能填写本人的自查报告。")
    if not campaign_scope(campaign).filter(pk=staff.pk).exists():
        raise InspectionError("您不在本次自查自纠范围内。")
    SelfInspectionReport.objects.get_or_create(campaign=campaign, staff=staff)
    locked = SelfInspectionReport.objects.select_for_update().get(campaign=campaign, staff=staff)
    if locked.status == SelfInspectionReport.Status.SUBMITTED:
        raise InspectionError("自查报告已提交，不能再修改。")
    if submit and not report.strip():
        raise InspectionError("提交前请撰写自查报告。")
    if refusal := length_refusal(SelfInspectionReport, report=report.strip()):
        raise InspectionError(refusal)
    locked.report = report.strip()
    if submit:
        locked.status = SelfInspectionReport.Status.SUBMITTED
        locked.submitted_at = timezone.now()
    locked.save()
    locked.items.set(items)
    return locked


@records_actor
def self_inspection_remind(*, today: dt.date, acting_user: AbstractBaseUser | None) -> int:
    """Remind those who have not submitted, once per campaign and person, when the deadline
    is ``self_inspection_remind_days`` away or nearer (the setting of the person's unit).
    Returns how many were reminded."""
    settings = config.values()
    key = "self_inspection_remind_days"
    days = max([settings.city[key], *(o.get(key, 0) for o in settings.overrides.values())])
    due = SelfInspectionCampaign.objects.filter(
        deadline__gte=today, deadline__lte=today + dt.timedelta(days=days)
    )
    reminded = 0
    for campaign_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # Locked so two runs of the job cannot both remind the same people.
            campaign = SelfInspectionCampaign.objects.select_for_update().get(pk=campaign_id)
            pending = (
                campaign_scope(campaign)
                .exclude(
                    pk__in=SelfInspectionReport.objects.filter(
                        campaign=campaign, status=SelfInspectionReport.Status.SUBMITTED
                    ).values("staff_id")
                )
                .exclude(pk__in=campaign.reminders.values("staff_id"))
                .values_list("pk", "user_id", "section_id")
            )
            left = (campaign.deadline - today).days
            pending = [
                (pk, user_id)
                for pk, user_id, section_id in pending
                if left <= settings.of_section(section_id)[key]
            ]
            SelfInspectionReminder.objects.bulk_create(
                [SelfInspectionReminder(campaign=campaign, staff_id=pk) for pk, _ in pending],
                ignore_conflicts=True,
            )
            notify(
                user_ids=[user_id for _, user_id in pending],
                title=f"自查自纠将于{cn_date(campaign.deadline)}截止，请尽快提交",
                body=campaign.title,
                url=_campaign_url(campaign),
                acting_user=acting_user,
            )
            reminded += len(pending)
    return reminded
