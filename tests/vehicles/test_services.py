import datetime as dt
from decimal import Decimal

import pytest

from office import config, roles
from office.approvals.models import ApprovalStatus
from office.approvals.selectors import trail
from office.approvals.services import ApprovalError, approval_cancel
from office.models import Notification
from vehicles.errors import VehicleError
from vehicles.models import Trip, Vehicle
from vehicles.services import (
    driver_add,
    driver_set_active,
    motor_pool_grant,
    trip_check,
    trip_record,
    vehicle_create,
    vehicle_request_dispatch,
)

from .conftest import approved, ask, at

pytestmark = pytest.mark.django_db


def dispatch(fleet, request_obj, vehicle=None, driver=None):
    return vehicle_request_dispatch(
        request_obj=request_obj,
        vehicle=vehicle or fleet.car,
        driver=driver or fleet.driver,
        acting_user=fleet.pool.user,
    )


def log(fleet, request_obj=None, *, vehicle=None, start=None, km=(1000, 1040), **fields):
    start = start or request_obj.start
    values = {
        "ended_at": start + dt.timedelta(hours=2),
        "destination": "高新区管委会",
        "route": "市政府—高新区管委会—市政府",
        "fuel_cost": Decimal("60"),
        "toll_cost": Decimal("15"),
    } | fields
    return trip_record(
        acting_user=fleet.driver.staff.user,
        request_obj=request_obj,
        vehicle=vehicle,
        started_at=start,
        start_km=km[0],
        end_km=km[1],
        **values,
    )


# --- the request and its chain -------------------------------------------------------------------


def test_a_staff_members_request_goes_to_their_chief(org, fleet):
    request_obj = ask(org.staff, at(24, 9))
    assert [step.approver for step in trail(request_obj)] == [org.chief]
    assert request_obj.status == ApprovalStatus.PENDING


def test_end_before_start_is_refused(org, fleet):
    with pytest.raises(VehicleError, match="结束时间必须晚于开始时间"):
        ask(org.staff, at(24, 9), hours=0)


def test_two_requests_of_one_person_for_the_same_hours_are_refused(org, fleet):
    ask(org.staff, at(24, 9))
    with pytest.raises(VehicleError, match="已有用车申请"):
        ask(org.staff, at(24, 10))


def test_a_deputys_own_use_goes_to_the_director_by_default(org, fleet):
    request_obj = ask(org.deputy, at(24, 9))
    assert [step.approver for step in trail(request_obj)] == [org.director]


def test_the_leader_rule_record_lets_a_deputys_own_use_through_unapproved(org, fleet):
    config.setting_set(key="vehicle_leader_chain", value="record", acting_user=None)
    request_obj = ask(org.deputy, at(24, 9))
    assert trail(request_obj) == [] and request_obj.status == ApprovalStatus.APPROVED
    # The rule is for leaders only: a chief's own use still goes to the deputy.
    assert [s.approver for s in trail(ask(org.chief, at(25, 9)))] == [org.deputy]


def test_the_directors_own_use_is_recorded(org, fleet):
    assert ask(org.director, at(24, 9)).status == ApprovalStatus.APPROVED


def test_approval_tells_the_motor_pool(org, fleet, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved(org, at(24, 9))
    assert Notification.objects.filter(
        recipient=fleet.pool.user, title__startswith="待派车"
    ).exists()


# --- dispatch ------------------------------------------------------------------------------------


def test_dispatch_gives_the_car_and_the_driver(org, fleet):
    request_obj = dispatch(fleet, approved(org, at(24, 9)))
    assert (request_obj.vehicle, request_obj.driver) == (fleet.car, fleet.driver)
    assert request_obj.dispatched_by == fleet.pool


def test_a_pending_request_cannot_be_dispatched(org, fleet):
    with pytest.raises(VehicleError, match="批准后才能派车"):
        dispatch(fleet, ask(org.staff, at(24, 9)))


def test_only_the_motor_pool_dispatches(org, fleet):
    request_obj = approved(org, at(24, 9))
    with pytest.raises(VehicleError, match="只有本单位车队可以派车"):
        vehicle_request_dispatch(
            request_obj=request_obj,
            vehicle=fleet.car,
            driver=fleet.driver,
            acting_user=org.chief.user,
        )


def test_a_car_booked_for_overlapping_hours_is_refused(org, fleet):
    dispatch(fleet, approved(org, at(24, 9), hours=3))
    other = approved(org, at(24, 11), applicant=org.chief)  # 11:00–13:00 overlaps 9:00–12:00
    with pytest.raises(VehicleError, match="已派给"):
        dispatch(fleet, other, driver=fleet.other_driver)


def test_a_driver_booked_for_overlapping_hours_is_refused(org, fleet):
    dispatch(fleet, approved(org, at(24, 9), hours=3))
    other = approved(org, at(24, 11), applicant=org.chief)
    with pytest.raises(VehicleError, match="钱司机在这段时间已有出车任务"):
        dispatch(fleet, other, vehicle=fleet.van)


def test_back_to_back_bookings_do_not_clash(org, fleet):
    dispatch(fleet, approved(org, at(24, 9), hours=2))
    assert dispatch(fleet, approved(org, at(24, 11), applicant=org.chief)).vehicle == fleet.car


def test_a_cancelled_booking_frees_the_car(org, fleet):
    first = dispatch(fleet, approved(org, at(24, 9), hours=3))
    approval_cancel(request_obj=first, acting_user=org.chief.user, comment="会议取消")
    assert dispatch(fleet, approved(org, at(24, 10), applicant=org.chief)).vehicle == fleet.car


def test_a_car_in_repair_or_too_small_is_refused(org, fleet):
    fleet.van.status = Vehicle.Status.REPAIR
    fleet.van.save()
    with pytest.raises(VehicleError, match="维修"):
        dispatch(fleet, approved(org, at(24, 9)), vehicle=fleet.van)
    with pytest.raises(VehicleError, match="坐不下5位"):
        dispatch(fleet, approved(org, at(25, 9), passengers=5), vehicle=fleet.car)


def test_a_driver_stood_down_is_refused(org, fleet):
    driver_set_active(driver=fleet.driver, active=False, acting_user=fleet.pool.user)
    assert roles.DRIVER not in set(fleet.driver.staff.user.groups.values_list("name", flat=True))
    with pytest.raises(VehicleError, match="不是本单位在岗驾驶员"):
        dispatch(fleet, approved(org, at(24, 9)))


# --- the trip log --------------------------------------------------------------------------------


def test_the_driver_logs_the_trip_and_the_pool_closes_it(org, fleet, frozen):
    request_obj = dispatch(fleet, approved(org, at(24, 9)))
    frozen(at(24, 18))
    trip = log(fleet, request_obj)
    assert (trip.vehicle, trip.km, trip.cost) == (fleet.car, 40, Decimal("75"))
    assert trip.status == Trip.Status.RECORDED
    trip = trip_check(trip=trip, acting_user=fleet.pool.user)
    assert trip.status == Trip.Status.CHECKED and trip.checked_by == fleet.pool
    with pytest.raises(VehicleError, match="已核查"):
        trip_check(trip=trip, acting_user=fleet.pool.user)


def test_the_odometer_going_backwards_is_refused(org, fleet, frozen):
    first = dispatch(fleet, approved(org, at(24, 9)))
    second = dispatch(fleet, approved(org, at(24, 14), applicant=org.chief))
    frozen(at(24, 18))
    log(fleet, first, km=(1000, 1040))
    with pytest.raises(VehicleError, match="出车里程1030公里小于该车上一次收车里程1040公里"):
        log(fleet, second, km=(1030, 1060))
    assert Trip.objects.count() == 1


def test_an_earlier_trip_logged_late_cannot_pass_the_next_reading(org, fleet, frozen):
    first = dispatch(fleet, approved(org, at(24, 9)))
    second = dispatch(fleet, approved(org, at(24, 14), applicant=org.chief))
    frozen(at(24, 18))
    log(fleet, second, km=(1040, 1080))
    with pytest.raises(VehicleError, match="大于该车下一次出车里程1040公里"):
        log(fleet, first, km=(1000, 1050))


def test_end_reading_below_the_start_reading_is_refused(org, fleet, frozen):
    request_obj = dispatch(fleet, approved(org, at(24, 9)))
    frozen(at(24, 18))
    with pytest.raises(VehicleError, match="收车里程（990公里）不能小于出车里程（1000公里）"):
        log(fleet, request_obj, km=(1000, 990))


def test_a_trip_cannot_be_logged_before_it_ends(org, fleet):
    request_obj = dispatch(fleet, approved(org, at(23, 9)))
    with pytest.raises(VehicleError, match="收车时间不能晚于现在"):
        log(fleet, request_obj, start=at(23, 9, 30))


def test_a_request_dispatched_to_another_driver_cannot_be_logged(org, fleet, frozen):
    request_obj = dispatch(fleet, approved(org, at(24, 9)), driver=fleet.other_driver)
    frozen(at(24, 18))
    with pytest.raises(VehicleError, match="没有派给您"):
        log(fleet, request_obj)


def test_a_trip_without_a_request_is_logged_with_a_car(org, fleet, frozen):
    frozen(at(24, 18))
    trip = log(fleet, vehicle=fleet.van, start=at(24, 9))
    assert trip.request is None and trip.vehicle == fleet.van


def test_a_logged_trip_keeps_its_request_from_being_cancelled(org, fleet, frozen):
    request_obj = dispatch(fleet, approved(org, at(24, 9)))
    frozen(at(24, 18))
    log(fleet, request_obj)
    with pytest.raises(ApprovalError, match="已有行车记录"):
        approval_cancel(request_obj=request_obj, acting_user=org.chief.user, comment="误批")


def test_only_a_driver_logs_trips(org, fleet, frozen):
    frozen(at(24, 18))
    with pytest.raises(VehicleError, match="只有在岗驾驶员"):
        trip_record(
            acting_user=org.staff.user,
            request_obj=None,
            vehicle=fleet.car,
            started_at=at(24, 9),
            ended_at=at(24, 10),
            start_km=1,
            end_km=2,
            destination="某地",
            route="某路",
        )


# --- the fleet -----------------------------------------------------------------------------------


def test_plates_are_unique_and_only_the_pool_adds_cars(org, fleet):
    with pytest.raises(VehicleError, match="已登记"):
        vehicle_create(
            plate="赣a·g0001",
            kind="sedan",
            seats=5,
            section=fleet.car.section,
            acting_user=fleet.pool.user,
        )
    with pytest.raises(VehicleError, match="只有本单位车队"):
        vehicle_create(
            plate="赣A·G0009",
            kind="sedan",
            seats=5,
            section=org.section,
            acting_user=org.chief.user,
        )


def test_personnel_grants_the_motor_pool_role(org, fleet):
    motor_pool_grant(staff=org.other_staff, grant=True, acting_user=org.personnel.user)
    assert org.other_staff.user.groups.filter(name=roles.MOTOR_POOL).exists()
    motor_pool_grant(staff=org.other_staff, grant=False, acting_user=org.personnel.user)
    assert not org.other_staff.user.groups.filter(name=roles.MOTOR_POOL).exists()
    with pytest.raises(VehicleError, match="政工科"):
        motor_pool_grant(staff=org.other_staff, grant=True, acting_user=fleet.pool.user)


def test_a_driver_added_twice_is_refused(org, fleet):
    with pytest.raises(VehicleError, match="已是驾驶员"):
        driver_add(staff=fleet.driver.staff, acting_user=fleet.pool.user)


def test_the_leader_rule_takes_only_its_two_values(org, fleet):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="请从列出的选项中选择"):
        config.setting_set(key="vehicle_leader_chain", value="chief", acting_user=None)
