"""Demo 公务用车 (python manage.py seed_demo): 行政科's 车队 (1403) keeps four cars and two
drivers (1408, 1409); a request waits at each step and one trip was driven with no request.

Everything goes through the services, so the approval chain, the notifications and the checks
are what real use produces: 1102's request waits for chief 1101, 副主任 1002's is approved and
waits for the 车队 to 派车, 1302's has a car and driver for tomorrow, 1502's trip last week is
logged (odometer, fuel, tolls) and checked, and 1409 drove 冀A·5K730 two working days ago with
no request, which the nightly vehicle check (run by inspections.demo) files as a 用车自动
candidate. Idempotent: a second run finds the first car and does nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from office import calendar, roles
from office.approvals.services import approval_decide
from office.models import Section, Staff
from vehicles.models import Vehicle, VehicleRequest
from vehicles.services import (
    driver_add,
    trip_check,
    trip_record,
    vehicle_create,
    vehicle_request_create,
    vehicle_request_dispatch,
    vehicle_set_status,
)

POOL_SECTION = "行政科"
# (车牌号, 车型, 座位数, 在修): local plates of the office's city.
FLEET = [
    ("冀A·3G216", Vehicle.Kind.SEDAN, 5, False),
    ("冀A·5K730", Vehicle.Kind.SEDAN, 5, False),
    ("冀A·8M152", Vehicle.Kind.MPV, 7, False),
    ("冀A·2N047", Vehicle.Kind.SUV, 5, True),
]
DRIVERS = ["1408", "1409"]
# The 车队, the applicants and their approvers.
PEOPLE = ["1403", "1102", "1002", "1001", "1302", "1301", "1502", "1501", *DRIVERS]
ORIGIN = "市政府大院"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _approved(
    applicant: Staff,
    approver: Staff | None,
    day: dt.date,
    hours: tuple[int, int, int, int],
    **fields: str | int,
) -> VehicleRequest:
    """A request filed by ``applicant`` (``hours``: start and end hour and minute), approved by
    ``approver`` when one is given."""
    start_h, start_m, end_h, end_m = hours
    request_obj = vehicle_request_create(
        acting_user=applicant.user,
        start=_at(day, start_h, start_m),
        end=_at(day, end_h, end_m),
        origin=ORIGIN,
        **fields,
    )
    if approver is None:
        return request_obj
    return approval_decide(
        request_obj=request_obj, acting_user=approver.user, approve=True, comment="同意"
    )


def _fleet(pool: Staff, section: Section, people: dict[str, Staff]) -> tuple[dict, dict]:
    cars = {}
    for plate, kind, seats, repair in FLEET:
        cars[plate] = vehicle_create(
            plate=plate, kind=kind, seats=seats, section=section, acting_user=pool.user
        )
        if repair:
            vehicle_set_status(
                vehicle=cars[plate], status=Vehicle.Status.REPAIR, acting_user=pool.user
            )
    drivers = {no: driver_add(staff=people[no], acting_user=pool.user) for no in DRIVERS}
    return cars, drivers


def _requests(people: dict[str, Staff], cars: dict, drivers: dict, ahead: dt.date) -> None:
    """What is still to come: one request at each step before the trip."""
    tomorrow = calendar.add_working_days(ahead, 1)
    pool = people["1403"]
    # Waiting for chief 1101 (in his 待我审批).
    _approved(
        people["1102"],
        None,
        tomorrow,
        (9, 0, 11, 30),
        destination="市委办公室",
        purpose="报送全市工作会议材料并取回领导签批件",
        passengers=2,
    )
    # 副主任 1002's: approved by 主任 1001, waiting in the 车队's 派车 list.
    _approved(
        people["1002"],
        people["1001"],
        calendar.add_working_days(ahead, 2),
        (8, 30, 16, 30),
        destination="平山县",
        purpose="带队赴平山县调研乡村振兴重点项目推进情况",
        passengers=3,
    )
    # 1302's: the 商务车 and driver 1408 sent for tomorrow afternoon (1408 logs it after).
    vehicle_request_dispatch(
        request_obj=_approved(
            people["1302"],
            people["1301"],
            tomorrow,
            (14, 0, 16, 30),
            destination="市政务服务中心",
            purpose="陪同省督查组到市政务服务中心实地检查",
            passengers=5,
        ),
        vehicle=cars["冀A·8M152"],
        driver=drivers["1408"],
        acting_user=pool.user,
    )


def _trips(people: dict[str, Staff], cars: dict, drivers: dict, past: list[dt.date]) -> None:
    """What was driven: 1502's trip last week, logged by driver 1409 and checked by the 车队;
    and 1409's errand two working days ago with no request, logged and not yet checked (the
    vehicle check files it as 无审批出车)."""
    pool, driver = people["1403"], people["1409"]
    day = past[-5]
    request_obj = vehicle_request_dispatch(
        request_obj=_approved(
            people["1502"],
            people["1501"],
            day,
            (8, 40, 16, 20),
            destination="省政务服务管理办公室",
            purpose="赴省政务服务管理办公室对接政务外网升级改造",
            passengers=2,
        ),
        vehicle=cars["冀A·3G216"],
        driver=drivers["1409"],
        acting_user=pool.user,
    )
    trip = trip_record(
        acting_user=driver.user,
        request_obj=request_obj,
        vehicle=None,
        started_at=_at(day, 8, 40),
        ended_at=_at(day, 16, 10),
        start_km=48_210,
        end_km=48_396,
        destination="省政务服务管理办公室",
        route="市政府大院—京港澳高速—省政务服务管理办公室，原路返回",
        fuel_cost=Decimal("216.50"),
        toll_cost=Decimal("85.00"),
    )
    trip_check(trip=trip, acting_user=pool.user)
    trip_record(
        acting_user=driver.user,
        request_obj=None,
        vehicle=cars["冀A·5K730"],
        started_at=_at(past[-2], 15, 20),
        ended_at=_at(past[-2], 16, 5),
        start_km=31_642,
        end_km=31_659,
        destination="万达广场",
        route="市政府大院—中华大街—万达广场，原路返回",
    )


def seed(*, today: dt.date) -> None:
    if Vehicle.objects.filter(plate=FLEET[0][0]).exists():
        return
    people = {
        s.staff_no: s
        for s in Staff.objects.select_related("user", "section").filter(staff_no__in=PEOPLE)
    }
    section = Section.objects.filter(name=POOL_SECTION).first()
    # Past trips never pass the real date (a demo loaded for a day ahead); what is to come
    # starts after it.
    base = min(today, timezone.localdate())
    past = calendar.working_days(base - dt.timedelta(days=21), base - dt.timedelta(days=1))
    if (
        section is None
        or len(people) < len(PEOPLE)
        or len(past) < 5
        or not people["1403"].user.groups.filter(name=roles.MOTOR_POOL).exists()
    ):
        return
    with transaction.atomic():
        cars, drivers = _fleet(people["1403"], section, people)
        _requests(people, cars, drivers, max(today, timezone.localdate()))
        _trips(people, cars, drivers, past)
