"""绩效 in Chromium: a person opens 我的绩效 from the menu, follows a line to the day behind it;
政工科 sees the unit's list and edits the rules."""

import datetime as dt

import pytest

from attendance.models import DayStatus
from leave.models import Conversion
from tests.browser.conftest import log_in, shots_dir
from tests.office.performance_data import day, overtime

pytestmark = pytest.mark.browser


@pytest.fixture
def november(transactional_db, org):
    day(org.staff, dt.date(2026, 11, 3), DayStatus.ABSENT, DayStatus.ABSENT)
    day(org.staff, dt.date(2026, 11, 4), DayStatus.LATE, DayStatus.NORMAL, late=12)
    overtime(org.staff, dt.date(2026, 11, 7), "3.5", Conversion.PERFORMANCE, verified=True)
    return org


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]
)
def test_a_person_follows_a_line_to_the_day(browser, live_server, november, tmp_path, viewport):
    org = november
    shots = shots_dir(tmp_path)
    label = "phone" if viewport["width"] < 500 else "desktop"
    page = browser.new_context(viewport=viewport).new_page()
    log_in(page, live_server.url, org.staff.staff_no, shots, f"perf-{label}")
    if label == "phone":
        page.click("button.navbar-toggler")
        # Bootstrap's collapse animates ("collapsing"): a click during it can be lost.
        page.wait_for_selector("#mainnav.collapse.show")
    page.click("a.dropdown-toggle:has-text('绩效')")
    page.wait_for_selector("a.dropdown-toggle:has-text('绩效')[aria-expanded='true']")
    page.click("text=我的绩效")
    page.wait_for_url("**/performance/")
    page.goto(live_server.url + "/performance/?month=2026-11")
    page.screenshot(path=str(shots / f"perf-mine-{label}.png"), full_page=True)
    # 旷工 2 half-days -20, 迟到 -2, overtime 3.5 hours +3.5
    assert page.locator("[data-total]").inner_text() == "-18.5"
    page.click("text=11月3日 全天旷工")
    page.wait_for_url("**/attendance/staff/**")
    assert page.locator("#d-2026-11-03").is_visible()
    page.screenshot(path=str(shots / f"perf-day-{label}.png"), full_page=True)


def test_personnel_list_the_unit_and_edit_the_rules(browser, live_server, november, tmp_path):
    org = november
    shots = shots_dir(tmp_path)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, live_server.url, org.personnel.staff_no, shots, "perf-personnel")
    page.goto(live_server.url + "/performance/list/?month=2026-11")
    page.screenshot(path=str(shots / "perf-list.png"), full_page=True)
    assert page.locator(f"text={org.staff.name}").is_visible()
    page.goto(live_server.url + "/performance/rules/")
    page.fill("input[name=late]", "3")
    page.fill("input[name=max_deduction]", "15")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=绩效规则已保存。")
    assert page.locator("text=迟到每次扣分：3").is_visible()
    page.screenshot(path=str(shots / "perf-rules.png"), full_page=True)
    page.goto(live_server.url + "/performance/list/?month=2026-11")
    row = page.locator("tr", has=page.locator(f"text={org.staff.name}"))
    assert "-11.5" in row.inner_text()  # deductions 20 + 3 capped at 15, +3.5
