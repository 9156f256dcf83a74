"""Month grids (section / all sections) and the 人员去向 board."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from attendance import door_selectors, selectors
from attendance.models.clock import DayStatus
from office import calendar
from office.org import viewer_for

SECTIONS_PER_PAGE = 3
BOARD_OPEN_SECTIONS = 3  # a chief's or a deputy's board lists everyone at once


def _month_context(request: HttpRequest) -> dict:
    first = calendar.month_param(request.GET.get("month"), timezone.localdate())
    year, month = first.year, first.month
    start, end = selectors.month_bounds(year, month)
    overrides = calendar.overrides_between(start, end)
    days = [(day, calendar.is_working(day, overrides)) for day in calendar.days(start, end)]
    previous = start - dt.timedelta(days=1)
    return {
        "year": year,
        "month": month,
        "first": start,
        "days": days,
        "previous": f"{previous:%Y-%m}",
        "following": f"{end + dt.timedelta(days=1):%Y-%m}",
    }


@require_GET
def section_month(request: HttpRequest, section_id: int) -> HttpResponse:
    """A chief's (or deputy's) section, one row per person; 政工科/主任 may open any."""
    viewer = viewer_for(request.user)
    section = selectors.section_or_404(section_id)
    if not viewer.oversees_section(section.pk):
        raise PermissionDenied("只能查看您所管理科室的考勤。")
    context = _month_context(request)
    rows = selectors.month_grid([section], context["year"], context["month"])
    return render(
        request,
        "attendance/section_month.html",
        {**context, "section": section, "groups": [(section, rows)]},
    )


@require_GET
def all_sections(request: HttpRequest) -> HttpResponse:
    """政工科 / 主任: every section, a few per page, filtered by section or by status."""
    viewer = viewer_for(request.user)
    if not viewer.sees_whole_unit:
        raise PermissionDenied("全部科室的考勤仅对政工科和主任开放。")
    context = _month_context(request)
    section_filter = request.GET.get("section", "")
    status_filter = request.GET.get("status", "")
    sections = selectors.sections_listed(viewer, section_filter)
    page = Paginator(sections, SECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.month_grid(list(page.object_list), context["year"], context["month"])
    if status_filter in DayStatus.values:
        rows = [row for row in rows if row.counts.get(status_filter)]
    groups = [(s, [r for r in rows if r.staff.section_id == s.pk]) for s in page.object_list]
    return render(
        request,
        "attendance/all_sections.html",
        {
            **context,
            "groups": groups,
            "page": page,
            "all_section_choices": selectors.section_choices(viewer),
            "section_filter": section_filter,
            "status_filter": status_filter,
            "status_choices": DayStatus.choices,
        },
    )


@require_GET
def whereabouts(request: HttpRequest) -> HttpResponse:
    """The duty room's board. It refreshes itself in place (htmx polls for the board alone,
    every two minutes) unless the reader paused it: ``?paused=1`` renders it without polling.

    A viewer of more than ``BOARD_OPEN_SECTIONS`` sections sees one summary line per section
    (counts by state) and the names of one section at a time (``?section=<id>``) or of the
    people a search finds (``?q=<name>``): a city office's whole list is 2 MB of HTML."""
    viewer = viewer_for(request.user)
    now = timezone.now()
    section = request.GET.get("section", "")
    query = request.GET.get("q", "").strip()[:20]
    summary = None
    if query or selectors.board_sections(viewer).count() <= BOARD_OPEN_SECTIONS:
        groups = selectors.board(viewer, now, name=query)
        per_section = [(s, _count_states(people)) for s, people in groups]
    else:
        per_section = selectors.board_counts(viewer, now)
        opened = int(section) if section.isdigit() else None
        groups = selectors.board(viewer, now, section_id=opened) if opened else []
        open_ids = {s.pk for s, _ in groups}
        summary = [
            (s, s.pk in open_ids, _shown(counts), sum(counts.values())) for s, counts in per_section
        ]
    totals: dict[str, int] = {}
    for _, counts in per_section:
        for state, n in counts.items():
            totals[state] = totals.get(state, 0) + n
    paused = request.GET.get("paused") == "1"
    partial = bool(request.headers.get("HX-Request"))
    keep = {k: v for k, v in (("section", section), ("q", query)) if v}
    response = render(
        request,
        "attendance/_board.html" if partial else "attendance/board.html",
        {
            "groups": groups,
            "summary": summary,
            "now": now,
            "totals": [(k, v, totals.get(k, 0)) for k, v in selectors.WHEREABOUTS_LABELS.items()],
            "paused": paused,
            # What today's taps prove: counted over the sections listed, shown once a proof is used.
            "proofs": door_selectors.proof_counts(
                [s.pk for s, _ in per_section], timezone.localdate(now)
            ),
            "query": query,
            "section": section,
            "refresh_query": urlencode(keep | ({} if paused else {"paused": "1"})),
            "poll_query": urlencode(keep),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _count_states(people: list[selectors.Whereabouts]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in people:
        counts[item.state] = counts.get(item.state, 0) + 1
    return counts


def _shown(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(state, label, count) of the states present, in the board's order."""
    return [(k, v, counts[k]) for k, v in selectors.WHEREABOUTS_LABELS.items() if k in counts]
