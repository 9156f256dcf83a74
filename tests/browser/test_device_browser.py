"""本人设备 in Chromium: a tap from a phone not yet approved shows on the chief's 去向 board as
打卡待确认, and 政工科 unbinds the old phone from the person's page with a reason.
OFFICE_SHOTS_DIR=/tmp/x keeps the screenshots."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import ClockDevice
from attendance.services.clock import clock_in
from tests.attendance.proofs import require_proofs
from tests.browser.conftest import log_in, shots_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"


def test_a_held_tap_on_the_board_and_personnel_unbinds_the_old_phone(
    browser, live_server, org, working_morning, tmp_path, django_capture_on_commit_callbacks
):
    shots = shots_dir(tmp_path)
    require_proofs(org.section, django_capture_on_commit_callbacks, device=True)
    ClockDevice.objects.create(
        staff=org.staff,
        device_id="a" * 32,
        label="安卓 · 微信",
        bound_at=timezone.now() - dt.timedelta(days=7),
    )
    held = clock_in(
        staff=org.staff,
        now=timezone.now(),
        ip=None,
        user_agent=IPHONE,
        acting_user=org.staff.user,
        device_id="b" * 32,
    )
    assert held.record is None

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, org.chief.staff_no, shots, "chief")
    page.goto(live_server.url + "/attendance/board/")
    expect(page.locator("#board")).to_contain_text("打卡待确认 1")
    expect(page.locator("li.wb-held")).to_contain_text("刘职员")
    page.screenshot(path=str(shots / "board-held.png"), full_page=True)
    context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server.url, org.personnel.staff_no, shots, "personnel")
    page.goto(f"{live_server.url}/people/{org.staff.pk}/")
    card = page.locator("#person-devices")
    expect(card).to_contain_text("已绑定：安卓 · 微信")
    page.get_by_label("解除绑定的原因").fill("手机丢失，已换新手机")
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "unbind-form.png"), full_page=True)
    card.get_by_role("button", name="解除绑定").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "已解除刘职员的打卡设备（安卓 · 微信）绑定"
    )
    expect(card).to_contain_text("尚未绑定打卡设备")
    expect(card).to_contain_text("周政工 · 原因：手机丢失，已换新手机")
    page.screenshot(path=str(shots / "unbind-done.png"), full_page=True)
    context.close()
    assert not ClockDevice.objects.filter(retired_at=None).exists()
