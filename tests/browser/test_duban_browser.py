"""督查督办 in Chromium: the deputy registers an instruction for 刘职员, who signs for it,
reports progress with a photo and reports it done; the deputy confirms it."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Browser, Page, expect

from inspections.models import Item
from office.models import Receipt, ReceiptState
from tests.browser.conftest import shots_dir
from tests.factories import PASSWORD
from tests.images import tiny_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def checklist_items(transactional_db) -> None:
    if not Item.objects.exists():
        import_module("inspections.migrations.0002_checklist").load_checklist(django_apps, None)


def log_in(browser: Browser, base_url: str, staff_no: str, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", staff_no)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")
    return page


def test_leader_registers_staff_signs_reports_and_finishes_leader_confirms(
    browser, live_server, org, checklist_items, working_morning, tmp_path
):
    shots = shots_dir(tmp_path)
    due = (working_morning + dt.timedelta(days=7)).strftime("%Y-%m-%dT17:30")

    leader = log_in(browser, live_server.url, org.deputy.staff_no, DESKTOP)
    leader.goto(live_server.url + "/inspections/instructions/")
    leader.get_by_role("link", name="登记督办事项").click()
    leader.get_by_label("督办事项").fill("落实李市长关于老旧小区改造的批示")
    leader.get_by_label("来源").select_option(label="市长批示")
    leader.get_by_label("批示（来文）内容").fill("请综合科牵头提出方案，按时报送。")
    leader.get_by_role("searchbox", name="其他责任人").press_sequentially("刘职")
    leader.locator(f'[data-pick="{org.staff.staff_no}"]').click()
    expect(leader.locator("[data-chip]")).to_have_text([f"刘职员（{org.staff.staff_no}）"])
    leader.get_by_label("办结时限").fill(due)
    leader.get_by_label("反馈要求").select_option(label="每周")
    leader.get_by_label("每周反馈日").select_option(label="周五")
    leader.screenshot(path=str(shots / "duban-register-desktop.png"), full_page=True)
    leader.get_by_role("button", name="登记并送达").click()
    expect(leader.locator("body")).to_contain_text("督办事项已登记")
    instruction_url = leader.url

    staff = log_in(browser, live_server.url, org.staff.staff_no, PHONE)
    staff.goto(live_server.url + "/inspections/instructions/mine/")
    staff.get_by_role("link", name="落实李市长关于老旧小区改造的批示").click()
    staff.get_by_role("button", name="签收").click()
    expect(staff.locator("body")).to_contain_text("已签收")
    photo = tmp_path / "现场.png"
    photo.write_bytes(tiny_image("PNG"))
    staff.get_by_label("进展情况").fill("已召集相关科室研究，形成方案初稿。")
    staff.get_by_label("附件").set_input_files(str(photo))
    staff.get_by_role("button", name="反馈进展").click()
    expect(staff.locator("body")).to_contain_text("进展已反馈")
    expect(staff.locator("body")).to_contain_text("现场.png")
    staff.get_by_label("办结说明").fill("方案已报送市政府。")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="办结上报").click()
    expect(staff.locator("body")).to_contain_text("已办结上报")
    staff.screenshot(path=str(shots / "duban-staff-phone.png"), full_page=True)

    leader.goto(instruction_url)
    expect(leader.locator("body")).to_contain_text("已召集相关科室研究")
    leader.get_by_role("button", name="确认办结").click()
    expect(leader.locator("body")).to_contain_text("已确认办结")
    leader.screenshot(path=str(shots / "duban-confirmed-desktop.png"), full_page=True)
    assert Receipt.objects.get(staff=org.staff).state == ReceiptState.CONFIRMED
