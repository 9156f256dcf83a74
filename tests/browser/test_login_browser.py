"""One journey in Debian's Chromium: open the site, get sent to login, log in by 工号, see 我的."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.factories import PASSWORD, SectionFactory, StaffFactory

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
# from it unless told this test process is not serving async requests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def person(transactional_db):
    return StaffFactory(
        staff_no="1102", name="王晓东", section=SectionFactory(name="综合科"), position="科员"
    )


def log_in(page: Page, base_url: str, staff_no: str, shots: Path, label: str) -> None:
    page.goto(base_url + "/")
    page.wait_for_url("**/accounts/login/**")
    page.screenshot(path=str(shots / f"login-{label}.png"), full_page=True)
    assert "工号" in page.content()
    page.fill("input[name=login]", staff_no)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")


def shots_dir(tmp_path: Path) -> Path:
    """Screenshots go to the test's tmp dir, or to OFFICE_SHOTS_DIR to look at them."""
    target = Path(os.environ.get("OFFICE_SHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_staff_logs_in_and_sees_the_home_page_in_chinese(browser, live_server, person, tmp_path):
    shots = shots_dir(tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, "1102", shots, "desktop")
    body = page.inner_text("body")
    assert "王晓东，您好" in body
    assert "我的" in body
    assert "Page not found" not in page.content()
    page.screenshot(path=str(shots / "home-desktop.png"), full_page=True)
    assert (shots / "home-desktop.png").stat().st_size > 10_000
    page.close()


def test_login_and_home_fit_a_phone(browser, live_server, person, tmp_path):
    shots = shots_dir(tmp_path)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, "1102", shots, "phone")
    assert "王晓东，您好" in page.inner_text("body")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(shots / "home-phone.png"), full_page=True)
    context.close()
