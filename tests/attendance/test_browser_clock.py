"""Clock-in journey in Chromium on a phone-sized screen: tap, see the record and the status,
tap again and be told it is already recorded; then the month calendar shows the day, and the
chief's section grid has counted the tap into the stored day."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import ClockRecord
from tests.browser.conftest import browser, log_in, shots_dir, working_morning  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_clocks_in_from_a_phone(browser, live_server, org, tmp_path, working_morning):  # noqa: F811
    # 10:00 on a working day whatever the real time: before 06:00 the tap is refused.
    shots = shots_dir(tmp_path)
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    log_in(page, live_server.url, org.staff.staff_no, shots, "clock")
    page.goto(live_server.url + "/attendance/")
    expect(page.get_by_text("以服务器时间为准")).to_be_visible()
    page.get_by_role("button", name="打卡").click()
    expect(page.get_by_text("打卡成功")).to_be_visible()
    page.screenshot(path=str(shots / "clock-done.png"), full_page=True)
    page.get_by_role("button", name="打卡").click()
    expect(page.get_by_text("无需重复打卡")).to_be_visible()
    assert ClockRecord.objects.filter(staff=org.staff).count() == 1
    page.goto(live_server.url + "/attendance/me/")
    expect(page.get_by_label("图例")).to_be_visible()
    page.screenshot(path=str(shots / "clock-month.png"), full_page=True)

    chief = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    log_in(chief, live_server.url, org.chief.staff_no, shots, "chief")
    chief.goto(f"{live_server.url}/attendance/sections/{org.section.pk}/")
    today = timezone.localdate()
    expect(chief.locator(f'span[title^="{today.month}月{today.day}日 上午"]')).to_have_count(1)
    chief.screenshot(path=str(shots / "clock-section-grid.png"), full_page=True)
