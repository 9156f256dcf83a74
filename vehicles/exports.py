"""车辆月报: a month's trips, kilometres and costs per vehicle and per section, and the trips
themselves, written by the one .xlsx writer (office.exports). One query, whatever the count."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from office.exports import Sheet, write_xlsx
from office.org import Viewer
from vehicles.models import Trip

NO_REQUEST = "无用车申请"


def month_trips(viewer: Viewer, month: dt.date) -> list[Trip]:
    """The unit's trips started in the month (one query)."""
    tz = timezone.get_current_timezone()
    first = month.replace(day=1)
    after = first + dt.timedelta(days=pycalendar.monthrange(first.year, first.month)[1])
    return list(
        Trip.objects.filter(
            viewer.unit_filter("vehicle__section__"),
            started_at__gte=dt.datetime.combine(first, dt.time(0), tzinfo=tz),
            started_at__lt=dt.datetime.combine(after, dt.time(0), tzinfo=tz),
        )
        .select_related("vehicle", "driver__staff", "request__applicant__section")
        .order_by("started_at", "pk")
    )


def _section(trip: Trip) -> str:
    return trip.request.applicant.section.name if trip.request_id else NO_REQUEST


def _totals(trips: list[Trip], key: object) -> dict[str, list]:
    totals: dict[str, list] = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0)])
    for trip in trips:
        row = totals[key(trip)]
        row[0] += 1
        row[1] += trip.km
        row[2] += trip.fuel_cost
        row[3] += trip.toll_cost
    return totals


def _summary(totals: dict[str, list], extra: dict[str, str] | None = None) -> list[list]:
    rows = []
    for name, (count, km, fuel, toll) in sorted(totals.items()):
        rows.append([name, *([extra[name]] if extra else []), count, km, fuel, toll, fuel + toll])
    return rows


def monthly_sheet(viewer: Viewer, month: dt.date) -> bytes:
    trips = month_trips(viewer, month)
    kinds = {trip.vehicle.plate: trip.vehicle.get_kind_display() for trip in trips}
    money = ["出车次数", "行驶里程（公里）", "油费（元）", "通行费（元）", "费用合计（元）"]
    detail = [
        [
            f"{timezone.localtime(t.started_at):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(t.ended_at):%Y-%m-%d %H:%M}",
            t.vehicle.plate,
            t.driver.staff.name,
            t.request.applicant.name if t.request_id else "",
            _section(t),
            t.destination,
            t.route,
            t.start_km,
            t.end_km,
            t.km,
            t.fuel_cost,
            t.toll_cost,
            t.get_status_display(),
        ]
        for t in trips
    ]
    return write_xlsx(
        [
            Sheet(
                "按车辆",
                ["车牌号", "车型", *money],
                _summary(_totals(trips, lambda t: t.vehicle.plate), kinds),
                [12, 10, 10, 16, 12, 12, 14],
            ),
            Sheet(
                "按科室",
                ["用车科室", *money],
                _summary(_totals(trips, _section)),
                [16, 10, 16, 12, 12, 14],
            ),
            Sheet(
                "行车明细",
                [
                    "出车时间",
                    "收车时间",
                    "车牌号",
                    "驾驶员",
                    "申请人",
                    "用车科室",
                    "目的地",
                    "行驶路线",
                    "出车里程",
                    "收车里程",
                    "里程（公里）",
                    "油费（元）",
                    "通行费（元）",
                    "状态",
                ],  # fmt: skip
                detail,
                [17, 17, 12, 10, 10, 14, 16, 24, 10, 10, 12, 10, 10, 8],
            ),
        ]
    )
