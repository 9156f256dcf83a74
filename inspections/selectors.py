"""Reads for the inspections app, with who-may-see-what applied here so no view forgets it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from attendance.dashboard import NOT_EXPECTED_STATUSES, PRESENT_STATUSES, halves
from attendance.models import AttendanceDay, DayStatus
from inspections.dates import week_bounds
from inspections.models import (
    Category,
    Finding,
    FindingPhoto,
    InspectionRound,
    SelfInspectionCampaign,
    SelfInspectionReport,
    WeeklyNotice,
)
from office.models import Staff, Unit
from office.org import Viewer


def sees_all_findings(viewer: Viewer) -> bool:
    """督导小组, the director and the administrator see every finding of their unit (市级督查
    and 市级领导 of every unit); 政工科 does not."""
    return viewer.runs_inspections or viewer.is_director or viewer.is_city_leader


def finding_visibility(viewer: Viewer) -> Q:
    """The one rule (PRODUCT.md §3): a finding is visible to its person, the chief and deputy
    of its section, the director and 督导小组 — nobody else. A section-only finding has no
    person, so only the section's leaders (and those who see all) match it."""
    if sees_all_findings(viewer):
        return viewer.unit_filter("section__")
    visible = Q(pk__in=[])
    if viewer.staff is not None:
        visible |= Q(staff_id=viewer.staff.pk)
    if viewer.managed_section_ids:
        visible |= Q(section_id__in=viewer.managed_section_ids)
    return visible


def findings_visible(viewer: Viewer) -> QuerySet[Finding]:
    return Finding.objects.filter(finding_visibility(viewer)).select_related(
        "staff", "section", "item__category"
    )


CONFIRMED_ANY = "confirmed_any"  # a status filter: what the notice and the 统计看板 count


def findings_filtered(
    viewer: Viewer,
    *,
    week: tuple[int, int] | None = None,
    section_id: int | None = None,
    item_id: int | None = None,
    status: str = "",
    month: dt.date | None = None,
    category_id: int | None = None,
) -> QuerySet[Finding]:
    findings = findings_visible(viewer)
    if month is not None:
        findings = findings.filter(
            occurred_at__gte=month_start(month), occurred_at__lt=month_start(next_month(month))
        )
    if category_id:
        findings = findings.filter(item__category_id=category_id)
    if week is not None:
        start, end = week_bounds(*week)
        findings = findings.filter(occurred_at__gte=start, occurred_at__lt=end)
    if section_id:
        findings = findings.filter(section_id=section_id)
    if item_id:
        findings = findings.filter(item_id=item_id)
    if status == CONFIRMED_ANY:
        findings = findings.filter(status__in=Finding.CONFIRMED_STATES)
    elif status:
        findings = findings.filter(status=status)
    return findings


def month_start(day: dt.date) -> dt.datetime:
    """Midnight of the first of ``day``'s month, on the office's clock."""
    return timezone.make_aware(dt.datetime.combine(day.replace(day=1), dt.time.min))


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def finding_for_viewer(viewer: Viewer, finding_id: int) -> Finding:
    """One finding the viewer may see; 404 otherwise (no existence leak)."""
    finding = findings_visible(viewer).select_related("round").filter(pk=finding_id).first()
    if finding is None:
        raise Http404("没有找到这条督查发现，或您无权查看。")
    return finding


def photo_for_viewer(viewer: Viewer, photo_id: int) -> FindingPhoto:
    visible = Finding.objects.filter(finding_visibility(viewer)).values("pk")
    photo = FindingPhoto.objects.filter(pk=photo_id, finding_id__in=visible).first()
    if photo is None:
        raise Http404("没有找到这张照片，或您无权查看。")
    return photo


def findings_to_rectify(viewer: Viewer) -> QuerySet[Finding]:
    """整改: the confirmed findings of the sections this chief leads that still need feedback."""
    return (
        Finding.objects.filter(finding_visibility(viewer))
        .filter(
            section_id__in=viewer.led_section_ids,
            status__in=[Finding.Status.CONFIRMED, Finding.Status.RECTIFYING],
        )
        .select_related("staff", "section", "item__category")
        .order_by("rectify_deadline", "occurred_at", "pk")
    )


def rounds(viewer: Viewer) -> QuerySet[InspectionRound]:
    """检查轮次 with their inspectors and sections (for 督导小组, who sees every round of its
    unit: one that checks a section of it or that one of it started)."""
    of_unit = InspectionRound.objects.filter(
        viewer.unit_filter("sections__") | viewer.unit_filter("created_by__staff__section__")
    )
    return InspectionRound.objects.filter(pk__in=of_unit.values("pk")).prefetch_related(
        "inspectors", "sections"
    )


def round_for_inspector(viewer: Viewer, round_id: int) -> InspectionRound:
    inspection_round = rounds(viewer).filter(pk=round_id).first()
    if inspection_round is None:
        raise Http404("没有找到这个检查轮次。")
    return inspection_round


def checklist() -> QuerySet[Category]:
    """The 31 items by category, for everyone."""
    return Category.objects.prefetch_related("items")


# --- notices ------------------------------------------------------------------------------------


def _own_unit_or_city(viewer: Viewer) -> Q:
    """Rows of the viewer's unit or of the city (``unit`` empty); every row for city roles.
    (Spelled out: ``Q(…) | Q()`` would drop the empty Q and keep only the city's rows.)"""
    if viewer.is_city:
        return Q()
    return Q(unit__isnull=True) | viewer.unit_filter()


def notice_visibility(viewer: Viewer) -> Q:
    """Published: the city notice for everyone, a unit's for its people (every unit's for city
    roles). Drafts: for those who edit the series (``notice_series_refusal``)."""
    published = Q(status=WeeklyNotice.Status.PUBLISHED) & _own_unit_or_city(viewer)
    if not viewer.runs_inspections:
        return published
    drafts = viewer.unit_filter() if not viewer.is_city else Q()
    return published | (Q(status=WeeklyNotice.Status.DRAFT) & drafts)


def notices_visible(viewer: Viewer) -> QuerySet[WeeklyNotice]:
    return WeeklyNotice.objects.filter(notice_visibility(viewer)).defer("data")


def notice_for_viewer(viewer: Viewer, notice_id: int) -> WeeklyNotice:
    """One notice the viewer may read; 404 otherwise (another unit's is not said to exist)."""
    notice = WeeklyNotice.objects.filter(notice_visibility(viewer), pk=notice_id).first()
    if notice is None:
        raise Http404("没有找到这期通报。")
    return notice


def latest_published_notice(viewer: Viewer) -> WeeklyNotice | None:
    return (
        notices_visible(viewer)
        .filter(status=WeeklyNotice.Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )


def several_units() -> bool:
    """More than one unit: only then do pages name a notice's or a campaign's unit."""
    return Unit.objects.all()[:2].count() > 1


def notice_series_default(viewer: Viewer) -> int | None:
    """The series a compile button means: the viewer's unit; for city roles the city notice,
    or the one unit of a single-unit office."""
    if not viewer.is_city:
        return viewer.unit_id
    units = list(Unit.objects.values_list("pk", flat=True)[:2])
    return units[0] if len(units) == 1 else None


# --- self-inspection ----------------------------------------------------------------------------


def campaigns(viewer: Viewer) -> QuerySet[SelfInspectionCampaign]:
    """The city's campaigns and the viewer's unit's (every unit's for city roles)."""
    return SelfInspectionCampaign.objects.filter(_own_unit_or_city(viewer))


def campaign_or_404(viewer: Viewer, campaign_id: int) -> SelfInspectionCampaign:
    """Everyone in a campaign's scope may open it (each reports on themselves)."""
    campaign = campaigns(viewer).filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404("没有找到这次自查自纠活动。")
    return campaign


def my_report_statuses(viewer: Viewer, campaign_ids: list[int]) -> dict[int, str]:
    """{campaign id: my report's status} for the campaigns listed; empty without a person."""
    if viewer.staff is None:
        return {}
    return dict(
        SelfInspectionReport.objects.filter(
            staff=viewer.staff, campaign__in=campaign_ids
        ).values_list("campaign_id", "status")
    )


def my_report(viewer: Viewer, campaign: SelfInspectionCampaign) -> SelfInspectionReport | None:
    if viewer.staff is None:
        return None
    return (
        SelfInspectionReport.objects.filter(campaign=campaign, staff=viewer.staff)
        .prefetch_related("items")
        .first()
    )


def campaign_scope(campaign: SelfInspectionCampaign) -> QuerySet[Staff]:
    """Who must report on a campaign: every staff member of its unit (of every unit for a city
    campaign) currently 在岗."""
    people = Staff.objects.filter(status=Staff.Status.ACTIVE)
    if campaign.unit_id is not None:
        people = people.filter(section__unit_id=campaign.unit_id)
    return people


def campaign_completion(
    viewer: Viewer, campaign: SelfInspectionCampaign, *, pending_only: bool = False
) -> QuerySet[Staff]:
    """The people of the campaign the viewer may follow, each with their report's status.

    ``pending_only`` keeps those who have not submitted: a draft, or no report at all (whose
    status is NULL, which a plain ``exclude(report_status=…)`` would drop)."""
    people = campaign_scope(campaign).filter(viewer.unit_filter("section__"))
    if not sees_all_findings(viewer):
        people = people.filter(section_id__in=viewer.managed_section_ids)
    # One LEFT JOIN on the person's report for this campaign (at most one: a unique constraint)
    # rather than a subquery per column per person.
    people = people.select_related("section").annotate(
        report=FilteredRelation("self_reports", condition=Q(self_reports__campaign=campaign)),
        report_status=F("report__status"),
        submitted_at=F("report__submitted_at"),
    )
    if pending_only:
        people = people.filter(
            Q(report_status__isnull=True) | ~Q(report_status=SelfInspectionReport.Status.SUBMITTED)
        )
    return people


def completion_counts(people: QuerySet[Staff]) -> dict[str, int]:
    return people.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(report_status=SelfInspectionReport.Status.SUBMITTED)),
    )


def can_follow_campaign(viewer: Viewer) -> bool:
    return sees_all_findings(viewer) or bool(viewer.managed_section_ids)


@dataclass
class UnitMonth:
    """One unit's line of 全市概况 for a month."""

    unit: Unit
    people: int = 0
    expected_halves: int = 0
    present_halves: int = 0
    late: int = 0
    early: int = 0
    absent: int = 0
    findings: list[int] = field(default_factory=list)

    @property
    def expected_days(self) -> float:
        return self.expected_halves / 2

    @property
    def rate(self) -> float | None:
        """出勤率 in percent: present half-days / expected working half-days."""
        if not self.expected_halves:
            return None
        return round(100 * self.present_halves / self.expected_halves, 1)


def city_overview(first: dt.date, today: dt.date) -> tuple[list[Category], list[UnitMonth]]:
    """Per unit, the month of ``first`` up to ``today``: people, attendance from the stored
    AttendanceDay rows and confirmed findings by category. Four queries, however many units."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    units = Unit.objects.annotate(
        people_count=Count(
            "sections__members",
            filter=~Q(sections__members__status=Staff.Status.LEFT),
            distinct=True,
        )
    ).order_by("order", "id")
    rows = {u.pk: UnitMonth(unit=u, people=u.people_count) for u in units}
    days = (
        AttendanceDay.objects.filter(date__gte=first, date__lte=min(last, today))
        .values("staff__section__unit")
        .annotate(
            expected=halves(NOT_EXPECTED_STATUSES, exclude=True),
            present=halves(PRESENT_STATUSES),
            late=halves((DayStatus.LATE,)),
            early=halves((DayStatus.EARLY,)),
            absent=halves((DayStatus.ABSENT,)),
        )
        .order_by()
    )
    for day in days:
        row = rows.get(day["staff__section__unit"])
        if row is not None:
            row.expected_halves, row.present_halves = day["expected"], day["present"]
            row.late, row.early, row.absent = day["late"], day["early"], day["absent"]
    categories = list(Category.objects.order_by("order", "id"))
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    counts = {
        (f["section__unit"], f["item__category"]): f["n"]
        for f in Finding.objects.filter(
            occurred_at__gte=start, occurred_at__lt=end, status__in=Finding.CONFIRMED_STATES
        )
        .values("section__unit", "item__category")
        .annotate(n=Count("pk"))
        .order_by()
    }
    for row in rows.values():
        row.findings = [counts.get((row.unit.pk, c.pk), 0) for c in categories]
    return categories, list(rows.values())
