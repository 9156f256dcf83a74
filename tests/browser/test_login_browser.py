"""One journey in Debian's Chromium: open the site, get sent to login, log in by 工号, see 我的."""

import pytest

from tests.browser.conftest import log_in, shots_dir
from tests.factories import PASSWORD, SectionFactory, StaffFactory

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


def test_a_handed_out_password_is_changed_before_anything_else(browser, live_server, person):
    """An imported or reset account: the first login lands on 修改密码, then on 我的."""
    person.must_change_password = True
    person.save()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    page.fill("input[name=login]", "1102")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/password/change/")
    assert "请先修改密码再使用系统" in page.inner_text("body")
    page.goto(live_server.url + "/attendance/clock/")
    page.wait_for_url("**/accounts/password/change/")
    page.fill("input[name=oldpassword]", PASSWORD)
    page.fill("input[name=password1]", "Qiuyu#Lan2027")
    page.fill("input[name=password2]", "Qiuyu#Lan2027")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    page.goto(live_server.url + "/")
    page.wait_for_url(live_server.url + "/")
    assert "王晓东，您好" in page.inner_text("body")
    page.close()
