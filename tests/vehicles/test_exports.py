"""车辆月报 on 报表导出 (``vehicle_month``): who sees it, its rows (the unit's, or the trips one
section asked for), a large one written by a job and downloaded by its requester, and the
queries not growing with the trips."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from office.models import ExportFile, Job
from office.org import viewer_for
from office.reports import REPORTS, reports_for
from tests.conftest import login
from tests.factories import unit_with_roles
from vehicles.exports import VehicleMonthReport

from .conftest import at, sheet_rows, trip
from .test_views import a_year_of_trips, dispatched

pytestmark = pytest.mark.django_db

EXPORTS = "/exports/"
NOVEMBER = {"report": "vehicle_month", "month": "2026-11"}
SHEET = reverse("vehicles:sheet") + "?month=2026-11"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def large(monkeypatch):
    """Every export counts as large: it goes through the job."""
    monkeypatch.setattr("office.report_views.INLINE_MAX_ROWS", 0)


@pytest.fixture
def november(org, fleet):
    """综合科's dispatched trip (30 km, 40 + 10 元), a trip without a request, one in October."""
    obj = dispatched(org, fleet, at(20, 9))
    trip(fleet.car, fleet.driver, at(20, 9), (100, 130), request=obj, fuel_cost=40, toll_cost=10)
    trip(fleet.van, fleet.other_driver, at(21, 9), (10, 15), fuel_cost=5, toll_cost=0)
    trip(fleet.van, fleet.other_driver, at(3, 9, month=10), (1, 5))


def book(response):
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


rows = sheet_rows


def test_it_is_registered_and_listed_for_the_pool_personnel_director_and_admin(org, fleet):
    assert isinstance(REPORTS["vehicle_month"], VehicleMonthReport)

    def offered(user) -> bool:
        return "vehicle_month" in {r.slug for r in reports_for(viewer_for(user))}

    for person in (fleet.pool, org.personnel, org.director):
        assert offered(person.user), person.name
    assert offered(org.admin)
    for person in (org.staff, org.chief, org.other_chief, org.deputy, org.inspector):
        assert not offered(person.user), person.name
    assert "车辆月报" in login(fleet.pool).get(EXPORTS).content.decode()
    assert "车辆月报" not in login(org.chief).get(EXPORTS).content.decode()


def test_the_export_page_writes_the_units_month(org, fleet, november):
    workbook = book(login(org.personnel).post(EXPORTS, NOVEMBER))
    assert workbook.sheetnames == ["按车辆", "按科室", "行车明细"]
    assert rows(workbook["按车辆"]) == [
        ("赣A·G0001", "轿车", 1, 30, 40, 10, 50),
        ("赣A·G0002", "商务车", 1, 5, 5, 0, 5),
    ]
    assert rows(workbook["按科室"]) == [
        ("无用车申请", 1, 5, 5, 0, 5),
        ("综合科", 1, 30, 40, 10, 50),
    ]
    detail = rows(workbook["行车明细"])
    assert [row[:6] for row in detail] == [
        ("2026-11-20 09:00", "2026-11-20 10:00", "赣A·G0001", "钱司机", org.staff.name, "综合科"),
        ("2026-11-21 09:00", "2026-11-21 10:00", "赣A·G0002", "郑司机", None, "无用车申请"),
    ]
    assert detail[0][8:] == (100, 130, 30, 40, 10, "待核查")


def test_one_section_is_the_trips_its_people_asked_for(org, fleet, november):
    workbook = book(login(org.director).post(EXPORTS, {**NOVEMBER, "section": org.section.pk}))
    assert rows(workbook["按科室"]) == [("综合科", 1, 30, 40, 10, 50)]
    assert len(rows(workbook["行车明细"])) == 1
    empty = book(login(org.director).post(EXPORTS, {**NOVEMBER, "section": org.other_section.pk}))
    assert rows(empty["行车明细"]) == []


def test_another_units_personnel_get_their_own_empty_fleet(org, fleet, november):
    other = unit_with_roles()
    workbook = book(login(other.personnel).get(SHEET))
    assert rows(workbook["行车明细"]) == []
    response = login(other.personnel).post(EXPORTS, {**NOVEMBER, "section": org.section.pk})
    assert response.status_code == 403 and "只能导出您所管理科室的报表" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("chief", 403), ("deputy", 403), ("inspector", 403), ("admin", 200)],
)
def test_the_old_link_keeps_its_roles(org, fleet, who, status):
    assert login(getattr(org, who)).get(SHEET).status_code == status
    assert login(fleet.pool).get(SHEET).status_code == 200


def test_a_large_sheet_is_a_job_started_by_a_post_and_downloaded_by_its_requester(
    org, fleet, november, large, django_capture_on_commit_callbacks
):
    client = login(fleet.pool)
    page = client.get(SHEET)
    assert page.status_code == 200 and "后台生成" in page.content.decode()
    assert not ExportFile.objects.exists()  # a GET starts nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SHEET)
    export = ExportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:job", args=[export.job_id])
    job = Job.objects.get(pk=export.job_id)
    # Two trips, two vehicles, two sections (综合科, 无用车申请): the count is the rows written.
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 6, 6)
    url = reverse("office:export_download", args=[export.pk])
    download = client.get(url)
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["按车辆", "按科室", "行车明细"]
    assert login(org.personnel).get(url).status_code == 200  # 政工科 of the unit
    for person in (org.director, org.chief, unit_with_roles().personnel):
        assert login(person).get(url).status_code == 404


def test_a_refused_role_cannot_start_the_job(org, fleet, large):
    assert login(org.chief).post(SHEET).status_code == 403
    assert not ExportFile.objects.exists()


def test_the_export_reads_the_same_queries_for_a_few_or_a_year_of_trips(
    org, fleet, django_assert_num_queries
):
    client = login(fleet.pool)
    a_year_of_trips(fleet, 2)
    client.post(EXPORTS, NOVEMBER)  # caches warmed
    # session, user, viewer (staff, roles, sections led); the unit's sections for the form;
    # the sections and the rows counted; the sections again as the file is built (a closed
    # month does not freeze trips: no 封帐 check); the trips.
    with django_assert_num_queries(10):
        client.post(EXPORTS, NOVEMBER)
    a_year_of_trips(fleet, 365)
    with django_assert_num_queries(10):
        assert client.post(EXPORTS, NOVEMBER).status_code == 200
