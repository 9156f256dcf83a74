"""Which months are closed (考勤封帐), the guard every write of a person-day asks, and the
pre-close check's open items.

The closed months are reference data (office.refdata): a few rows per unit and month, read by
every write of days and cached, one entry per year, so the guard costs no query when cached.
Every service that changes a day, a clock record, a leave, an overtime or a 补卡 asks
``closed_refusal`` and raises with it; the writer of stored days (``attendance.services.status``)
skips closed months, so the night close, the minute job and the calendar recompute leave them
untouched. Only an approved 更正申请 changes a closed month's days, and does so explicitly
(``attendance.services.closing.correction_on_approved``).

Leave sits above attendance: it adds its own open items (pending leave and overtime, 销假 not
done) with ``register_open_items`` in its AppConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from office import refdata
from office.approvals.services import ApprovalError
from office.calendar import month_bounds
from office.org import Viewer
from office.selectors import count_each

if TYPE_CHECKING:
    from attendance.models import MonthClose

ClosedKey = tuple[int, int, int]  # (section_id, year, month)


def _cache_name(year: int) -> str:
    return f"attendance:month_closes:{year}"


def _year_rows(year: int) -> Iterable[tuple]:
    """(section_id, month) of every section of a unit whose month of ``year`` is closed."""
    from attendance.models import MonthClose

    return (
        MonthClose.objects.filter(year=year, reopened_at__isnull=True, unit__sections__isnull=False)
        .values_list("unit__sections__id", "month")
        .order_by()
    )


def closed_loaders(start: dt.date, end: dt.date) -> dict[str, Callable[[], Iterable[tuple]]]:
    """The cache entries (office.refdata) holding the closes of a range: one per year."""
    return {
        _cache_name(year): partial(_year_rows, year) for year in range(start.year, end.year + 1)
    }


def closed_from(
    rows: Mapping[str, Iterable[tuple]], start: dt.date, end: dt.date
) -> set[ClosedKey]:
    """The closed (section_id, year, month) of the range, out of ``closed_loaders``' rows."""
    return {
        (section_id, year, month)
        for year in range(start.year, end.year + 1)
        for section_id, month in rows[_cache_name(year)]
    }


def closed_between(start: dt.date, end: dt.date) -> set[ClosedKey]:
    return closed_from(refdata.rows_many(closed_loaders(start, end)), start, end)


def months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The (year, month) pairs a range touches, in order."""
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def closed_message(year: int, month: int) -> str:
    return f"{year}年{month}月考勤已封帐，如需更正请提交更正申请。"


def closed_refusal(section_id: int, start: dt.date, end: dt.date | None = None) -> str | None:
    """Why a change of a person of ``section_id`` on days ``start``..``end`` is refused: the
    first closed month it touches, or None (no query when the closes are cached)."""
    end = end or start
    if end < start:
        start, end = end, start
    closed = closed_between(start, end)
    for year, month in months(start, end):
        if (section_id, year, month) in closed:
            return closed_message(year, month)
    return None


def month_ended(year: int, month: int, today: dt.date | None = None) -> bool:
    return month_bounds(year, month)[1] < (today or timezone.localdate())


def may_close_unit(viewer: Viewer, unit_id: int) -> bool:
    """The unit's 政工科, or the city administrator for any unit."""
    if viewer.is_city:
        return viewer.is_admin
    return viewer.is_personnel and viewer.unit_id == unit_id


def close_in_force(unit_id: int, year: int, month: int) -> MonthClose | None:
    from attendance.models import MonthClose

    return MonthClose.objects.filter(
        unit_id=unit_id, year=year, month=month, reopened_at__isnull=True
    ).first()


def closed_or_raise(section_id: int, start: dt.date, end: dt.date | None = None) -> None:
    """For approval hooks: refuse the decision when it would change a closed month."""
    if refusal := closed_refusal(section_id, start, end):
        raise ApprovalError(refusal)


# --- the pre-close check -----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenItem:
    """One kind of thing still open in a unit's month: a label, how many, where to see them."""

    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class OpenQuery:
    """What a provider gives: the rows still open (not yet counted), a label and a page."""

    label: str
    rows: QuerySet
    url: str = ""


# provider(unit_id, year, month) -> OpenQuery; all of them are counted in one query.
OpenItemProvider = Callable[[int, int, int], OpenQuery]
OPEN_ITEM_PROVIDERS: list[tuple[int, OpenItemProvider]] = []


def register_open_items(provider: OpenItemProvider, *, order: int) -> None:
    if all(p is not provider for _, p in OPEN_ITEM_PROVIDERS):
        OPEN_ITEM_PROVIDERS.append((order, provider))
        OPEN_ITEM_PROVIDERS.sort(key=lambda pair: pair[0])


def open_items_text(items: list[OpenItem]) -> str:
    return "；".join(f"{item.label}{item.count}项" for item in items if item.count)


def month_open_items(unit_id: int, year: int, month: int) -> list[OpenItem]:
    """Everything the pre-close check lists for a unit's month, zero counts included (the page
    shows them as done). One query for all the kinds, however many people the unit has."""
    found = [provider(unit_id, year, month) for _, provider in OPEN_ITEM_PROVIDERS]
    counts = count_each([item.rows for item in found])
    return [OpenItem(item.label, n, item.url) for item, n in zip(found, counts, strict=True)]


def open_counts(unit_id: int, year: int, month: int) -> dict[str, int]:
    """{label: count} of what is still open: for the 政工科 home panel ("last month's close")."""
    return {item.label: item.count for item in month_open_items(unit_id, year, month)}


def _pending_makeups(unit_id: int, year: int, month: int) -> OpenQuery:
    from attendance.models import MakeUpRequest
    from office.approvals.models import ApprovalStatus

    rows = MakeUpRequest.objects.filter(
        applicant__section__unit_id=unit_id,
        date__year=year,
        date__month=month,
        status=ApprovalStatus.PENDING,
    )
    return OpenQuery("补卡申请未审批", rows, reverse("approvals:inbox"))


def _pending_outings(unit_id: int, year: int, month: int) -> OpenQuery:
    from attendance.models import OutingRequest
    from office.approvals.models import ApprovalStatus

    first, last = month_bounds(year, month)
    tz = timezone.get_current_timezone()
    rows = OutingRequest.objects.filter(
        applicant__section__unit_id=unit_id,
        start__gte=dt.datetime.combine(first, dt.time(0), tzinfo=tz),
        start__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
        status=ApprovalStatus.PENDING,
    )
    return OpenQuery("外出报备未审批", rows, reverse("approvals:inbox"))


def _pending_days(unit_id: int, year: int, month: int) -> OpenQuery:
    """Half-days still 未到 (the night close has not settled them) in the month."""
    from django.db.models import Q

    from attendance.models import AttendanceDay, DayStatus

    rows = AttendanceDay.objects.filter(
        Q(am_status=DayStatus.PENDING) | Q(pm_status=DayStatus.PENDING),
        staff__section__unit_id=unit_id,
        date__year=year,
        date__month=month,
    )
    url = f"{reverse('attendance:all_sections')}?month={year}-{month:02d}"
    return OpenQuery("考勤待认定（未到）人天", rows, url)


def _pending_corrections(unit_id: int, year: int, month: int) -> OpenQuery:
    from attendance.models import CorrectionRequest
    from office.approvals.models import ApprovalStatus

    rows = CorrectionRequest.objects.filter(
        staff__section__unit_id=unit_id,
        lines__date__year=year,
        lines__date__month=month,
        status=ApprovalStatus.PENDING,
    )
    return OpenQuery("更正申请未审批", rows, reverse("attendance:corrections"))


register_open_items(_pending_makeups, order=30)
register_open_items(_pending_outings, order=40)
register_open_items(_pending_days, order=60)
register_open_items(_pending_corrections, order=70)


@dataclass(frozen=True)
class CloseState:
    """A unit's month as the 政工科 home shows it: its close in force (or None), what is open."""

    close: MonthClose | None
    open_items: list[OpenItem]

    @property
    def open_total(self) -> int:
        return sum(item.count for item in self.open_items)


def month_close_state(unit_id: int, year: int, month: int) -> CloseState:
    """E.g. last month's state for the 政工科 home panel: one query for the close, one per kind
    of open item."""
    return CloseState(close_in_force(unit_id, year, month), month_open_items(unit_id, year, month))
