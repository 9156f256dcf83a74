"""考勤封帐 journey in Chromium: 政工科 sees the pre-close check, is asked to confirm the open
item, closes November; the staff member files a 更正申请 for a day of it; 政工科 approves it on
the request's page and the day changes."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import AttendanceDay, DayStatus, MakeUpRequest, MonthClose
from tests.browser.conftest import browser, log_in, shots_dir  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1280, "height": 900}


def test_personnel_closes_a_month_and_approves_a_correction(browser, live_server, org, tmp_path):  # noqa: F811
    shots = shots_dir(tmp_path)
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    day = last_month_end.replace(day=15)
    AttendanceDay.objects.create(
        staff=org.staff,
        date=day,
        am_status=DayStatus.ABSENT,
        pm_status=DayStatus.ABSENT,
        computed_at=timezone.now(),
        is_final=True,
    )
    MakeUpRequest.objects.create(
        applicant=org.other_staff, date=day, point="am_in", claimed_time=dt.time(8, 20), reason="忘"
    )
    label = f"{day.year}年{day.month}月"

    personnel = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(personnel, live_server.url, org.personnel.staff_no, shots, "personnel")
    personnel.goto(live_server.url + "/attendance/close/")
    personnel.get_by_role("link", name=f"{label} 未封帐").click()
    expect(personnel.get_by_text("封帐前检查")).to_be_visible()
    expect(personnel.get_by_role("link", name="1 项")).to_be_visible()
    personnel.get_by_role("button", name="封帐").click()
    expect(personnel.get_by_text("请勾选确认后再提交")).to_be_visible()
    assert not MonthClose.objects.exists()
    personnel.get_by_label("我已知晓以上未办结事项，仍要封帐").check()
    personnel.screenshot(path=str(shots / "close-check.png"), full_page=True)
    personnel.get_by_role("button", name="封帐").click()
    expect(personnel.get_by_text(f"{label}考勤已封帐")).to_be_visible()
    personnel.screenshot(path=str(shots / "close-done.png"), full_page=True)
    assert MonthClose.objects.get().open_items == "补卡申请未审批1项"

    staff = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(staff, live_server.url, org.staff.staff_no, shots, "staff")
    staff.goto(live_server.url + "/attendance/corrections/new/")
    staff.fill("input[name=line-0-date]", day.isoformat())
    staff.select_option("select[name=line-0-half]", "day")
    staff.select_option("select[name=line-0-status]", "trip")
    staff.fill("textarea[name=reason]", "当天在市档案馆查档，有登记簿为证")
    staff.screenshot(path=str(shots / "correction-form.png"), full_page=True)
    staff.get_by_role("button", name="提交").click()
    expect(staff.get_by_text("更正申请已提交")).to_be_visible()
    detail = staff.url

    personnel.goto(detail)
    personnel.get_by_role("button", name="同意").click()
    expect(personnel.get_by_text("已同意")).to_be_visible()
    personnel.screenshot(path=str(shots / "correction-approved.png"), full_page=True)
    row = AttendanceDay.objects.get(staff=org.staff, date=day)
    assert (row.am_status, row.pm_status) == (DayStatus.TRIP, DayStatus.TRIP)
