"""Each vehicle check on hand-built trips, and their filing as 用车自动 candidates."""

import datetime as dt

import pytest

from inspections.models import Finding
from inspections.services.vehicle_autofind import vehicle_candidates_create
from office import config
from vehicles import checks
from vehicles.checks import trip_facts

from .conftest import approved, ask, at, trip

pytestmark = pytest.mark.django_db

NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def kinds(facts, trip_obj=None):
    return sorted(f.kind for f in facts if trip_obj is None or f.trip_id == trip_obj.pk)


def test_a_trip_with_no_request_is_reported_on_its_driver(org, fleet):
    lone = trip(fleet.car, fleet.driver, at(24, 10), (100, 120))
    (fact,) = trip_facts(*NOVEMBER)
    assert (fact.kind, fact.trip_id) == (checks.NO_REQUEST, lone.pk)
    assert (fact.staff_id, fact.section_id) == (fleet.driver.staff_id, fleet.car.section_id)
    assert "无用车申请" in fact.description


def test_a_trip_on_a_request_not_approved_is_reported(org, fleet):
    pending = ask(org.staff, at(24, 10))
    trip(fleet.car, fleet.driver, at(24, 10), (100, 120), request=pending)
    (fact,) = trip_facts(*NOVEMBER)
    assert fact.kind == checks.NO_REQUEST and "用车申请审批中" in fact.description


def test_a_trip_on_an_approved_request_in_working_hours_is_clean(org, fleet):
    trip(fleet.car, fleet.driver, at(24, 10), (100, 120), request=approved(org, at(24, 10)))
    assert trip_facts(*NOVEMBER) == []


def test_a_weekend_trip_without_a_reason_is_reported_on_the_applicant(org, fleet):
    saturday = trip(
        fleet.car, fleet.driver, at(28, 10), (100, 120), request=approved(org, at(28, 10))
    )
    (fact,) = trip_facts(*NOVEMBER)
    assert (fact.kind, fact.trip_id, fact.staff_id) == (checks.OFF_HOURS, saturday.pk, org.staff.pk)
    assert "非工作日" in fact.description


def test_an_evening_trip_is_reported_unless_it_gives_a_reason(org, fleet):
    evening = trip(
        fleet.car, fleet.driver, at(24, 18), (100, 120), request=approved(org, at(24, 18))
    )
    assert kinds(trip_facts(*NOVEMBER)) == [checks.OFF_HOURS]
    evening.off_hours_reason = "接站：省检查组晚间抵达"
    evening.save()
    assert trip_facts(*NOVEMBER) == []


def test_an_early_morning_start_is_after_hours(org, fleet):
    trip(fleet.car, fleet.driver, at(24, 7), (100, 120), request=approved(org, at(24, 7)))
    assert kinds(trip_facts(*NOVEMBER)) == [checks.OFF_HOURS]


def test_an_odometer_gap_between_two_trips_of_a_car_is_reported_on_the_car(org, fleet):
    trip(fleet.car, fleet.driver, at(24, 9), (100, 120), request=approved(org, at(24, 9)))
    later = trip(
        fleet.car,
        fleet.other_driver,
        at(25, 9),
        (180, 200),
        request=approved(org, at(25, 9)),
    )
    (fact,) = trip_facts(*NOVEMBER)
    assert (fact.kind, fact.trip_id, fact.staff_id) == (checks.ODOMETER_GAP, later.pk, None)
    assert fact.section_id == fleet.car.section_id and "其间60公里无行车记录" in fact.description


def test_a_gap_within_the_setting_is_not_reported(org, fleet):
    config.setting_set(key="vehicle_odometer_gap_km", value=60, acting_user=None)
    trip(fleet.car, fleet.driver, at(24, 9), (100, 120), request=approved(org, at(24, 9)))
    trip(fleet.car, fleet.driver, at(25, 9), (180, 200), request=approved(org, at(25, 9)))
    assert trip_facts(*NOVEMBER) == []


def test_the_gap_is_read_against_a_trip_before_the_range(org, fleet):
    trip(fleet.van, fleet.driver, at(30, 9, month=10), (100, 120))
    trip(fleet.van, fleet.driver, at(24, 9), (150, 160), request=approved(org, at(24, 9)))
    assert kinds(trip_facts(*NOVEMBER)) == [checks.ODOMETER_GAP]


def test_the_same_private_destination_four_times_a_month_is_reported_once(org, fleet):
    made = [
        trip(
            fleet.car,
            fleet.driver,
            at(day, 10),
            (100 + day * 10, 105 + day * 10),
            destination="锦绣花园小区",
            request=approved(org, at(day, 10), destination="锦绣花园小区", purpose="送材料"),
        )
        for day in (2, 9, 16, 23, 24)
    ]
    facts = [f for f in trip_facts(*NOVEMBER) if f.kind == checks.REPEAT_PLACE]
    assert [(f.trip_id, f.staff_id, f.place) for f in facts] == [
        (made[3].pk, org.staff.pk, "锦绣花园小区")
    ]


def test_official_places_and_places_named_in_the_purpose_do_not_count(org, fleet):
    for i, day in enumerate((2, 9, 16, 23)):
        trip(
            fleet.car,
            fleet.driver,
            at(day, 10),
            (100 + i * 10, 110 + i * 10),
            destination="市政府",
            request=approved(org, at(day, 10), destination="市政府"),
        )
    for i, day in enumerate((3, 10, 17, 24)):
        trip(
            fleet.van,
            fleet.driver,
            at(day, 10),
            (100 + i * 10, 110 + i * 10),
            destination="第三小学",
            request=approved(org, at(day, 10), purpose="到第三小学检查校园安全"),
        )
    assert trip_facts(*NOVEMBER) == []


def test_the_rule_is_pure():
    assert checks.is_official("市政府东门", "", ["市政府"])
    assert checks.is_official("锦绣花园", "慰问锦绣花园住户", [])
    assert not checks.is_official("锦绣花园", "送材料", ["市政府"])


def test_candidates_are_filed_once_under_the_three_public_items(org, fleet):
    # A clean trip, then on Saturday one with no request starting 60 km past its end reading.
    trip(fleet.car, fleet.driver, at(24, 9), (20, 40), request=approved(org, at(24, 9)))
    lone = trip(fleet.car, fleet.driver, at(28, 10), (100, 120))
    assert vehicle_candidates_create(first=NOVEMBER[0], last=NOVEMBER[1], acting_user=None) == 3
    assert vehicle_candidates_create(first=NOVEMBER[0], last=NOVEMBER[1], acting_user=None) == 0
    found = Finding.objects.filter(source=Finding.Source.VEHICLE).select_related("item")
    assert {(f.trip_id, f.auto_kind, f.item.code) for f in found} == {
        (lone.pk, "no_request", "4-05"),
        (lone.pk, "off_hours", "4-05"),
        (lone.pk, "odometer_gap", "4-06"),
    }
    assert {f.status for f in found} == {Finding.Status.CANDIDATE}
    assert all(f.history.count() == 1 for f in found)


def test_the_checks_read_a_fixed_number_of_queries(org, fleet, django_assert_num_queries):
    for day in range(2, 28):
        trip(fleet.car, fleet.driver, at(day, 19), (day * 100, day * 100 + 50))
    vehicle_candidates_create(first=NOVEMBER[0], last=NOVEMBER[1], acting_user=None)
    # The settings, schedules and calendar are cached by the first run. Then: the trips (with
    # each one's previous reading), the candidates filed before, the checklist items.
    with django_assert_num_queries(3):
        assert vehicle_candidates_create(first=NOVEMBER[0], last=NOVEMBER[1], acting_user=None) == 0


def test_the_nightly_task_checks_last_month_and_this_one(org, fleet, frozen):
    from inspections.tasks import check_vehicle_trips

    trip(fleet.car, fleet.driver, at(30, 10, month=10), (100, 120))
    frozen(dt.datetime(2026, 11, 2, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert check_vehicle_trips.delay().get() == 1
