"""The org fixture plus a 车队: 孙车队 (the role), two drivers and two cars in section 车队.

Times are Asia/Shanghai; the clock is frozen on Monday 23 November 2026, 10:00, unless a test
moves it (``frozen``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from office import roles
from office.approvals.selectors import trail
from office.approvals.services import approval_decide
from office.models import Staff
from office.services import role_grant
from tests.browser.conftest import browser, working_morning  # noqa: F401 - the browser test's fixtures
from tests.factories import SectionFactory, StaffFactory
from vehicles.models import Driver, Trip, Vehicle, VehicleRequest
from vehicles.services import driver_add, vehicle_create, vehicle_request_create

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Fleet:
    pool: Staff
    driver: Driver
    other_driver: Driver
    car: Vehicle
    van: Vehicle


@pytest.fixture
def frozen():
    """frozen(datetime) freezes the clock there for the rest of the test (NOW to begin with)."""
    travellers = []

    def freeze(moment: dt.datetime) -> None:
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    freeze(NOW)
    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def fleet(org, frozen) -> Fleet:
    section = SectionFactory(name="车队", order=5)
    pool = StaffFactory(name="孙车队", section=section)
    role_grant(staff=pool, role=roles.MOTOR_POOL, acting_user=None)
    drivers = [
        driver_add(staff=StaffFactory(name=name, section=section), acting_user=pool.user)
        for name in ("钱司机", "郑司机")
    ]
    car = vehicle_create(
        plate="赣A·G0001", kind="sedan", seats=5, section=section, acting_user=pool.user
    )
    van = vehicle_create(
        plate="赣A·G0002", kind="mpv", seats=7, section=section, acting_user=pool.user
    )
    return Fleet(pool=pool, driver=drivers[0], other_driver=drivers[1], car=car, van=van)


def ask(applicant: Staff, start: dt.datetime, hours: int = 2, **fields) -> VehicleRequest:
    values = {
        "origin": "市政府",
        "destination": "高新区管委会",
        "purpose": "送审文件",
        "passengers": 2,
    } | fields
    return vehicle_request_create(
        acting_user=applicant.user, start=start, end=start + dt.timedelta(hours=hours), **values
    )


def approved(org, start: dt.datetime, hours: int = 2, applicant: Staff | None = None, **fields):
    """刘职员's request (or ``applicant``'s), approved by its one approver (张科长 for 刘职员)."""
    request_obj = ask(applicant or org.staff, start, hours, **fields)
    (step,) = trail(request_obj)
    return approval_decide(request_obj=request_obj, acting_user=step.approver.user, approve=True)


def trip(
    vehicle: Vehicle, driver: Driver, start: dt.datetime, km: tuple[int, int], **fields
) -> Trip:
    """A hand-built trip (no service: the checks must see what a service would refuse too)."""
    values = {
        "ended_at": start + dt.timedelta(hours=1),
        "destination": "高新区管委会",
        "route": "市政府—高新区管委会—市政府",
        "fuel_cost": Decimal("50.00"),
        "toll_cost": Decimal("10.00"),
    } | fields
    return Trip.objects.create(
        vehicle=vehicle, driver=driver, started_at=start, start_km=km[0], end_km=km[1], **values
    )


def sheet_rows(sheet) -> list[tuple]:
    """The data rows: under the title (row 1) and the header (row 2), down to the blank row
    before the signature lines."""
    found = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            break
        found.append(row)
    return found
