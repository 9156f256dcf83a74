"""People pickers in Chromium: typing searches (htmx), a click picks, the form saves; the
several-people picker shows chips that can be removed."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from office.approvals.models import Delegation
from reading.models import StudyTask
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


def test_personnel_picks_two_by_part_of_a_name_removes_one_and_sends(
    browser, live_server, org, working_morning, tmp_path
):
    """The several-people picker (学习任务's 指定人员, as on 文件阅知 and 督查督办): typing part of
    a name lists matches, a click or the keyboard makes a chip, a chip's × takes it away, and
    only the chips are sent."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    shots = shots_dir(tmp_path)
    log_in(page, live_server.url, org.personnel.staff_no, shots, "list-picker")
    _study_form(page, live_server.url, working_morning + dt.timedelta(days=3))
    # With JavaScript the plain box of 工号 is hidden behind the search box.
    expect(page.locator("textarea[name=people]")).to_be_hidden()
    search = page.get_by_role("searchbox", name="指定人员")
    with page.expect_response(lambda r: "/pickers/staff/" in r.url):
        search.press_sequentially("杨职")
    match = page.locator("[data-pick]")
    expect(match).to_have_count(1)
    expect(match).to_contain_text("杨职员")
    page.screenshot(path=str(shots / "list-picker-open.png"), full_page=True)
    match.click()
    expect(search).to_have_value("")
    expect(search).to_be_focused()
    # The second by the keyboard: ↓ into the matches, Enter on the one wanted.
    with page.expect_response(lambda r: "/pickers/staff/" in r.url):
        search.press_sequentially("吴督")
    expect(page.locator("[data-pick]")).to_have_count(1)
    search.press("ArrowDown")
    expect(page.locator("[data-pick]")).to_be_focused()
    page.keyboard.press("Enter")
    chips = page.locator("[data-chip]")
    expect(chips).to_have_text(
        [f"杨职员（{org.other_staff.staff_no}）", f"吴督导（{org.inspector.staff_no}）"]
    )
    page.screenshot(path=str(shots / "list-picker-chips.png"), full_page=True)
    page.get_by_role("button", name=f"移除杨职员（{org.other_staff.staff_no}）").click()
    expect(chips).to_have_text([f"吴督导（{org.inspector.staff_no}）"])
    expect(page.locator("[data-picker-status]")).to_have_text(
        f"已移除杨职员（{org.other_staff.staff_no}）"
    )
    expect(search).to_be_focused()
    page.get_by_role("button", name="布置").click()
    expect(page.locator(".alert-success")).to_contain_text("学习任务已布置给1人")
    task = StudyTask.objects.get()
    assert [r.staff for r in task.assignment.receipts.all()] == [org.inspector]
    context.close()


def _study_form(page, base_url: str, due: dt.datetime) -> None:
    page.goto(base_url + "/reading/study/new/")
    page.get_by_label("标题").fill("学习保密工作规定")
    page.get_by_label("学习材料（文字）").check()
    page.get_by_label("学习内容或说明").fill("认真学习保密工作规定。")
    page.get_by_label("完成期限").fill(f"{due:%Y-%m-%dT%H:%M}")


def test_without_javascript_the_list_picker_is_a_plain_box_of_numbers_and_names(
    browser, live_server, org, working_morning, tmp_path
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", java_script_enabled=False
    )
    page = context.new_page()
    shots = shots_dir(tmp_path)
    log_in(page, live_server.url, org.personnel.staff_no, shots, "list-picker-plain")
    _study_form(page, live_server.url, working_morning + dt.timedelta(days=3))
    expect(page.get_by_role("searchbox")).to_have_count(0)
    page.get_by_role("textbox", name="指定人员").fill(f"{org.other_staff.staff_no}，吴督导")
    page.screenshot(path=str(shots / "list-picker-plain.png"), full_page=True)
    page.get_by_role("button", name="布置").click()
    expect(page.locator(".alert-success")).to_contain_text("学习任务已布置给2人")
    receipts = StudyTask.objects.get().assignment.receipts.all()
    assert {r.staff for r in receipts} == {org.other_staff, org.inspector}
    context.close()


def test_the_list_picker_open_and_with_chips_passes_wcag_21_aa(
    browser, live_server, org, working_morning, tmp_path
):
    from tests.browser.test_accessibility import _violations

    # axe is injected as a script of the test's own, which the site's CSP would refuse.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server.url, org.personnel.staff_no, shots_dir(tmp_path), "list-picker-a11y")
    _study_form(page, live_server.url, working_morning + dt.timedelta(days=3))
    search = page.get_by_role("searchbox", name="指定人员")
    for name in ("杨职", "吴督"):
        with page.expect_response(lambda r: "/pickers/staff/" in r.url):
            search.press_sequentially(name)
        search.press("Enter")
    expect(page.locator("[data-chip]")).to_have_count(2)
    with page.expect_response(lambda r: "/pickers/staff/" in r.url):
        search.press_sequentially("职员")
    expect(page.locator("[data-pick]")).not_to_have_count(0)
    found = _violations(page, "/reading/study/new/", "desktop")
    assert not found, "\n".join(map(str, found))
    context.close()
