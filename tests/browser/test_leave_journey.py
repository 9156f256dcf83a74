"""Leave journey in Chromium: staff requests leave, the chief approves in the inbox, staff sees it."""

import os
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from leave.models import LeaveType
from office.calendar import add_working_days
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def leave_types(transactional_db) -> None:
    """A transactional test starts from a flushed database: seed the types as the migration does."""
    if not LeaveType.objects.exists():
        import_module("leave.migrations.0003_seed_leave_types").seed(django_apps, None)


def shots_dir(tmp_path: Path) -> Path:
    target = Path(os.environ.get("OFFICE_SHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def log_in(browser: Browser, base_url: str, staff_no: str) -> Page:
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", staff_no)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")
    return page


def test_staff_requests_chief_approves_staff_sees_it(
    browser, live_server, org, leave_types, tmp_path
):
    shots = shots_dir(tmp_path)
    day = add_working_days(timezone.localdate(), 3)

    staff = log_in(browser, live_server.url, org.staff.staff_no)
    staff.goto(live_server.url + "/leave/new/")
    staff.select_option("select[name=leave_type]", label="事假")
    staff.fill("input[name=start_date]", day.isoformat())
    staff.fill("input[name=end_date]", day.isoformat())
    staff.locator("input[name=end_date]").dispatch_event("change")
    expect(staff.get_by_test_id("day-count")).to_contain_text("共计 1 个工作日")
    staff.fill("textarea[name=reason]", "孩子学校家长会")
    staff.screenshot(path=str(shots / "leave-new-phone.png"), full_page=True)
    staff.get_by_role("button", name="提交申请").click()
    expect(staff.locator("body")).to_contain_text("请假申请已提交")
    expect(staff.locator("body")).to_contain_text("审批中")
    detail_url = staff.url

    chief = log_in(browser, live_server.url, org.chief.staff_no)
    chief.goto(live_server.url + "/approvals/")
    item = chief.get_by_test_id("inbox-item")
    expect(item).to_contain_text("刘职员 · 请假申请")
    chief.screenshot(path=str(shots / "leave-inbox-phone.png"), full_page=True)
    item.get_by_role("button", name="同意").click()
    expect(chief.locator("body")).to_contain_text("已同意刘职员的请假申请")
    expect(chief.locator("body")).to_contain_text("没有等待您审批的申请")

    staff.goto(detail_url)
    expect(staff.locator("body")).to_contain_text("已批准")
    expect(staff.locator("body")).to_contain_text("张科长")
    staff.screenshot(path=str(shots / "leave-detail-phone.png"), full_page=True)
