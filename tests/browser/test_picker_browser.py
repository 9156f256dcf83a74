"""A people picker in Chromium: typing searches (htmx), a click picks, the form saves."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from office.approvals.models import Delegation
from tests.browser.conftest import log_in, shots_dir
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chief_searches_picks_and_delegates(browser, live_server, org, working_morning, tmp_path):
    StaffFactory.create_batch(3, name="陈同名", section=org.other_section)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    shots = shots_dir(tmp_path)
    log_in(page, live_server.url, org.chief.staff_no, shots, "picker")
    page.goto(live_server.url + "/leave/delegations/")
    box = page.locator("[data-staff-picker]")
    with page.expect_response(lambda r: "/pickers/staff/" in r.url):
        box.press_sequentially("陈科")
    match = page.locator("[data-pick]")
    expect(match).to_have_count(1)
    expect(match).to_contain_text("陈科长")
    match.click()
    expect(box).to_have_value(org.other_chief.staff_no)
    expect(page.locator("[data-pick]")).to_have_count(0)
    day = working_morning.date()
    page.fill("input[name=start]", day.isoformat())
    page.fill("input[name=end]", (day + dt.timedelta(days=2)).isoformat())
    page.screenshot(path=str(shots / "picker-picked.png"), full_page=True)
    page.get_by_role("button", name="委托").click()
    expect(page.locator("body")).to_contain_text("已委托")
    assert Delegation.objects.get().delegate == org.other_chief
    context.close()
