"""车辆月报: a period's trips, kilometres and costs per vehicle and per section, and the trips
themselves, registered on 报表导出 (``office.reports``) and written by the one .xlsx writer.

The unit's trips (its vehicles'), or, for one section, the trips its people asked for. One
query reads them as plain tuples: the two summaries come first in the workbook, so the trips
are added up before any row is written."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from office.exports import Sheet
from office.models import Section
from office.org import Viewer
from office.reports import Report, Scope
from vehicles.access import runs_motor_pool
from vehicles.models import Trip, Vehicle

NO_REQUEST = "无用车申请"
KINDS = dict(Vehicle.Kind.choices)
STATUSES = dict(Trip.Status.choices)
MONEY = ["出车次数", "行驶里程（公里）", "油费（元）", "通行费（元）", "费用合计（元）"]
DETAIL = [
    "出车时间", "收车时间", "车牌号", "驾驶员", "申请人", "用车科室", "目的地", "行驶路线",
    "出车里程", "收车里程", "里程（公里）", "油费（元）", "通行费（元）", "状态",
]  # fmt: skip
FIELDS = (
    "started_at", "ended_at", "vehicle__plate", "vehicle__kind", "driver__staff__name",
    "request_id", "request__applicant__name", "request__applicant__section__name",
    "destination", "route", "start_km", "end_km", "fuel_cost", "toll_cost", "status",
)  # fmt: skip


class VehicleMonthReport(Report):
    slug = "vehicle_month"
    label = "车辆月报"

    def may_run(self, viewer: Viewer) -> bool:
        """车队, 政工科 and 主任 (and an administrator): the unit's fleet, all of it."""
        return runs_motor_pool(viewer) or viewer.is_personnel or viewer.is_director

    def sections(self, viewer: Viewer) -> QuerySet[Section]:
        return Section.objects.filter(viewer.unit_filter())

    def _trips(self, scope: Scope) -> QuerySet[Trip]:
        zone = timezone.get_current_timezone()
        params = scope.params
        trips = Trip.objects.filter(
            started_at__gte=dt.datetime.combine(params.start, dt.time.min, zone),
            started_at__lt=dt.datetime.combine(
                params.end + dt.timedelta(days=1), dt.time.min, zone
            ),
        )
        if params.section_id is not None:
            return trips.filter(request__applicant__section_id__in=scope.section_ids)
        return trips.filter(vehicle__section__unit_id__in={s.unit_id for s in scope.sections})

    def count(self, scope: Scope) -> int:
        """The trips, and a summary row per vehicle and per section (one query)."""
        found = self._trips(scope).aggregate(
            trips=Count("pk"),
            vehicles=Count("vehicle", distinct=True),
            sections=Count("request__applicant__section__name", distinct=True),
            unasked=Count("pk", filter=Q(request__isnull=True)),
        )
        return found["trips"] + found["vehicles"] + found["sections"] + min(found["unasked"], 1)

    def sheets(self, scope: Scope) -> Iterator[Sheet]:
        trips = list(self._trips(scope).order_by("started_at", "pk").values_list(*FIELDS))
        kinds = {t[2]: KINDS.get(t[3], t[3]) for t in trips}
        by_vehicle = _summary(_totals(trips, lambda t: t[2]), kinds)
        heading = f"{scope.name} {scope.params.period_text}车辆月报"
        foot = ("制表人：", "车队负责人：", "审核：")
        yield Sheet(
            "按车辆",
            ["车牌号", "车型", *MONEY],
            by_vehicle,
            [12, 10, 10, 16, 12, 12, 14],
            heading=f"{heading}（按车辆）",
            foot=foot,
        )
        by_section = _summary(_totals(trips, _section))
        yield Sheet(
            "按科室",
            ["用车科室", *MONEY],
            by_section,
            [16, 10, 16, 12, 12, 14],
            heading=f"{heading}（按用车科室）",
            foot=foot,
        )
        detail = (
            [
                f"{timezone.localtime(started):%Y-%m-%d %H:%M}",
                f"{timezone.localtime(ended):%Y-%m-%d %H:%M}",
                plate,
                driver,
                applicant or "",
                section if request_id else NO_REQUEST,
                destination,
                route,
                start_km,
                end_km,
                end_km - start_km,
                fuel,
                toll,
                STATUSES.get(status, status),
            ]
            for (started, ended, plate, _, driver, request_id, applicant, section, destination,
                 route, start_km, end_km, fuel, toll, status) in trips
        )  # fmt: skip
        yield Sheet(
            "行车明细",
            DETAIL,
            detail,
            [17, 17, 12, 10, 10, 14, 16, 24, 10, 10, 12, 10, 10, 8],
            heading=f"{heading}（行车明细）",
            foot=foot,
        )


def _section(trip: Sequence[Any]) -> str:
    return trip[7] if trip[5] else NO_REQUEST


def _totals(trips: list[tuple], key: Callable[[Sequence[Any]], str]) -> dict[str, list]:
    """Per key: trips, kilometres, fuel, tolls."""
    totals: dict[str, list] = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0)])
    for trip in trips:
        row = totals[key(trip)]
        row[0] += 1
        row[1] += trip[11] - trip[10]
        row[2] += trip[12]
        row[3] += trip[13]
    return totals


def _summary(totals: dict[str, list], extra: dict[str, str] | None = None) -> list[list]:
    rows = []
    for name, (count, km, fuel, toll) in sorted(totals.items()):
        rows.append([name, *([extra[name]] if extra else []), count, km, fuel, toll, fuel + toll])
    return rows
