"""Finding journey in Chromium on a phone: 督导小组 records with a photo, confirms and orders
rectification; the chief answers with 整改反馈; the person sees it closed."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import Finding
from tests.browser.conftest import browser, log_in, shots_dir  # noqa: F401 - the fixture
from tests.inspections.conftest import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _phone(browser, live_server, person, shots, label):  # noqa: F811
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server.url, person.staff_no, shots, label)
    return page


def test_finding_from_phone_photo_to_rectification_feedback(
    browser,  # noqa: F811
    live_server,
    checklist,
    org,
    media,
    tmp_path,
):
    shots = shots_dir(tmp_path)
    page = _phone(browser, live_server, org.inspector, shots, "inspector")
    page.goto(live_server.url + "/inspections/findings/new/")
    page.select_option("select[name=section]", str(org.section.pk))
    # The section's people arrive by htmx; then pick the person.
    page.wait_for_selector(f"select[name=staff] option[value='{org.staff.pk}']", state="attached")
    page.select_option("select[name=staff]", str(org.staff.pk))
    page.select_option("select[name=item]", label="1-03 上班串岗")
    page.fill("input[name=place]", "三楼走廊")
    page.fill("textarea[name=description]", "上班时间到其他科室闲聊")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "cam.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.screenshot(path=str(shots / "finding-form.png"), full_page=True)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("督查发现")
    expect(page.locator("img[alt^=证据照片]")).to_have_count(1)
    page.click("text=确认问题")
    # A deadline the office can mean (a year like 2099 is refused as a typo).
    deadline = timezone.localdate() + dt.timedelta(days=14)
    page.fill("input[name=deadline]", deadline.isoformat())
    page.click("text=下达整改")
    expect(page.locator(".badge").first).to_have_text("整改中")
    page.context.close()

    page = _phone(browser, live_server, org.chief, shots, "chief")
    page.goto(live_server.url + "/inspections/rectification/")
    page.click("text=上班串岗")
    page.fill("textarea[name=feedback]", "已谈话提醒，本人作出检讨。")
    page.click("text=提交整改反馈")
    expect(page.locator(".alert-success")).to_contain_text("整改反馈已提交")
    page.screenshot(path=str(shots / "finding-closed.png"), full_page=True)
    page.context.close()

    page = _phone(browser, live_server, org.staff, shots, "staff")
    page.goto(live_server.url + "/inspections/mine/")
    expect(page.locator(".list-group")).to_contain_text("已整改")
    page.context.close()
    assert Finding.objects.get().status == Finding.Status.CLOSED
