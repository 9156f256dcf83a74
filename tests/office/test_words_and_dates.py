"""Issue 15 point 6: one date form, plain words, the favicon, the admin in Chinese."""

import datetime as dt

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template

from attendance.models import MakeUpRequest
from office.dates import cn_date, cn_day, cn_duration
from office.demo import demo_rows
from tests.conftest import login


def test_dates_are_written_without_zero_padding():
    assert cn_date(dt.date(2026, 12, 2)) == "2026年12月2日"
    assert cn_day(dt.date(2026, 1, 9)) == "1月9日"


def test_the_template_filters_are_builtins_and_read_local_time():
    aware = dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)  # 12月2日 01:00 in Shanghai
    text = Template("{{ d|cn_date }} {{ d|cn_day }} {{ none|cn_date }}").render(
        Context({"d": aware, "none": None})
    )
    assert text.strip() == "2026年12月2日 12月2日"


@pytest.mark.parametrize(
    ("minutes", "text"), [(112, "1 小时 52 分"), (40, "40 分"), (60, "1 小时 0 分"), (-5, "0 分")]
)
def test_durations_are_hours_and_minutes(minutes, text):
    assert cn_duration(dt.timedelta(minutes=minutes)) == text


def test_python_text_uses_the_same_form(org):
    makeup = MakeUpRequest(
        applicant=org.staff, date=dt.date(2026, 12, 2), point="am_in", reason="忘记打卡"
    )
    makeup.claimed_time = dt.time(8, 20)
    assert str(makeup).startswith("补卡：2026年12月2日")


def test_the_calendar_page_names_the_state_council_not_the_package(org):
    html = login(org.personnel).get("/attendance/calendar/").content.decode()
    assert "国务院节假日安排" in html
    assert "chinese-calendar" not in html


def test_favicon_is_served_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    assert finders.find("favicon.ico")


def test_pages_link_the_icon(org):
    assert 'rel="icon"' in login(org.staff).get("/").content.decode()


def test_admin_names_totp_devices_in_chinese(org):
    html = login(org.admin).get("/admin/").content.decode()
    assert "两步验证设备" in html
    assert "Authenticators" not in html


def test_demo_staff_login_is_a_keyuan_as_the_readme_says():
    row = next(r for r in demo_rows(today=dt.date(2026, 12, 2)) if r.staff_no == "1102")
    assert row.position == "科员"
