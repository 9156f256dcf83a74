"""The 打卡屏 in Chromium: it signs in once with its key, then redraws its code every step by
itself, rides out a short loss of the network on the codes sent ahead, says so when they run
out, and picks up again when the server answers; a phone scanning the code clocks in."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import ClockRecord
from attendance.services.door import door_screen_issue
from office.calendar import add_working_days
from tests.browser.conftest import SHANGHAI, log_in, shots_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STEP = 20_000  # ms: the default of door_code_seconds


def _code(page) -> str:
    """The door code the QR on show encodes: the step the page drew (its data attribute)."""
    return page.locator("#kiosk-code").get_attribute("data-step")


def test_the_screen_redraws_its_code_and_rides_out_a_network_hiccup(
    browser, live_server, org, tmp_path
):
    shots = shots_dir(tmp_path)
    _, key = door_screen_issue(unit=org.section.unit, name="东门", acting_user=org.personnel.user)
    # The server's clock and the page's move together, by the test's hand: the page takes the
    # server's time from each answer, as a screen whose own clock is wrong must.
    day = add_working_days(timezone.localdate(), 1)
    start = dt.datetime.combine(day, dt.time(8, 0, 3), tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=False) as server_clock:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        context.clock.install(time=start)
        page = context.new_page()

        def advance(ms: int) -> None:
            server_clock.shift(dt.timedelta(milliseconds=ms))
            page.clock.run_for(ms)

        page.goto(live_server.url + "/attendance/kiosk/signin/")
        page.fill("input[name=key]", key)
        page.click("button[type=submit]")
        page.wait_for_url("**/attendance/kiosk/")
        expect(page.locator("#kiosk-code svg")).to_be_visible()
        expect(page.locator("#kiosk-countdown")).to_contain_text("秒后更换二维码")
        page.screenshot(path=str(shots / "kiosk.png"))
        first = int(_code(page))

        with page.expect_response(lambda r: "/attendance/kiosk/codes/" in r.url):
            advance(STEP)
        expect(page.locator("#kiosk-code")).to_have_attribute("data-step", str(first + 1))

        # The network goes: the codes sent ahead keep the screen going three more steps …
        page.route("**/attendance/kiosk/codes/", lambda route: route.abort())
        advance(STEP)
        expect(page.locator("#kiosk-code")).to_have_attribute("data-step", str(first + 2))
        expect(page.locator("#kiosk-offline")).to_be_hidden()
        # … and past them the screen says so instead of showing a code that no longer counts.
        for _ in range(4):
            advance(STEP)
        expect(page.locator("#kiosk-offline")).to_be_visible()
        expect(page.locator("#kiosk-offline")).to_contain_text("网络中断，正在重试")
        expect(page.locator("#kiosk-code")).to_be_hidden()
        page.screenshot(path=str(shots / "kiosk-offline.png"))

        # Back: the next retry (every 5 s) draws the current step's code again.
        page.unroute("**/attendance/kiosk/codes/")
        with page.expect_response(lambda r: "/attendance/kiosk/codes/" in r.url):
            advance(6000)
        expect(page.locator("#kiosk-code")).to_have_attribute("data-step", str(first + 6))
        expect(page.locator("#kiosk-offline")).to_be_hidden()
        context.close()


def test_scanning_the_code_on_a_phone_clocks_in_from_that_door(
    browser, live_server, org, working_morning, tmp_path
):
    shots = shots_dir(tmp_path)
    screen, key = door_screen_issue(
        unit=org.section.unit, name="东门", acting_user=org.personnel.user
    )
    kiosk = browser.new_context(locale="zh-CN")
    wall = kiosk.new_page()
    wall.goto(live_server.url + "/attendance/kiosk/signin/")
    wall.fill("input[name=key]", key)
    wall.click("button[type=submit]")
    wall.wait_for_url("**/attendance/kiosk/")
    # What the camera app would open: the clock URL inside the QR, as the server sent it.
    codes = wall.evaluate("fetch('/attendance/kiosk/codes/').then(r => r.json())")
    now = timezone.now().timestamp() * 1000
    svg = next(c for c in codes["codes"] if c["from"] <= now < c["until"])
    step = svg["step"]
    kiosk.close()
    from attendance import door

    clock_url = f"{live_server.url}/attendance/?door={door.code_for(screen.pk, step)}"

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, org.staff.staff_no, shots, "kiosk-phone")
    page.goto(clock_url)
    expect(page.locator("#door-seen")).to_contain_text("已扫描“东门”打卡屏的二维码")
    page.screenshot(path=str(shots / "clock-from-door.png"), full_page=True)
    page.locator("form button.clock-button").click()
    expect(page.locator("body")).to_contain_text(re.compile("打卡成功"))
    assert ClockRecord.objects.get(staff=org.staff).screen_id == screen.pk
    phone.close()
