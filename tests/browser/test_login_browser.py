"""One journey in Debian's Chromium: open the site, get sent to login, log in by 工号, see 我的."""

import pytest

from tests.browser.conftest import log_in, shots_dir
from tests.factories import SectionFactory, StaffFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def person(transactional_db):
    return StaffFactory(
        staff_no="1102", name="王晓东", section=SectionFactory(name="综合科"), position="科员"
    )


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
