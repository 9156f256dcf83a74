"""Shared set-up for the Chromium journeys (Debian's chromium driven by Playwright)."""

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, sync_playwright

from office.calendar import add_working_days
from tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
    # from it unless told this test process is not serving async requests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launch()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launch() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def shots_dir(tmp_path: Path) -> Path:
    """Screenshots go to the test's tmp dir, or to OFFICE_SHOTS_DIR to look at them."""
    target = Path(os.environ.get("OFFICE_SHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def log_in(page: Page, base_url: str, staff_no: str, shots: Path, label: str) -> None:
    """Open the site, get sent to the login page, log in by 工号 and land on 我的."""
    page.goto(base_url + "/")
    page.wait_for_url("**/accounts/login/**")
    page.screenshot(path=str(shots / f"login-{label}.png"), full_page=True)
    assert "工号" in page.content()
    page.fill("input[name=login]", staff_no)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")


SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def working_morning() -> Iterator[dt.datetime]:
    """The server's clock at 10:00 (Shanghai) of the next working day, ticking: mid-morning, so
    the pages show a day in progress whatever the real time. Ahead of the real date, so the
    browser keeps the session cookie the server sets."""
    day = add_working_days(timezone.localdate(), 1)
    moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=True):
        yield moment
