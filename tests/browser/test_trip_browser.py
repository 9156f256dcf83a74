"""Issue 15 in Chromium, at 1366 px and 390 px: the settings page's tiers table, the badge
cleared by opening the notifications, the leave calendar's 审批中, 返回 on the clock page and
the balance on the home page. OFFICE_SHOTS_DIR=/tmp/x keeps the screenshots."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.services.requests import outing_create
from leave.models import LeaveType
from leave.services import leave_request_create
from office import config
from office.approvals.services import approval_decide
from office.calendar import add_working_days
from office.models import Notification
from tests.browser.conftest import log_in, shots_dir
from tests.browser.test_leave_journey import leave_types  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("leave_types"),
]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(params=list(WIDTHS))
def width(request):
    return request.param


def new_page(browser, width):
    w, h = WIDTHS[width]
    return browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN").new_page()


def test_settings_tiers_rows_are_added_removed_and_saved(
    browser, live_server, org, working_morning, tmp_path, width
):
    shots = shots_dir(tmp_path)
    page = new_page(browser, width)
    log_in(page, live_server.url, org.personnel.staff_no, shots, f"settings-{width}")
    page.goto(live_server.url + "/settings/")
    box = page.locator('[data-setting="annual_leave_tiers"]')
    expect(box.locator("tbody tr")).to_have_count(3)
    box.locator("[data-tier-add]").click()
    expect(box.locator("tbody tr")).to_have_count(4)
    box.locator("tbody tr").nth(3).locator("input").nth(0).fill("30")
    box.locator("tbody tr").nth(3).locator("input").nth(1).fill("20")
    box.locator("tbody tr").nth(0).locator("[data-tier-remove]").click()
    page.get_by_label("绩效奖励").check()
    box.screenshot(path=str(shots / f"settings-tiers-{width}.png"))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("设置已保存")
    assert config.get("annual_leave_tiers") == "10:10,20:15,30:20"
    assert config.get("overtime_conversion") == "performance"
    expect(page.locator("table").last).to_contain_text("绩效奖励")
    page.screenshot(path=str(shots / f"settings-{width}.png"), full_page=True)
    page.context.close()


def test_opening_the_notifications_clears_the_badge(
    browser, live_server, org, working_morning, tmp_path, width
):
    shots = shots_dir(tmp_path)
    for title in ("请假已批准", "加班已核实"):
        Notification.objects.create(recipient=org.staff.user, title=title)
    page = new_page(browser, width)
    log_in(page, live_server.url, org.staff.staff_no, shots, f"bell-{width}")
    expect(page.locator("[data-unread-badge]:visible")).to_have_text("2")
    page.goto(live_server.url + "/notifications/")
    expect(page.locator("[data-mark-shown-text]")).to_have_text("本页新通知已标为已读。")
    expect(page.locator("[data-unread-badge]")).to_have_count(0)
    page.screenshot(path=str(shots / f"notifications-{width}.png"), full_page=True)
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    page.reload()
    expect(page.locator(".list-group-item-warning")).to_have_count(0)
    page.context.close()


def test_leave_calendar_marks_pending_leave(
    browser, live_server, org, working_morning, tmp_path, width
):
    shots = shots_dir(tmp_path)
    day = add_working_days(timezone.localdate(), 2)
    leave_request_create(
        acting_user=org.staff.user,
        leave_type=LeaveType.objects.get(code="personal"),
        start_date=day,
        start_half="am",
        end_date=day,
        end_half="pm",
        reason="家中有事",
    )
    page = new_page(browser, width)
    log_in(page, live_server.url, org.chief.staff_no, shots, f"calendar-{width}")
    page.goto(live_server.url + f"/leave/calendar/?month={day:%Y-%m}")
    cell = page.locator("td.out.pending")
    expect(cell).to_have_count(1)
    expect(cell).to_contain_text("审")
    page.screenshot(path=str(shots / f"leave-calendar-{width}.png"), full_page=True)
    page.get_by_role("link", name="已批准").click()
    expect(page.locator("td.out")).to_have_count(0)
    page.context.close()


def test_return_from_the_clock_page_and_balances_on_home(
    browser, live_server, org, working_morning, tmp_path, width
):
    shots = shots_dir(tmp_path)
    now = timezone.now()
    outing = outing_create(
        acting_user=org.staff.user,
        destination="市财政局",
        reason="报送预算材料",
        start=now - dt.timedelta(minutes=52),
        expected_return=now + dt.timedelta(hours=1),
    )
    approval_decide(request_obj=outing, acting_user=org.chief.user, approve=True)
    day = add_working_days(timezone.localdate(), 3)
    leave_request_create(
        acting_user=org.staff.user,
        leave_type=LeaveType.objects.get(code="annual"),
        start_date=day,
        start_half="am",
        end_date=add_working_days(day, 2),
        end_half="pm",
        reason="回老家",
    )
    page = new_page(browser, width)
    log_in(page, live_server.url, org.staff.staff_no, shots, f"outing-{width}")
    expect(page.get_by_test_id("outing-open")).to_contain_text("外出中：市财政局，预计")
    expect(page.locator("body")).to_contain_text("另有 3 天审批中")
    page.screenshot(path=str(shots / f"home-{width}.png"), full_page=True)
    page.goto(live_server.url + "/attendance/")
    page.screenshot(path=str(shots / f"clock-outing-{width}.png"), full_page=True)
    page.get_by_test_id("outing-open").get_by_role("button", name="返回").click()
    expect(page.locator(".alert-success")).to_contain_text("已返回，外出用时 52 分")
    expect(page.get_by_test_id("outing-open")).to_have_count(0)
    page.screenshot(path=str(shots / f"clock-returned-{width}.png"), full_page=True)
    page.goto(live_server.url + "/attendance/requests/outing/mine/")
    expect(page.locator(".list-group")).to_contain_text("已返回")
    page.context.close()
