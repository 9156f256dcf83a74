"""学习任务 in Chromium: 政工科 hands out material to 综合科 and, found with the picker, one
more person; 刘职员 finds it in 待办, writes the 学习心得 and marks 已学; the completion page
shows it. OFFICE_SHOTS_DIR=/tmp/x keeps the screenshots."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from office.assignment_models import ReceiptState
from reading.models import StudyTask
from tests.browser.conftest import log_in, shots_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REFLECTION = "对照主任讲话，查找了自己上班时间浏览与工作无关网页的问题，立即整改。"


def test_personnel_assigns_a_section_studies_and_completion_shows_it(
    browser, live_server, org, working_morning, tmp_path
):
    shots = shots_dir(tmp_path)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, org.personnel.staff_no, shots, "study-personnel")
    page.get_by_role("button", name="学习阅知").click()
    page.get_by_role("link", name="布置学习任务").click()
    page.get_by_label("标题").fill("学习全市作风整顿动员会议精神")
    page.get_by_label("学习材料（文字）").check()
    page.get_by_label("学习内容或说明").fill("认真学习主任在动员会上的讲话，对照查摆。")
    due = working_morning + dt.timedelta(days=3)
    page.get_by_label("完成期限").fill(f"{due:%Y-%m-%dT%H:%M}")
    page.get_by_label("须提交学习心得").check()
    page.get_by_label("心得最少字数").fill("20")
    page.get_by_label("综合科").check()
    page.get_by_role("searchbox", name="指定人员").fill("杨职员")
    page.locator("[data-pick]").first.click()
    expect(page.locator("[data-chip]")).to_have_text([f"杨职员（{org.other_staff.staff_no}）"])
    page.screenshot(path=str(shots / "study-form.png"), full_page=True)
    page.get_by_role("button", name="布置").click()
    expect(page.locator(".alert-success")).to_contain_text("学习任务已布置给3人")
    expect(page.locator("main")).to_contain_text("应学 3 人，已学 0 人，未学 3 人")
    task = StudyTask.objects.get()

    staff_page = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN"
    ).new_page()
    log_in(staff_page, live_server.url, org.staff.staff_no, shots, "study-staff")
    staff_page.get_by_role("link", name="待办学习任务").click()
    staff_page.get_by_role("link", name="学习全市作风整顿动员会议精神").click()
    staff_page.get_by_role("button", name="已学").click()
    expect(staff_page.locator(".invalid-feedback")).to_contain_text("要求提交学习心得")
    staff_page.get_by_label("学习心得（不少于20字）").fill(REFLECTION)
    staff_page.screenshot(path=str(shots / "study-detail-phone.png"), full_page=True)
    staff_page.get_by_role("button", name="已学").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("已标记为已学")
    expect(staff_page.locator("main")).to_contain_text(REFLECTION)
    receipt = task.assignment.receipts.get(staff=org.staff)
    assert (receipt.state, receipt.note) == (ReceiptState.DONE, REFLECTION)

    page.reload()
    expect(page.locator("main")).to_contain_text("应学 3 人，已学 1 人，未学 2 人")
    waiting = page.locator("table").nth(1)
    expect(waiting).not_to_contain_text("刘职员")
    expect(waiting).to_contain_text("杨职员")
    page.screenshot(path=str(shots / "study-progress.png"), full_page=True)
    context.close()
