"""Two 车队 clicks at the same moment, on PostgreSQL with real threads (row locks under load).

Run with: DATABASE_URL=postgres://postgres@127.0.0.1:5432/office .venv/bin/pytest tests/vehicles -m postgres
"""

import time

import pytest

from tests.concurrency import postgres_only, together
from vehicles.errors import VehicleError
from vehicles.models import VehicleRequest
from vehicles.services import vehicle_request_dispatch

from .conftest import approved, at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    postgres_only()


@pytest.fixture(autouse=True)
def _slow_clash_check(monkeypatch):
    """Hold each dispatch a moment between its clash query and its write, so the two clicks
    overlap there whatever the thread timing: only the row locks can keep them apart."""
    from vehicles import services

    check = services._clash

    def slow(rows, request_obj):
        found = check(rows, request_obj)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "_clash", slow)


def _dispatch(fleet, request_obj, vehicle, driver):
    return lambda: vehicle_request_dispatch(
        request_obj=request_obj, vehicle=vehicle, driver=driver, acting_user=fleet.pool.user
    )


def _one_booking_one_refusal(outcomes, refusal):
    assert sum(isinstance(o, VehicleRequest) for o in outcomes) == 1, outcomes
    (error,) = [o for o in outcomes if isinstance(o, Exception)]
    assert isinstance(error, VehicleError) and refusal in error.message


def test_two_clicks_booking_one_car_for_overlapping_hours_give_one_booking(org, fleet):
    first = approved(org, at(24, 9), hours=3)
    second = approved(org, at(24, 10), applicant=org.other_staff)  # another section
    outcomes = together(
        _dispatch(fleet, first, fleet.car, fleet.driver),
        _dispatch(fleet, second, fleet.car, fleet.other_driver),
    )
    _one_booking_one_refusal(outcomes, "不能重复派车")
    assert VehicleRequest.objects.filter(vehicle=fleet.car).count() == 1


def test_two_clicks_booking_one_driver_for_overlapping_hours_give_one_booking(org, fleet):
    first = approved(org, at(24, 9), hours=3)
    second = approved(org, at(24, 10), applicant=org.other_staff)  # another section
    outcomes = together(
        _dispatch(fleet, first, fleet.car, fleet.driver),
        _dispatch(fleet, second, fleet.van, fleet.driver),
    )
    _one_booking_one_refusal(outcomes, "已有出车任务")
    assert VehicleRequest.objects.filter(driver=fleet.driver).count() == 1


def test_two_clicks_on_one_request_dispatch_it_once(org, fleet):
    request_obj = approved(org, at(24, 9))
    outcomes = together(
        _dispatch(fleet, request_obj, fleet.car, fleet.driver),
        _dispatch(fleet, request_obj, fleet.van, fleet.other_driver),
    )
    _one_booking_one_refusal(outcomes, "已派车")
