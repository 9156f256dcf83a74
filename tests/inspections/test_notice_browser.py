"""The published notice in Chromium: on a 390 px phone the 点名通报 and 考勤异常 tables are
cards with every column on screen; on a phone and on a desktop no name, 科室 or date breaks
across lines."""

import datetime as dt

import pytest
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from inspections.models import Finding
from inspections.services.findings import finding_confirm
from inspections.services.notices import notice_compile, notice_publish
from office.demo import demo_unit
from tests.browser.conftest import browser, log_in, shots_dir  # noqa: F401 - the fixture
from tests.factories import SectionFactory, StaffFactory
from tests.inspections.factories import FindingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1366, "height": 900}
LONG = (
    "检查时发现该同志在工作时间使用办公电脑浏览购物网站，经提醒后仍未停止，态度不端正，"
    "在科室内造成不良影响。"
)

# Each kept cell (name, 科室, date, short words): how many lines its text takes, from the
# boxes of its text (the label a phone shows before it is not text of the cell).
LINES_OF_KEPT_CELLS = """
() => [...document.querySelectorAll('.notice-table td.keep')].map(td => {
  const range = document.createRange();
  range.selectNodeContents(td);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [td.textContent.trim(), tops.size];
})
"""
CELLS_OFF_SCREEN = """
() => [...document.querySelectorAll('.notice-table-wide td')]
  .filter(td => { const r = td.getBoundingClientRect();
                  return r.width === 0 || r.left < 0 || r.right > window.innerWidth + 1; })
  .map(td => td.dataset.label + '：' + td.textContent.trim())
"""


@pytest.fixture
def notice(org, checklist):
    long_section = SectionFactory(name="机关党委办公室", order=5)
    people = [
        org.staff,  # 刘职员
        StaffFactory(name="王芳", section=org.section),
        StaffFactory(name="欧阳建国", section=long_section),
    ]
    for person in people:
        FindingFactory(staff=person, description=LONG, place="三楼东侧办公室")
    # A confirmed 旷工 on a closed day: named in 考勤异常 too.
    day = dt.date(2026, 11, 18)
    AttendanceDay.objects.create(
        staff=people[2],
        date=day,
        am_status=DayStatus.ABSENT,
        pm_status=DayStatus.ABSENT,
        computed_at=timezone.now(),
        is_final=True,
    )
    notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    finding_confirm(
        finding=Finding.objects.get(source=Finding.Source.ATTENDANCE),
        acting_user=org.inspector.user,
    )
    draft = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    assert [r["person"] for r in draft.data["attendance"]] == ["欧阳建国"]
    assert draft.data["findings"][0]["when"].startswith("2026年11月")
    return notice_publish(notice=draft, acting_user=org.inspector.user)


def _open(browser, live_server, org, notice, viewport, shots, label):  # noqa: F811
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    log_in(page, live_server.url, org.staff.staff_no, shots, label)
    page.goto(f"{live_server.url}/inspections/notices/{notice.pk}/")
    page.wait_for_selector(".notice-table")
    page.screenshot(path=str(shots / f"notice-{label}.png"), full_page=True)
    return page


def test_notice_on_a_phone_is_cards_with_every_column_and_names_whole(
    browser,  # noqa: F811
    live_server,
    org,
    notice,
    tmp_path,
):
    shots = shots_dir(tmp_path)
    page = _open(browser, live_server, org, notice, PHONE, shots, "phone")
    kept = page.evaluate(LINES_OF_KEPT_CELLS)
    names = {text for text, _ in kept}
    assert {"刘职员", "王芳", "欧阳建国", "机关党委办公室"} <= names
    assert [cell for cell in kept if cell[1] != 1] == []
    assert page.evaluate(CELLS_OFF_SCREEN) == []
    # Nothing to scroll sideways: every column is on screen in its card.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each value stands beside its column's name; the header row is for screen readers.
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.notice-table-wide td'), '::before').content"
    )
    assert label == '"科室"'
    assert page.locator(".notice-table-wide thead").first.bounding_box()["height"] <= 1
    long_text = page.locator(".notice-table-wide td", has_text=LONG[:10]).first
    assert long_text.bounding_box()["height"] > 40  # 情况 wraps inside its card
    page.context.close()


@pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])
def test_notice_on_a_wider_screen_is_a_table_that_never_splits_a_name(
    browser,  # noqa: F811
    live_server,
    org,
    notice,
    tmp_path,
    viewport,
):
    shots = shots_dir(tmp_path)
    page = _open(browser, live_server, org, notice, viewport, shots, str(viewport["width"]))
    kept = page.evaluate(LINES_OF_KEPT_CELLS)
    assert len(kept) > 10 and [cell for cell in kept if cell[1] != 1] == []
    header = page.locator(".notice-table-wide thead").first.bounding_box()
    assert header["height"] > 20  # a real header row
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.context.close()
