"""政工科 changes a calendar day and lands on the recompute's progress; a running job's page
follows it to the end by htmx polling, under the Content-Security-Policy."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from office.models import Job
from tests.browser.conftest import log_in, shots_dir
from tests.browser.test_csp_browser import watched  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_calendar_change_shows_the_recompute_and_a_running_job_is_followed(
    browser,
    live_server,
    org,
    watched,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    shots = shots_dir(tmp_path)
    w = watched()
    log_in(w.page, live_server.url, org.personnel.staff_no, shots, "job-personnel")

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = w.visit(live_server.url + reverse("attendance:calendar_day", args=[yesterday]))
    page.select_option("select[name=kind]", "holiday")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.locator("#job")).to_contain_text("已完成")  # no worker here: it ran in-process
    expect(page.locator("#job")).to_contain_text("重新计算9人的考勤")
    page.screenshot(path=str(shots / "job-done.png"), full_page=True)

    running = Job.objects.create(
        kind="test", label="重新计算考勤", requested_by=org.personnel.user, total=10
    )
    Job.objects.filter(pk=running.pk).update(status=Job.Status.RUNNING, done=3)
    page = w.visit(live_server.url + reverse("office:job", args=[running.pk]))
    expect(page.locator("#job")).to_contain_text("3 / 10")
    assert page.locator("progress.job-progress").get_attribute("value") == "30"
    Job.objects.filter(pk=running.pk).update(
        status=Job.Status.DONE, done=10, message="全部完成。", url="/attendance/calendar/"
    )
    expect(page.locator("#job")).to_contain_text("全部完成。", timeout=5000)  # polled
    expect(page.get_by_role("link", name="返回")).to_be_visible()
    assert w.violations() == []
