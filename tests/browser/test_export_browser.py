"""政工科 starts a large export on 报表导出, follows its bar as the rows are written (htmx polls
the job), then downloads the workbook from the finished job."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from office import jobs, reports
from office.models import ExportFile
from tests.browser.conftest import log_in, shots_dir
from tests.browser.test_csp_browser import watched  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_large_export_shows_its_progress_and_downloads(
    browser,
    live_server,
    org,
    watched,  # noqa: F811 - the fixture imported above
    tmp_path,
    settings,
    monkeypatch,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = shots_dir(tmp_path)
    monkeypatch.setattr("office.report_views.INLINE_MAX_ROWS", 0)  # 18 rows go to a job
    monkeypatch.setattr("office.exports.PROGRESS_EVERY", 4)
    queued = []
    # The job waits in the queue (no worker here); the test runs it below, step by step.
    monkeypatch.setattr(jobs, "enqueue", lambda task, **kwargs: queued.append(kwargs))
    w = watched()
    log_in(w.page, live_server.url, org.personnel.staff_no, shots, "export-personnel")

    page = w.visit(live_server.url + "/exports/")
    page.select_option("select[name=report]", "attendance_month")
    page.get_by_role("button", name="导出").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.locator("#job")).to_contain_text("排队中")
    page.screenshot(path=str(shots / "export-queued.png"), full_page=True)

    seen = []
    progress = reports.job_progress

    def watched_progress(job, done, total):  # noqa: ANN001, ANN202 - the job's own signature
        progress(job, done, total)
        if 0 < done < total:  # the page, polling every second, shows the rows written so far
            expect(page.locator("#job")).to_contain_text(f"{done} / {total}", timeout=5000)
            seen.append(page.locator("progress.job-progress").get_attribute("value"))
            page.screenshot(path=str(shots / f"export-{done}.png"), full_page=True)

    monkeypatch.setattr(reports, "job_progress", watched_progress)
    (kwargs,) = queued
    reports.export_run.apply(kwargs=kwargs)
    assert seen == ["22", "44", "66", "88"]  # 4, 8, 12 and 16 of 18 rows: the bar moved

    expect(page.locator("#job")).to_contain_text("已完成", timeout=5000)
    expect(page.locator("#job")).to_contain_text("共 18 行")
    page.screenshot(path=str(shots / "export-done.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").click()
    export = ExportFile.objects.get()
    assert download.value.suggested_filename == export.filename
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert workbook.sheetnames[:2] == ["全部", "主任室"]
    assert w.violations() == []
