"""公务用车 in Chromium, from the request to the closed trip: 刘职员 asks for a car, 张科长
approves in 待我审批, the 车队 dispatches, the driver logs the trip, the 车队 checks it."""

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from office import roles
from office.services import role_grant
from tests.browser.conftest import shots_dir
from tests.factories import PASSWORD, SectionFactory, StaffFactory
from vehicles.services import driver_add, vehicle_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def log_in(browser: Browser, base_url: str, staff_no: str, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", staff_no)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")
    return page


def both_sizes(page: Page, shots, name: str) -> None:
    """The page at 1366 and at 390 px wide (the phone last, or the desktop, as it came)."""
    size = page.viewport_size
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(shots / f"vehicles-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)


def test_from_request_to_closed_trip(browser, live_server, org, working_morning, tmp_path):
    shots = shots_dir(tmp_path)
    section = SectionFactory(name="车队", order=5)
    pool = StaffFactory(name="孙车队", section=section)
    role_grant(staff=pool, role=roles.MOTOR_POOL, acting_user=None)
    driver = driver_add(staff=StaffFactory(name="钱司机", section=section), acting_user=pool.user)
    vehicle_create(plate="赣A·G0001", kind="sedan", seats=5, section=section, acting_user=pool.user)
    day = working_morning.date()
    start = dt.datetime.combine(day, dt.time(8, 40))

    staff = log_in(browser, live_server.url, org.staff.staff_no, PHONE)
    staff.get_by_role("button", name="菜单").click()
    staff.get_by_role("button", name="用车", exact=True).click()
    staff.get_by_role("link", name="申请用车").click()
    staff.fill("input[name=start]", f"{start:%Y-%m-%dT%H:%M}")
    staff.fill("input[name=end]", f"{start + dt.timedelta(hours=1):%Y-%m-%dT%H:%M}")
    staff.fill("input[name=destination]", "市档案馆")
    staff.fill("textarea[name=purpose]", "查阅2025年度档案")
    staff.fill("input[name=passengers]", "2")
    both_sizes(staff, shots, "request-new")
    staff.get_by_role("button", name="提交").click()
    expect(staff.locator("body")).to_contain_text("用车申请已提交")
    expect(staff.locator("body")).to_contain_text("审批中")
    detail_url = staff.url

    chief = log_in(browser, live_server.url, org.chief.staff_no, PHONE)
    chief.goto(live_server.url + "/approvals/")
    item = chief.get_by_test_id("inbox-item")
    expect(item).to_contain_text("刘职员 · 用车申请")
    item.get_by_role("button", name="同意").click()
    expect(chief.locator("body")).to_contain_text("已同意刘职员的用车申请")

    motor_pool = log_in(browser, live_server.url, pool.staff_no, DESKTOP)
    expect(motor_pool.locator("body")).to_contain_text("待派车：1 件")
    motor_pool.goto(live_server.url + "/vehicles/queue/")
    both_sizes(motor_pool, shots, "queue")
    motor_pool.get_by_role("link", name="刘职员").click()
    motor_pool.select_option("select[name=vehicle]", label="赣A·G0001（轿车，5座）")
    motor_pool.select_option("select[name=driver]", label="钱司机")
    both_sizes(motor_pool, shots, "dispatch")
    motor_pool.get_by_role("button", name="派车", exact=True).click()
    expect(motor_pool.locator("body")).to_contain_text("已派车，申请人和驾驶员会收到通知")

    driving = log_in(browser, live_server.url, driver.staff.staff_no, PHONE)
    driving.goto(live_server.url + "/vehicles/trips/")
    driving.get_by_role("link", name="登记行车记录").first.click()
    driving.fill("input[name=start_km]", "12000")
    driving.fill("input[name=end_km]", "11990")
    driving.fill("input[name=fuel_cost]", "35.5")
    driving.get_by_role("button", name="提交").click()
    expect(driving.locator("body")).to_contain_text(
        "收车里程（11990公里）不能小于出车里程（12000公里）"
    )
    driving.fill("input[name=end_km]", "12018")
    both_sizes(driving, shots, "trip-new")
    driving.get_by_role("button", name="提交").click()
    expect(driving.locator("body")).to_contain_text("行车记录已登记，待车队核查")
    both_sizes(driving, shots, "trips-driver")

    motor_pool.goto(live_server.url + "/vehicles/queue/")
    expect(motor_pool.locator("body")).to_contain_text("12000→12018（18 公里）")
    motor_pool.get_by_role("button", name="核查无误").click()
    expect(motor_pool.locator("body")).to_contain_text("行车记录已核查，本次出车结束")
    motor_pool.goto(live_server.url + "/vehicles/fleet/")
    both_sizes(motor_pool, shots, "fleet")

    staff.goto(detail_url)
    expect(staff.locator("body")).to_contain_text("已派车")
    expect(staff.locator("body")).to_contain_text("已核查")
    both_sizes(staff, shots, "request-detail")
