"""The pages through the client: by role and by object (another's object is a 404), and
bounded queries on the lists and the sheet."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from office.approvals.models import ApprovalStatus
from tests.conftest import login
from vehicles.models import Trip, VehicleRequest
from vehicles.services import trip_record, vehicle_request_dispatch

from .conftest import approved, ask, at, sheet_rows, trip

pytestmark = pytest.mark.django_db


def dispatched(org, fleet, start, driver=None, **fields):
    return vehicle_request_dispatch(
        request_obj=approved(org, start, **fields),
        vehicle=fleet.car,
        driver=driver or fleet.driver,
        acting_user=fleet.pool.user,
    )


def test_it_files_a_request_and_shows_it_in_mine(org, fleet):
    client = login(org.staff)
    response = client.post(
        reverse("vehicles:new"),
        {
            "start": "2026-11-24T09:00",
            "end": "2026-11-24T11:30",
            "origin": "市政府",
            "destination": "市档案馆",
            "purpose": "查阅档案",
            "passengers": "2",
        },
    )
    obj = VehicleRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == obj.get_absolute_url()
    assert obj.status == ApprovalStatus.PENDING
    assert "市档案馆" in client.get(reverse("vehicles:mine")).content.decode()


def test_it_shows_the_refusal_in_chinese_and_changes_nothing(org, fleet):
    response = login(org.staff).post(
        reverse("vehicles:new"),
        {
            "start": "2026-11-24T09:00",
            "end": "2026-11-24T08:00",
            "origin": "市政府",
            "destination": "市档案馆",
            "purpose": "查阅档案",
            "passengers": "2",
        },
    )
    assert "用车结束时间必须晚于开始时间" in response.content.decode()
    assert not VehicleRequest.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("chief", 200), ("deputy", 200), ("other_chief", 404), ("other_staff", 404)],
)
def test_a_request_is_seen_by_its_applicant_and_chain_only(org, fleet, who, status):
    obj = ask(org.staff, at(24, 9))
    assert login(getattr(org, who)).get(obj.get_absolute_url()).status_code == status


def test_the_driver_sent_and_the_pool_see_the_request_another_driver_does_not(org, fleet):
    obj = dispatched(org, fleet, at(24, 9))
    assert login(fleet.driver.staff).get(obj.get_absolute_url()).status_code == 200
    assert login(fleet.pool).get(obj.get_absolute_url()).status_code == 200
    assert login(fleet.other_driver.staff).get(obj.get_absolute_url()).status_code == 404


def test_the_pool_dispatches_from_the_request_page(org, fleet):
    obj = approved(org, at(24, 9))
    client = login(fleet.pool)
    page = client.get(obj.get_absolute_url()).content.decode()
    assert "派车" in page and fleet.car.plate in page
    response = client.post(
        reverse("vehicles:dispatch", args=[obj.pk]),
        {"vehicle": fleet.car.pk, "driver": fleet.driver.pk},
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.vehicle == fleet.car and obj.driver == fleet.driver


def test_a_chief_cannot_dispatch(org, fleet):
    obj = approved(org, at(24, 9))
    response = login(org.chief).post(
        reverse("vehicles:dispatch", args=[obj.pk]),
        {"vehicle": fleet.car.pk, "driver": fleet.driver.pk},
        follow=True,
    )
    assert "只有本单位车队可以派车" in response.content.decode()
    obj.refresh_from_db()
    assert obj.vehicle is None


@pytest.mark.parametrize("name", ["vehicles:queue", "vehicles:trips"])
def test_staff_get_403_on_the_pool_pages(org, fleet, name):
    assert login(org.staff).get(reverse(name)).status_code == 403


def test_a_driver_sees_their_own_trips_only(org, fleet, frozen):
    mine = trip(fleet.car, fleet.driver, at(20, 9), (100, 120), destination="甲地")
    trip(fleet.van, fleet.other_driver, at(20, 9), (100, 120), destination="乙地")
    page = login(fleet.driver.staff).get(reverse("vehicles:trips")).content.decode()
    assert "甲地" in page and "乙地" not in page
    pool_page = login(fleet.pool).get(reverse("vehicles:trips")).content.decode()
    assert "甲地" in pool_page and "乙地" in pool_page
    # Another driver's trip is not theirs to check: 404, not 403.
    response = login(fleet.other_driver.staff).post(reverse("vehicles:trip_check", args=[mine.pk]))
    assert response.status_code == 404


def test_the_driver_logs_a_dispatched_trip_and_the_pool_checks_it(org, fleet, frozen):
    obj = dispatched(org, fleet, at(24, 9))
    frozen(at(24, 18))
    client = login(fleet.driver.staff)
    form = client.get(reverse("vehicles:trip_new") + f"?request={obj.pk}").content.decode()
    assert "高新区管委会" in form and 'name="vehicle"' not in form
    response = client.post(
        reverse("vehicles:trip_new") + f"?request={obj.pk}",
        {
            "started_at": "2026-11-24T09:00",
            "ended_at": "2026-11-24T11:00",
            "start_km": "5000",
            "end_km": "5046",
            "destination": "高新区管委会",
            "route": "市政府—高新区管委会—市政府",
            "fuel_cost": "48.50",
            "toll_cost": "0",
        },
    )
    assert response.status_code == 302
    logged = Trip.objects.get()
    assert logged.request == obj and logged.km == 46
    login(fleet.pool).post(reverse("vehicles:trip_check", args=[logged.pk]))
    logged.refresh_from_db()
    assert logged.status == Trip.Status.CHECKED


def test_another_drivers_assignment_is_a_404(org, fleet):
    obj = dispatched(org, fleet, at(24, 9), driver=fleet.other_driver)
    url = reverse("vehicles:trip_new") + f"?request={obj.pk}"
    assert login(fleet.driver.staff).get(url).status_code == 404


def test_the_odometer_refusal_is_shown_on_the_form(org, fleet, frozen):
    trip(fleet.car, fleet.driver, at(20, 9), (5000, 5040))
    frozen(at(24, 18))
    response = login(fleet.driver.staff).post(
        reverse("vehicles:trip_new"),
        {
            "vehicle": fleet.car.pk,
            "started_at": "2026-11-24T09:00",
            "ended_at": "2026-11-24T10:00",
            "start_km": "4990",
            "end_km": "5010",
            "destination": "某地",
            "route": "某路",
            "fuel_cost": "0",
            "toll_cost": "0",
        },
    )
    assert "里程表不会倒退" in response.content.decode()
    assert Trip.objects.count() == 1


def test_personnel_sets_the_motor_pool_on_the_fleet_page(org, fleet):
    client = login(org.personnel)
    assert client.get(reverse("vehicles:fleet")).status_code == 200
    client.post(reverse("vehicles:pool_member"), {"staff": org.other_staff.staff_no, "grant": "1"})
    assert org.other_staff.user.groups.filter(name="车队").exists()
    # 政工科 does not manage the cars themselves.
    response = client.post(
        reverse("vehicles:vehicle_add"), {"plate": "赣A·X1", "kind": "sedan", "seats": 5}
    )
    assert response.status_code == 403


def test_the_pool_adds_a_car_and_a_driver(org, fleet):
    client = login(fleet.pool)
    client.post(
        reverse("vehicles:vehicle_add"), {"plate": "赣A·X1234", "kind": "bus", "seats": "20"}
    )
    client.post(reverse("vehicles:driver_add"), {"staff": org.other_staff.staff_no})
    page = client.get(reverse("vehicles:fleet")).content.decode()
    assert "赣A·X1234" in page and org.other_staff.name in page


# --- bounded queries ----------------------------------------------------------------------------


def a_year_of_trips(fleet, days: int) -> None:
    """One trip a day (no request) from 1 December 2025, readings running on."""
    start = dt.datetime(2025, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    Trip.objects.bulk_create(
        Trip(
            vehicle=fleet.car,
            driver=fleet.driver,
            started_at=start + dt.timedelta(days=n),
            ended_at=start + dt.timedelta(days=n, hours=2),
            start_km=1000 + n * 30,
            end_km=1020 + n * 30,
            destination=f"地点{n % 7}",
            route="往返",
        )
        for n in range(days)
    )


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


# Every page: the session, the user, their Staff row, their groups, their sections (the Viewer).
SIGNED_IN = 5
# A page in base.html adds the unread notifications and the 待我审批 counts.
MENU = 2


@pytest.mark.parametrize(
    ("who", "url", "expected"),
    [
        # Is the viewer a driver; the page count; the page of trips.
        ("pool", reverse("vehicles:trips"), SIGNED_IN + 3 + MENU),
        # The requests to dispatch; the trips to check.
        ("pool", reverse("vehicles:queue"), SIGNED_IN + 2 + MENU),
        # Is the viewer a driver; the page count; their assignments to log; the page of trips.
        ("driver", reverse("vehicles:trips"), SIGNED_IN + 4 + MENU),
        # Through 报表导出 (no menu: a download): the unit's sections and the rows counted; the
        # sections again as the file is built; the month's trips with their cars, drivers and
        # requests (考勤封帐 does not freeze trips: no closed-month check).
        ("pool", reverse("vehicles:sheet") + "?month=2026-11", SIGNED_IN + 4),
    ],
)
def test_pages_read_the_same_queries_for_a_day_or_a_year_of_trips(org, fleet, who, url, expected):
    person = fleet.pool if who == "pool" else fleet.driver.staff
    client = login(person)
    a_year_of_trips(fleet, 2)
    client.get(url)  # caches warmed
    few = count_queries(lambda: client.get(url))
    Trip.objects.all().delete()
    a_year_of_trips(fleet, 365)
    assert few == count_queries(lambda: client.get(url)) == expected


def test_the_checks_over_a_year_of_trips_read_three_queries(org, fleet, django_assert_num_queries):
    from inspections.services.vehicle_autofind import vehicle_candidates_create

    a_year_of_trips(fleet, 365)
    first, last = dt.date(2025, 12, 1), dt.date(2026, 11, 30)
    assert vehicle_candidates_create(first=first, last=last, acting_user=None) > 365
    # The trips with their previous readings; the candidates filed before; the items.
    with django_assert_num_queries(3):
        vehicle_candidates_create(first=first, last=last, acting_user=None)


def test_the_monthly_sheet_sums_per_vehicle_and_section(org, fleet, frozen):
    obj = dispatched(org, fleet, at(20, 9))
    frozen(at(24, 18))
    trip_record(
        acting_user=fleet.driver.staff.user,
        request_obj=obj,
        vehicle=None,
        started_at=at(20, 9),
        ended_at=at(20, 11),
        start_km=100,
        end_km=130,
        destination="高新区管委会",
        route="往返",
        fuel_cost=40,
        toll_cost=10,
    )
    trip(fleet.van, fleet.other_driver, at(21, 9), (10, 15), fuel_cost=5, toll_cost=0)
    trip(fleet.van, fleet.other_driver, at(3, 9, month=10), (1, 5))  # another month
    response = login(fleet.pool).get(reverse("vehicles:sheet") + "?month=2026-11")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按车辆", "按科室", "行车明细"]
    assert book["按车辆"]["A1"].value == "市政府办公室 2026年11月车辆月报（按车辆）"
    assert book["按车辆"]["A2"].value == "车牌号"
    by_vehicle = sheet_rows(book["按车辆"])
    assert by_vehicle == [
        ("赣A·G0001", "轿车", 1, 30, 40, 10, 50),
        ("赣A·G0002", "商务车", 1, 5, 5, 0, 5),
    ]
    by_section = {r[0]: r[1:] for r in sheet_rows(book["按科室"])}
    assert by_section == {"综合科": (1, 30, 40, 10, 50), "无用车申请": (1, 5, 5, 0, 5)}
    assert len(sheet_rows(book["行车明细"])) == 2


@pytest.mark.parametrize(
    ("who", "status"), [("staff", 403), ("chief", 403), ("personnel", 200), ("director", 200)]
)
def test_the_sheet_is_for_the_pool_personnel_and_director(org, fleet, who, status):
    assert login(getattr(org, who)).get(reverse("vehicles:sheet")).status_code == status


def test_the_home_page_names_the_motor_pool_and_driver_roles(fleet):
    pool = login(fleet.pool).get("/").content.decode()
    assert '<span class="badge text-bg-info">车队</span>' in pool
    driver = login(fleet.driver.staff).get("/").content.decode()
    assert '<span class="badge text-bg-info">驾驶员</span>' in driver


def test_the_motor_pool_finds_its_report_in_the_menu(org, fleet):
    exports = f'href="{reverse("office:exports")}"'
    assert exports in login(fleet.pool).get("/").content.decode()
    assert exports not in login(org.staff).get("/").content.decode()
