"""The 去向 board in Chromium: it refreshes its table in place every two minutes (htmx polling,
no page reload), and the person watching can pause and resume that."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.services.clock import clock_in
from tests.browser.conftest import log_in, shots_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TWO_MINUTES = 120_000


def test_board_refreshes_in_place_and_can_be_paused(
    browser,
    live_server,
    org,
    working_morning,
    tmp_path,
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.clock.install()  # the page's timers run on a clock the test moves
    page = context.new_page()
    log_in(page, live_server.url, org.chief.staff_no, shots_dir(tmp_path), "board")
    page.goto(live_server.url + "/attendance/board/")
    page.evaluate("window.__samePage = true")  # gone if the page reloads
    toggle = page.locator("#board-refresh-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#board")).to_contain_text("在岗 0")

    clock_in(staff=org.staff, now=timezone.now(), ip=None, user_agent="", acting_user=None)
    with page.expect_response(lambda r: "/attendance/board/" in r.url) as polled:
        page.clock.run_for(TWO_MINUTES + 1000)
    assert polled.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#board")).to_contain_text("在岗 1")
    assert page.evaluate("window.__samePage") is True

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_contain_text("恢复自动刷新")
    expect(toggle).to_be_focused()  # htmx keeps focus on the swapped-in button (same id)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.clock.run_for(3 * TWO_MINUTES)
    page.wait_for_timeout(300)
    assert not [url for url in requests if "/attendance/board/" in url]

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    with page.expect_response(lambda r: "/attendance/board/" in r.url):
        page.clock.run_for(TWO_MINUTES + 1000)
    assert page.evaluate("window.__samePage") is True
    context.close()


def test_board_of_many_sections_opens_one_section_in_place(
    browser, live_server, org, working_morning, tmp_path, monkeypatch
):
    monkeypatch.setattr("attendance.views.grids.BOARD_OPEN_SECTIONS", 1)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, org.director.staff_no, shots_dir(tmp_path), "board-summary")
    page.goto(live_server.url + "/attendance/board/")
    page.evaluate("window.__samePage = true")
    row = page.locator(f"#board-section-{org.section.pk}")
    expect(row).to_contain_text("综合科")
    expect(page.locator("#board")).not_to_contain_text("刘职员")
    row.get_by_text("展开名单").click()
    expect(page.locator("#board")).to_contain_text("刘职员")
    expect(page.locator("#board")).not_to_contain_text("杨职员")
    assert page.evaluate("window.__samePage") is True
    assert f"section={org.section.pk}" in page.url
    context.close()
