"""The month grid's cell, built in Python (a city section's month is thousands of cells)."""

import datetime as dt

from attendance.models import AttendanceDay
from attendance.models.clock import DayStatus
from attendance.templatetags.attendance_tags import grid_cell


def day(am: str, pm: str, labels: str = "") -> AttendanceDay:
    return AttendanceDay(date=dt.date(2026, 11, 30), am_status=am, pm_status=pm, labels=labels)


def test_a_day_whose_halves_agree_shows_one_mark_and_both_halves_in_its_title():
    html = grid_cell(day(DayStatus.NORMAL, DayStatus.NORMAL), "")
    assert html == (
        '<span title="11月30日 上午正常 下午正常 "><span class="st st-normal">✓</span></span>'
    )


def test_a_split_day_shows_both_halves():
    html = grid_cell(day(DayStatus.LATE, DayStatus.LEAVE), "")
    assert html.count('class="st ') == 2
    assert ">迟</span>" in html and ">假</span>" in html
    assert "上午迟到 下午请假" in html


def test_the_day_note_is_escaped():
    html = grid_cell(day(DayStatus.NORMAL, DayStatus.NORMAL, '<b>"x"</b>'), "")
    assert "<b>" not in html
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in html


def test_the_proof_mark_follows_the_day_and_stands_alone_on_a_day_not_stored():
    assert grid_cell(None, "") == ""
    assert grid_cell(None, "仅网络") == (
        '<span class="proof-mark proof-none" title="打卡凭证：仅网络">网</span>'
    )
    html = grid_cell(day(DayStatus.NORMAL, DayStatus.NORMAL), "门口码")
    assert html.endswith('<span class="proof-mark" title="打卡凭证：门口码">门</span>')
