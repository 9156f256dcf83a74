"""报表导出 (office:exports): who sees which reports, a small export downloaded at once, a large
one written by a job and kept for its requester (and 政工科 of their unit) until it expires."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from office import reports
from office.models import ExportFile, Job
from office.reports import exports_expired_delete
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles

URL = "/exports/"
NOVEMBER = {"report": "attendance_month", "month": "2026-11"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def large(monkeypatch):
    """Every export counts as large: it goes through the job."""
    monkeypatch.setattr("office.report_views.INLINE_MAX_ROWS", 0)


def test_it_lists_the_reports_each_role_may_run(org):
    page = login(unit_with_roles().personnel).get(URL).content.decode()
    assert "考勤月报" in page and "请假台账" in page and "加班台账" in page
    assert "督查问题台账" not in page  # 政工科 sees no finding (unless they lead a section)
    assert "督查问题台账" in login(org.inspector).get(URL).content.decode()
    chief_page = login(org.chief).get(URL).content.decode()
    assert "综合科" in chief_page and "行政科" not in chief_page


def test_plain_staff_are_refused_the_page(org):
    assert login(org.staff).get(URL).status_code == 403


def test_it_takes_get_and_post_only(org):
    assert login(org.personnel).put(URL).status_code == 405


def test_a_small_export_downloads_at_once(org):
    data = {**NOVEMBER, "section": org.section.pk}
    response = login(org.chief).post(URL, data)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["综合科"]
    assert not ExportFile.objects.exists()


def test_a_chief_asking_for_another_section_is_refused(org):
    data = {**NOVEMBER, "section": org.other_section.pk}
    response = login(org.chief).post(URL, data)
    assert response.status_code == 403
    assert "只能导出您所管理科室的报表。" in response.content.decode()


def test_a_report_the_viewer_may_not_run_is_not_a_choice(org):
    personnel = unit_with_roles().personnel
    response = login(personnel).post(URL, {**NOVEMBER, "report": "finding_ledger"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


def test_a_bad_month_is_a_form_error(org):
    response = login(org.personnel).post(URL, {**NOVEMBER, "month": "2026-13"})
    assert "月份格式应为" in response.content.decode()


def test_a_period_backwards_is_refused(org):
    data = {"report": "leave_ledger", "start": "2026-11-30", "end": "2026-11-01"}
    response = login(org.personnel).post(URL, data)
    assert response.status_code == 403
    assert "结束日期不能早于开始日期。" in response.content.decode()


def test_the_month_grid_link_fills_the_form_in(org):
    page = login(org.chief).get(URL, {**NOVEMBER, "section": org.section.pk}).content.decode()
    assert 'value="2026-11"' in page
    assert f'<option value="{org.section.pk}" selected>' in page


def test_a_large_export_runs_as_a_job_and_is_downloaded_by_its_requester(
    org, large, django_capture_on_commit_callbacks
):
    client = login(org.personnel)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, NOVEMBER)
    export = ExportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:job", args=[export.job_id])
    job = Job.objects.get(pk=export.job_id)
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 18, 18)  # 9 people, 2 sheets
    assert "共 18 行，保留 7 天" in job.message
    page = client.get(response["Location"]).content.decode()
    assert reverse("office:export_download", args=[export.pk]) in page and "下载" in page
    download = client.get(reverse("office:export_download", args=[export.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[0] == "全部"
    assert "filename*=utf-8''" in download["Content-Disposition"].lower()
    assert export.label in client.get(URL).content.decode()  # 我的导出


def test_only_the_requester_and_personnel_of_their_unit_may_download(
    org, large, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(org.chief).post(URL, {**NOVEMBER, "section": org.section.pk})
    url = reverse("office:export_download", args=[ExportFile.objects.get().pk])
    assert login(org.chief).get(url).status_code == 200
    assert login(org.personnel).get(url).status_code == 200
    for person in (org.staff, org.other_chief, org.deputy, org.director, org.inspector):
        assert login(person).get(url).status_code == 404, person.name
    assert login(org.admin).get(url).status_code == 404
    assert login(unit_with_roles().personnel).get(url).status_code == 404
    assert login(org.chief).get(reverse("office:export_download", args=[999])).status_code == 404


def test_the_file_is_kept_for_the_retention_setting_then_deleted(
    org, large, media, django_capture_on_commit_callbacks
):
    from office.config import setting_set

    setting_set(key="export_retention_days", value=3, acting_user=org.personnel.user)
    with django_capture_on_commit_callbacks(execute=True):
        login(org.personnel).post(URL, NOVEMBER)
    export = ExportFile.objects.get()
    path = media / export.file.name
    assert path.exists()
    left = export.expires_at - timezone.now()
    assert dt.timedelta(days=3) - dt.timedelta(minutes=1) < left <= dt.timedelta(days=3)
    url = reverse("office:export_download", args=[export.pk])
    assert exports_expired_delete(acting_user=None, now=timezone.now()) == 0
    ExportFile.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert login(org.personnel).get(url).status_code == 404  # expired, not yet deleted
    assert exports_expired_delete(acting_user=None, now=timezone.now()) == 1
    assert not path.exists() and not ExportFile.objects.exists()


def test_the_job_exports_what_the_requester_may_see_when_it_runs(
    org, large, django_capture_on_commit_callbacks
):
    """A chief who lost the section before the job ran gets a failed job, not its people."""
    from office.services import section_set_leaders

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        login(org.chief).post(URL, {**NOVEMBER, "section": org.section.pk})
    section_set_leaders(
        section=org.section, chief=StaffFactory(section=org.section), deputy=None, acting_user=None
    )
    for callback in callbacks:
        callback()
    export = ExportFile.objects.get()
    assert Job.objects.get(pk=export.job_id).status == Job.Status.FAILED
    assert not export.file


def test_the_page_and_the_download_take_a_bounded_number_of_queries(
    org, large, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = login(org.personnel)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(URL, NOVEMBER)
    client.get(URL)
    # session, user, viewer (staff, roles, the sections they lead); the sections the six reports
    # offer, once per distinct set (the unit's, for most; 政工科 leads 政工科, so the 督查问题台账
    # and the 督办台账 offer that one); the menu's two counts (notifications, approvals waiting);
    # the recent exports with their jobs.
    with django_assert_num_queries(10):
        client.get(URL)
    export = ExportFile.objects.first()
    # session, user, viewer (staff, roles, the sections they lead), the export.
    with django_assert_num_queries(6):
        client.get(reverse("office:export_download", args=[export.pk]))


def test_inline_limit_is_a_few_hundred_rows():
    assert 100 <= reports.INLINE_MAX_ROWS <= 1000
