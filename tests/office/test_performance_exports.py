"""绩效表 on 报表导出 (``performance_month``): who sees it, its rows by scope (a chief's section,
the unit, a city role's pick of unit or every unit), the old link's small file and large job,
and the queries not growing with the people."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from office.models import ExportFile, Job, Staff
from office.org import viewer_for
from office.performance_exports import RULE_ROWS, PerformanceReport
from office.performance_services import performance_rules_save
from office.reports import REPORTS, reports_for
from tests.conftest import login
from tests.factories import many_staff, unit_with_roles
from tests.office.performance_data import TOTAL, november_of

EXPORTS = "/exports/"
NOVEMBER = {"report": "performance_month", "month": "2026-11"}
SHEET = reverse("performance:sheet") + "?month=2026-11"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def large(monkeypatch):
    """Every export counts as large: it goes through the job."""
    monkeypatch.setattr("office.report_views.INLINE_MAX_ROWS", 0)


def book(response):
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content), read_only=True)


def names(sheet) -> set[str]:
    return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_it_is_registered_and_listed_for_leaders_chiefs_and_personnel(org):
    assert isinstance(REPORTS["performance_month"], PerformanceReport)

    def offered(user) -> bool:
        return "performance_month" in {r.slug for r in reports_for(viewer_for(user))}

    for person in (org.chief, org.other_chief, org.deputy, org.director, org.personnel):
        assert offered(person.user), person.name
    assert offered(org.admin)
    assert not offered(org.staff.user) and not offered(org.inspector.user)
    assert "绩效表" not in login(org.inspector).get(EXPORTS).content.decode()
    page = login(org.personnel).get(EXPORTS).content.decode()
    assert "绩效表" in page
    assert page.index("考勤月报") < page.index("绩效表")  # still the form's first choice


def test_the_export_page_writes_the_units_sheet_and_the_rules(org):
    performance_rules_save(unit_id=None, values={"finding_4": Decimal(8)}, acting_user=org.admin)
    november_of(org.staff, org.chief)
    workbook = book(login(org.personnel).post(EXPORTS, NOVEMBER))
    assert workbook.sheetnames == ["绩效表", "绩效规则"]
    rows = list(workbook["绩效表"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == Staff.objects.count() == 9
    assert next(row for row in rows if row[1] == org.staff.name)[-2] == TOTAL
    assert ("月份", "2026年11月") in workbook["绩效规则"].iter_rows(values_only=True)


def test_a_chief_gets_their_section_and_is_refused_another(org):
    assert names(book(login(org.chief).post(EXPORTS, NOVEMBER))["绩效表"]) == {
        org.staff.name,
        org.chief.name,
    }
    response = login(org.chief).post(EXPORTS, {**NOVEMBER, "section": org.other_section.pk})
    assert response.status_code == 403


def test_a_city_role_gets_the_unit_it_picks_or_every_unit_in_turn(org):
    other = unit_with_roles()
    picked = book(login(org.admin).get(f"{SHEET}&unit={other.unit.pk}"))
    assert picked.sheetnames == ["绩效表", "绩效规则"]
    assert names(picked["绩效表"]) == {
        p.name for p in (other.director, other.personnel, other.inspector, other.chief, other.staff)
    }
    every = book(login(org.admin).post(EXPORTS, NOVEMBER))
    assert len(every.sheetnames) == 4
    assert every.sheetnames[2:] == ["市发改委绩效表", "市发改委绩效规则"]
    assert org.staff.name in names(every[every.sheetnames[0]])


def test_another_units_personnel_see_only_their_own(org):
    other = unit_with_roles()
    assert org.staff.name not in names(book(login(other.personnel).get(SHEET))["绩效表"])


def test_the_old_link_of_a_large_sheet_offers_the_job_and_its_post_starts_it(
    org, large, django_capture_on_commit_callbacks
):
    client = login(org.personnel)
    url = f"{SHEET}&section={org.section.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "后台生成" in page.content.decode()
    assert not ExportFile.objects.exists()  # a GET starts nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    export = ExportFile.objects.get()
    assert response["Location"] == reverse("office:job", args=[export.job_id])
    assert ExportFile.objects.get().params["section"] == org.section.pk
    job = Job.objects.get(pk=export.job_id)
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 2 + RULE_ROWS, 2 + RULE_ROWS)
    download = client.get(reverse("office:export_download", args=[export.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert names(workbook["绩效表"]) == {org.staff.name, org.chief.name}
    assert download["Content-Disposition"].endswith("2026-11.xlsx")
    assert login(org.chief).get(download.request["PATH_INFO"]).status_code == 404


@pytest.mark.parametrize("who", ["staff", "inspector"])
def test_roles_without_the_list_cannot_start_the_job(org, large, who):
    assert login(getattr(org, who)).post(SHEET).status_code == 403
    assert not ExportFile.objects.exists()


def test_the_export_reads_the_same_queries_for_few_or_many_people(org, django_assert_num_queries):
    november_of(org.staff, org.chief)
    client = login(org.personnel)
    client.post(EXPORTS, NOVEMBER)  # caches warmed
    # session, user, viewer (staff, roles, sections led); the sections for the form (the
    # unit's, and 政工科's own that the ledgers of findings offer); the sections and the
    # people counted; the sections again and is the month closed as the
    # file is built; the people; the frozen month; the rules; one per source (3).
    with django_assert_num_queries(17):
        client.post(EXPORTS, NOVEMBER)
    many_staff(org.section, 40)
    with django_assert_num_queries(17):
        assert client.post(EXPORTS, NOVEMBER).status_code == 200
