"""Read queries for attendance pages, with the viewer's limits applied here. None writes.

Pages of stored day statuses count the taps not yet stored in on read (days_with_taps_counted:
one query when there are none), so a page is never behind the clock records and a GET changes
no row; the stored days follow from the minute job and the night close.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from attendance import door_selectors
from attendance.covers import covers_between
from attendance.dashboard import PRESENT_STATUSES
from attendance.engine import DayHours, pick_cover
from attendance.models import (
    AttendanceDay,
    AttendancePublication,
    ClockRecord,
    CorrectionRequest,
    DeviceChangeRequest,
    HeldClock,
    MakeUpRequest,
    MonthClose,
    OutingRequest,
)
from attendance.models.clock import DayStatus
from attendance.models.schedule import DEFAULT_SCHEDULE_NAME
from attendance.schedules import load_book
from attendance.services.clock import clock_opens_at
from attendance.services.status import Context, day_live, days_with_taps_counted
from office import calendar, config
from office.approvals.models import ApprovalStatus
from office.approvals.selectors import may_see
from office.calendar import month_bounds
from office.models import Section, Staff
from office.org import Viewer


def month_weeks(year: int, month: int, rows: dict) -> list[list[tuple[dt.date | None, object]]]:
    """The month as Monday-first weeks of (date, stored row) with blanks around it."""
    start, end = month_bounds(year, month)
    cells: list[tuple[dt.date | None, object]] = [(None, None)] * start.weekday()
    cells += [(day, rows.get(day)) for day in calendar.days(start, end)]
    cells += [(None, None)] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


@dataclass
class Today:
    day: dt.date
    working: bool
    hours: DayHours
    clocks: dict[str, ClockRecord]
    row: AttendanceDay | None
    opens_at: dt.time
    too_early: bool


def today_for(staff: Staff, now: dt.datetime) -> Today:
    """The clock-in page and the home card: today's hours, clocks and status as of now."""
    local = timezone.localtime(now)
    day = local.date()
    context = Context.load(day, day)
    clocks = list(ClockRecord.objects.filter(staff=staff, date=day))
    opens_at = clock_opens_at(context.settings)
    return Today(
        day=day,
        working=calendar.is_working(day, context.overrides),
        hours=context.hours_for(staff.pk, staff.section_id, day),
        clocks={c.point: c for c in clocks},
        row=day_live(staff=staff, day=day, clocks=clocks, context=context, now=now),
        opens_at=opens_at,
        too_early=local.time() < opens_at,
    )


def _stored_days(
    people: list[Staff], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], AttendanceDay | None]:
    """The people's stored days in the range with the taps not yet stored counted in."""
    rows: dict[tuple[int, dt.date], AttendanceDay | None] = {
        (row.staff_id, row.date): row
        for row in AttendanceDay.objects.filter(
            staff_id__in=[p.pk for p in people], date__range=(start, end)
        )
    }
    return days_with_taps_counted(
        rows=rows, people={p.pk: p.section_id for p in people}, start=start, end=end
    )


def month_rows(staff: Staff, year: int, month: int) -> dict[dt.date, AttendanceDay]:
    start, end = month_bounds(year, month)
    return {day: row for (_, day), row in _stored_days([staff], start, end).items() if row}


@dataclass
class GridRow:
    staff: Staff
    cells: list[AttendanceDay | None] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # Per day, what the day's taps prove (attendance.door_selectors.month_proof_marks).
    marks: list[str] = field(default_factory=list)

    @property
    def marked(self) -> list[tuple[AttendanceDay | None, str]]:
        return list(zip(self.cells, self.marks or [""] * len(self.cells), strict=True))

    @property
    def late_early(self) -> int:
        return self.counts.get(DayStatus.LATE, 0) + self.counts.get(DayStatus.EARLY, 0)

    @property
    def missing(self) -> int:
        return self.counts.get(DayStatus.MISSING, 0)

    @property
    def absent(self) -> int:
        return self.counts.get(DayStatus.ABSENT, 0)


def month_grid(sections: Iterable[Section], year: int, month: int) -> list[GridRow]:
    """One row per current member of the sections, one cell per day of the month: four
    queries (the people, their stored days, the clocks of days with taps not yet stored, the
    taps' proofs) when no tap is pending."""
    start, end = month_bounds(year, month)
    staff_qs = Staff.objects.filter(section__in=[s.pk for s in sections]).exclude(
        status=Staff.Status.LEFT
    )
    people = list(staff_qs.select_related("section").order_by("section__order", "staff_no"))
    by_key = _stored_days(people, start, end)
    marks = door_selectors.month_proof_marks([p.pk for p in people], start, end)
    grid = []
    for person in people:
        cells = [by_key.get((person.pk, day)) for day in calendar.days(start, end)]
        counts: dict[str, int] = defaultdict(int)
        for cell in cells:
            if cell is not None:
                for status in (cell.am_status, cell.pm_status):
                    counts[status] += 1
        proofs = [marks.get((person.pk, day), "") for day in calendar.days(start, end)]
        grid.append(GridRow(person, cells, dict(counts), proofs if marks else []))
    return grid


def unscheduled_count(viewer: Viewer, day: dt.date | None = None) -> int:
    """政工科's roster alert: active people of the unit whose schedule (their own, their
    section's, the unit's ``unit_schedule``, else 标准作息) names no schedule that exists, so
    the engine would fall back to bare default hours. The book is cached; two counts."""
    day = day or timezone.localdate()
    book = load_book()
    fallback = config.get("unit_schedule", viewer.unit_id) or DEFAULT_SCHEDULE_NAME

    def missing(name: object) -> bool:
        return name not in book.versions

    # A unit role's sections are on the viewer already; a city role's are read.
    sections = list(viewer.unit_section_ids) or list(
        Section.objects.filter(viewer.unit_filter()).values_list("pk", flat=True)
    )
    bare = [pk for pk in sections if missing(book.name_for(0, pk, day, fallback))]
    own = {pk: book.name_for(pk, 0, day, "-") for pk in book.by_staff}
    own = {pk: name for pk, name in own.items() if name != "-"}
    people = Staff.objects.filter(section_id__in=sections).exclude(status=Staff.Status.LEFT)
    in_bare = people.filter(section_id__in=bare).exclude(
        pk__in=[pk for pk, name in own.items() if not missing(name)]
    )
    badly_own = [pk for pk, name in own.items() if missing(name)]
    return in_bare.count() + people.exclude(section_id__in=bare).filter(pk__in=badly_own).count()


def section_or_404(section_id: int) -> Section:
    section = Section.objects.filter(pk=section_id).first()
    if section is None:
        raise Http404("没有找到这个科室。")
    return section


def sections_listed(viewer: Viewer, section_id: str = "") -> QuerySet[Section]:
    """Every section of the viewer's unit, or the one a "section" query parameter names
    (ignored when not a number)."""
    sections = Section.objects.filter(viewer.unit_filter())
    return sections.filter(pk=int(section_id)) if section_id.isdigit() else sections


def section_choices(viewer: Viewer) -> QuerySet:
    return Section.objects.filter(viewer.unit_filter()).values_list("pk", "name")


def board_sections(viewer: Viewer) -> QuerySet[Section]:
    """Sections whose 去向 the viewer may watch; 403 for plain staff."""
    if viewer.sees_whole_unit or viewer.runs_inspections:
        return Section.objects.filter(viewer.unit_filter())
    if viewer.managed_section_ids:
        return Section.objects.filter(pk__in=viewer.managed_section_ids)
    raise PermissionDenied("人员去向仅对科长、分管主任、主任、政工科和督导小组开放。")


@dataclass
class Whereabouts:
    staff: Staff
    state: str  # in / off / leave / outing / trip / rest / held / absent
    label: str


WHEREABOUTS_LABELS = {
    "in": "在岗",
    "off": "已下班",
    "leave": "请假",
    "outing": "外出",
    "trip": "公出",
    "rest": "休息",
    "held": "打卡待确认",
    "absent": "未打卡",
}


def _tap_held(day: dt.date) -> Exists:
    """On Staff: the person's latest tap of ``day`` came from a device not yet approved and waits
    for the chief (待认定), with no clock record after it: they did tap, so they are not 未打卡."""
    later = ClockRecord.objects.filter(
        staff_id=OuterRef(OuterRef("pk")), date=day, at__gt=OuterRef("at")
    )
    return Exists(
        HeldClock.objects.filter(
            change__applicant_id=OuterRef("pk"),
            change__status=ApprovalStatus.PENDING,
            date=day,
        ).filter(~Exists(later))
    )


def board(
    viewer: Viewer, now: dt.datetime, *, name: str = "", section_id: int | None = None
) -> list[tuple[Section, list[Whereabouts]]]:
    """Who is where right now, by section (only the people whose name contains ``name``, or of
    the one section ``section_id``, when given); queries do not grow with the number of people."""
    local = timezone.localtime(now)
    day, half = local.date(), _half(local)
    sections = list(board_sections(viewer))
    if section_id is not None:
        sections = [s for s in sections if s.pk == section_id]
    staff = Staff.objects.filter(section__in=sections, status=Staff.Status.ACTIVE)
    if name:
        staff = staff.filter(name__contains=name)
    working = calendar.is_working_day(day)
    if working:
        staff = staff.annotate(held=_tap_held(day))
    people = list(staff.only("pk", "name", "section_id", "staff_no").order_by("staff_no"))
    last_point: dict[int, str] = {}
    for staff_id, point in (
        ClockRecord.objects.filter(date=day, staff__section__in=sections)
        .order_by("at", "pk")
        .values_list("staff_id", "point")
    ):
        last_point[staff_id] = point
    ids = [p.pk for p in people]
    if name:
        sections = [s for s in sections if any(p.section_id == s.pk for p in people)]
    covers = defaultdict(list)
    for cover in covers_between(ids, day, day):
        if cover.half == half:
            covers[cover.staff_id].append(cover)
    out_now = {o.applicant_id: o for o in _outings_now(now).filter(applicant_id__in=ids)}
    by_section: dict[int, list[Whereabouts]] = defaultdict(list)
    for person in people:
        by_section[person.section_id].append(
            _where(person, working, covers[person.pk], out_now.get(person.pk), last_point)
        )
    return [(section, by_section.get(section.pk, [])) for section in sections]


def board_counts(viewer: Viewer, now: dt.datetime) -> list[tuple[Section, dict[str, int]]]:
    """Per section the viewer may watch, how many people are in each state right now: what
    counting ``board``'s lists gives, without building them. The few people an outing or a
    cover excuses are placed one by one; everyone else is counted in the database, grouped by
    section, last clock point of the day and whether a tap waits for the chief (待认定). Five
    queries plus one per cover provider."""
    local = timezone.localtime(now)
    day, half = local.date(), _half(local)
    sections = list(board_sections(viewer))
    active = Staff.objects.filter(section__in=sections, status=Staff.Status.ACTIVE).order_by()
    excused: dict[int, str] = {}
    by_person: dict[int, list] = defaultdict(list)
    for cover in covers_between(None, day, day):
        if cover.half == half:
            by_person[cover.staff_id].append(cover)
    excused |= {staff_id: pick_cover(found).status for staff_id, found in by_person.items()}
    excused |= dict.fromkeys(_outings_now(now).values_list("applicant_id", flat=True), "outing")
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for staff_id, section_id in active.filter(pk__in=excused).values_list("pk", "section_id"):
        counts[section_id][excused[staff_id]] += 1
    others = active.exclude(pk__in=excused)
    if calendar.is_working_day(day):
        last = ClockRecord.objects.filter(staff=OuterRef("pk"), date=day).order_by("-at", "-pk")
        others = others.annotate(last=Subquery(last.values("point")[:1]), held=_tap_held(day))
        for section_id, point, held, n in others.values_list("section_id", "last", "held").annotate(
            n=Count("pk")
        ):
            counts[section_id][_state(point, held=held)] += n
    else:
        for section_id, n in others.values_list("section_id").annotate(n=Count("pk")):
            counts[section_id]["rest"] += n
    return [(section, dict(counts.get(section.pk, {}))) for section in sections]


OFF_POINTS = ("pm_out", "out")


def _half(local: dt.datetime) -> str:
    return "am" if local.hour < 12 else "pm"


def _outings_now(now: dt.datetime) -> QuerySet[OutingRequest]:
    """Approved outings under way: an outing never closed with 返回 stops counting at the end
    of its day."""
    local = timezone.localtime(now)
    return OutingRequest.objects.filter(
        status=ApprovalStatus.APPROVED,
        start__lte=now,
        start__gte=dt.datetime.combine(local.date(), dt.time(0), tzinfo=local.tzinfo),
        returned_at__isnull=True,
    )


def _where(
    person: Staff,
    working: bool,
    covers: list,
    outing: OutingRequest | None,
    last_point: dict[int, str],
) -> Whereabouts:
    if outing is not None:
        return Whereabouts(person, "outing", f"外出：{outing.destination}")
    cover = pick_cover(covers)
    if cover is not None:
        return Whereabouts(person, cover.status, cover.label)
    if not working:
        return Whereabouts(person, "rest", WHEREABOUTS_LABELS["rest"])
    state = _state(last_point.get(person.pk), held=person.held)
    return Whereabouts(person, state, WHEREABOUTS_LABELS[state])


def _state(point: str | None, *, held: bool) -> str:
    """A working day's state from the last clock point and a tap held for the chief after it."""
    if held:
        return "held"
    if point is None:
        return "absent"
    return "off" if point in OFF_POINTS else "in"


REQUEST_MODELS = {
    "makeup": MakeUpRequest,
    "outing": OutingRequest,
    "device": DeviceChangeRequest,
}


def open_outing(staff: Staff, now: dt.datetime) -> OutingRequest | None:
    """The approved outing the person has left for and not yet come back from (one query),
    for the 返回 button on the clock page and the home page."""
    return (
        OutingRequest.objects.filter(
            applicant=staff,
            status=ApprovalStatus.APPROVED,
            returned_at__isnull=True,
            start__lte=now,
        )
        .order_by("start")
        .first()
    )


def my_requests(staff: Staff, kind: str) -> QuerySet:
    return REQUEST_MODELS[kind].objects.filter(applicant=staff).select_related("applicant")


def request_for_viewer(
    viewer: Viewer, kind: str, pk: int
) -> MakeUpRequest | OutingRequest | DeviceChangeRequest:
    """A request its applicant, an approver of it (or their delegate), or someone who sees the
    person may open; 404 for anyone else."""
    from django.http import Http404

    model = REQUEST_MODELS[kind]
    obj = model.objects.select_related("applicant__section").filter(pk=pk).first()
    if obj is None or not may_see(viewer, obj):
        raise Http404("没有找到该申请，或您无权查看。")
    return obj


STATUS_CLASS = {status: f"st-{status}" for status in DayStatus.values}


# --- 考勤封帐 and 更正申请 -----------------------------------------------------------------------


def correction_for_viewer(viewer: Viewer, pk: int) -> CorrectionRequest:
    """A correction its applicant, the person it corrects, an approver (or their delegate) or
    someone who sees that person may open; 404 for anyone else (another unit's 政工科 too)."""
    obj = (
        CorrectionRequest.objects.select_related("applicant__section", "staff__section")
        .filter(pk=pk)
        .first()
    )
    if obj is None or not (viewer.can_see_staff(obj.staff) or may_see(viewer, obj)):
        raise Http404("没有找到该更正申请，或您无权查看。")
    return obj


def corrections(viewer: Viewer, *, unit_wide: bool) -> QuerySet[CorrectionRequest]:
    """更正申请 the viewer filed or that concern them; with ``unit_wide`` (政工科) every one of
    the unit. Two queries a page: the requests with both people, and their lines."""
    rows = CorrectionRequest.objects.select_related("applicant", "staff__section")
    if unit_wide:
        rows = rows.filter(viewer.unit_filter("staff__section__"))
    else:
        me = viewer.staff
        rows = rows.filter(Q(applicant=me) | Q(staff=me))
    return rows.prefetch_related("lines").order_by("-created_at", "-id")


def month_closes(unit_id: int, *, limit: int = 60) -> list[MonthClose]:
    """A unit's closes, newest first, reopened ones included (the history of each month)."""
    rows = MonthClose.objects.filter(unit_id=unit_id).select_related(
        "closed_by__staff", "reopened_by__staff"
    )
    return list(rows.order_by("-year", "-month", "-closed_at")[:limit])


# --- 考勤公示 ---------------------------------------------------------------------------------


def publications(viewer: Viewer) -> QuerySet[AttendancePublication]:
    """The published months of the viewer's unit (every unit's for city roles)."""
    return AttendancePublication.objects.filter(viewer.unit_filter()).select_related(
        "unit", "published_by__staff"
    )


def publication_for_viewer(viewer: Viewer, pk: int) -> AttendancePublication:
    publication = publications(viewer).filter(pk=pk).first()
    if publication is None:
        raise Http404("没有找到这期考勤公示。")
    return publication


def publication_sections(viewer: Viewer, publication: AttendancePublication) -> list[Section]:
    """The sections of the unit whose table the viewer may read: all of them for those who see
    the whole unit, else the ones they lead or supervise and their own."""
    sections = Section.objects.filter(unit_id=publication.unit_id).order_by("order", "pk")
    if not viewer.sees_whole_unit:
        own = {viewer.staff.section_id} if viewer.staff else set()
        sections = sections.filter(pk__in=viewer.managed_section_ids | own)
    return list(sections)


PUBLISHED_COUNTS = {
    "present": PRESENT_STATUSES,
    "late": (DayStatus.LATE,),
    "early": (DayStatus.EARLY,),
    "missing": (DayStatus.MISSING,),
    "absent": (DayStatus.ABSENT,),
    "leave": (DayStatus.LEAVE,),
    "out": (DayStatus.OUTING, DayStatus.TRIP),
}


def publication_rows(sections: list[Section], month: dt.date) -> QuerySet[Staff]:
    """One row per person of the sections with their half-days of the month by status: one
    query (a LEFT JOIN on the month's stored days, grouped by person)."""
    start, end = month_bounds(month.year, month.month)
    in_month = Q(attendance_days__date__range=(start, end))

    def halves_of(statuses: tuple[str, ...]) -> Count:
        return Count(
            "attendance_days", filter=in_month & Q(attendance_days__am_status__in=statuses)
        ) + Count("attendance_days", filter=in_month & Q(attendance_days__pm_status__in=statuses))

    return (
        Staff.objects.filter(section__in=[s.pk for s in sections])
        .exclude(status=Staff.Status.LEFT)
        .annotate(**{name: halves_of(statuses) for name, statuses in PUBLISHED_COUNTS.items()})
        .order_by("section__order", "section_id", "staff_no")
        .only("pk", "name", "staff_no", "section_id")
    )
