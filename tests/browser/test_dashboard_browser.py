"""Home pages per role and the 统计看板 in Chromium (issue 13): each role sees its 待办 first;
the charts are drawn (pixels on the canvas), their tables hold the chart's numbers, a bar opens
the list behind it, and the page runs under the CSP without a violation."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from attendance.models import AttendanceDay, DayStatus
from inspections.models import Finding, Item
from tests.browser.conftest import log_in, shots_dir
from tests.inspections.factories import FindingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
document.addEventListener("securitypolicyviolation", function (e) {
  var seen = JSON.parse(sessionStorage.getItem("csp") || "[]");
  seen.push(e.violatedDirective + " " + e.blockedURI);
  sessionStorage.setItem("csp", JSON.stringify(seen));
});
"""

# Pixels of a chart's canvas that are painted (alpha > 0); a blank canvas has none.
PAINTED = """(id) => {
  const canvas = document.querySelector('#' + id + ' canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return painted;
}"""

# The chart's own option (categories and the first series) next to its data table's cells.
CHART_AND_TABLE = """(id) => {
  const el = document.getElementById(id);
  const option = echarts.getInstanceByDom(el).getOption();
  const table = el.closest('[data-chart]').querySelector('[data-chart-table] table');
  const rows = Array.from(table.tBodies[0].rows);
  const axis = option.yAxis[0].type === 'category' ? option.yAxis[0] : option.xAxis[0];
  return {
    categories: axis.data,
    series: option.series.map(s => s.data),
    labels: rows.map(r => r.cells[0].textContent),
    cells: option.series.map((_, j) => rows.map(r => r.cells[j + 1].dataset.value)),
  };
}"""


def _month_before(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture
def last_month(org, working_morning):
    """Last month's stored days: 综合科 at 75 %, 行政科 at 100 %; findings in both."""
    if not Item.objects.exists():  # another transactional test flushed the migration's rows
        import_module("inspections.migrations.0002_checklist").load_checklist(apps, None)
    first = _month_before(working_morning.date())
    for n in range(1, 8):
        date = first + dt.timedelta(days=n)
        for person, pm in ((org.staff, DayStatus.ABSENT), (org.other_staff, DayStatus.NORMAL)):
            AttendanceDay.objects.create(
                staff=person, date=date, am_status=DayStatus.NORMAL, pm_status=pm,
                computed_at=timezone.now(),
            )  # fmt: skip
    at = dt.datetime.combine(first + dt.timedelta(days=3), dt.time(10), tzinfo=dt.UTC)
    FindingFactory(staff=org.staff, occurred_at=at)
    FindingFactory(staff=org.other_staff, occurred_at=at)
    FindingFactory(staff=org.staff, status=Finding.Status.RECORDED, occurred_at=at)
    return first


def _page(browser, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.add_init_script(LISTEN)
    return context.new_page()


def _violations(page: Page) -> list[str]:
    return page.evaluate("JSON.parse(sessionStorage.getItem('csp') || '[]')")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("chief", ["今日未到岗", "待我审批", "逾期未销假", "待整改的督查问题"]),
        ("director", ["今日未到岗", "待我审批", "逾期未销假", "待整改的督查问题"]),
        ("personnel", ["补卡申请审批中", "未设科长的科室", "无作息时间的人员", "待核实加班"]),
        ("inspector", ["自动线索待认定", "已登记待确认", "整改逾期", "周通报"]),
    ],
)
def test_each_role_lands_on_its_queue(browser, live_server, org, last_month, tmp_path, role,
                                      expected):  # fmt: skip
    shots = shots_dir(tmp_path)
    for width in (1366, 390):
        page = _page(browser, width)
        log_in(page, live_server.url, getattr(org, role).staff_no, shots, f"{role}-{width}")
        queue = page.locator("section[aria-labelledby=queue-title]")
        expect(queue).to_be_visible()
        for label in expected:
            expect(queue).to_contain_text(label)
        # The queue is the first card of the page.
        assert page.locator("main .card").first.get_attribute("aria-labelledby") == "queue-title"
        page.screenshot(path=str(shots / f"home-{role}-{width}.png"), full_page=True)
        assert _violations(page) == []
        page.context.close()
    if role == "inspector":
        assert "已登记待确认" in expected  # the recorded finding of last month waits for them


def test_the_director_sees_charts_drawn_with_their_tables(browser, live_server, org, last_month,
                                                           tmp_path):  # fmt: skip
    shots = shots_dir(tmp_path)
    month = f"{last_month:%Y-%m}"
    for width in (1366, 390):
        page = _page(browser, width)
        log_in(page, live_server.url, org.director.staff_no, shots, f"dash-{width}")
        page.goto(f"{live_server.url}/dashboard/?month={month}")
        cards = page.locator("[data-chart]")
        assert cards.count() == 9
        for i in range(cards.count()):
            expect(cards.nth(i)).to_have_attribute("data-loaded", month)
        assert page.evaluate(PAINTED, "chart-attendance-rate") > 2000
        assert page.evaluate(PAINTED, "chart-findings-category") > 2000
        page.locator("details summary").first.click()
        page.screenshot(path=str(shots / f"dashboard-director-{width}.png"), full_page=True)
        assert _violations(page) == []
        if width == 390:
            page.context.close()
            continue

        shown = page.evaluate(CHART_AND_TABLE, "chart-attendance-rate")
        assert shown["labels"] == shown["categories"] == ["主任室", "综合科", "行政科", "政工科"]
        as_text = [
            ["" if v is None else str(v).removesuffix(".0") for v in s] for s in shown["series"]
        ]
        cells = [[c.removesuffix(".0") for c in s] for s in shown["cells"]]
        assert cells == as_text
        assert shown["series"][0] == [None, 50, 100, None]
        findings = page.evaluate(CHART_AND_TABLE, "chart-findings-category")
        assert findings["series"][0][0] == 2  # 工作纪律: the two confirmed ones

        # Clicking the 综合科 bar opens that section's month grid.
        box = page.locator("#chart-attendance-rate").bounding_box()
        x, y = page.evaluate(
            "() => echarts.getInstanceByDom(document.getElementById('chart-attendance-rate'))"
            ".convertToPixel({seriesIndex: 0}, [25, 1])"
        )
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_url(f"**/attendance/sections/?month={month}&section={org.section.pk}")
        expect(page.locator("main")).to_contain_text("刘职员")
        page.context.close()


def test_a_chief_sees_their_section_and_changes_one_charts_month(browser, live_server, org,
                                                                  last_month, tmp_path):  # fmt: skip
    shots = shots_dir(tmp_path)
    page = _page(browser, 1366)
    log_in(page, live_server.url, org.chief.staff_no, shots, "dash-chief")
    page.goto(f"{live_server.url}/dashboard/")
    card = page.locator("[data-chart*=attendance-rate]")
    this_month = f"{timezone.localdate():%Y-%m}"
    expect(card).to_have_attribute("data-loaded", this_month)
    card.locator("[data-chart-month]").fill(f"{last_month:%Y-%m}")
    card.locator("[data-chart-month]").dispatch_event("change")
    expect(card).to_have_attribute("data-loaded", f"{last_month:%Y-%m}")
    shown = page.evaluate(CHART_AND_TABLE, "chart-attendance-rate")
    assert shown["categories"] == ["综合科"] and shown["series"][0] == [50]
    assert page.evaluate(PAINTED, "chart-attendance-rate") > 2000
    page.screenshot(path=str(shots / "dashboard-chief.png"), full_page=True)
    assert _violations(page) == []
    page.context.close()


UNIT_NAMES = [
    ("市发展和改革委员会", "市发改委", 25),
    ("市财政局", "市财政局", 8),
    ("市人力资源和社会保障局", "市人社局", 8),
]


@pytest.fixture
def city_leader(org, last_month):
    """A 市级领导 over 45 sections in four units (the demo's 4 and 41 more, built with
    bulk_create, with long names): one person each, last month's first week stored with each
    section's own rate."""
    from django.contrib.auth import get_user_model

    from office import roles
    from office.models import Section, Staff, Unit
    from office.services import role_grant
    from tests.factories import StaffFactory

    leader = StaffFactory(section=org.leadership, name="市领导", staff_no="9002")
    role_grant(staff=leader, role=roles.CITY_LEADER, acting_user=None)
    sections = []
    for order, (name, short, count) in enumerate(UNIT_NAMES, start=1):
        unit = Unit.objects.create(name=name, short_name=short, order=order)
        sections += Section.objects.bulk_create(
            Section(unit=unit, name=f"{short}固定资产投资与重大项目协调第{n + 1}科", order=n)
            for n in range(count)
        )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"8{n:03d}") for n in range(len(sections))
    )
    people = Staff.objects.bulk_create(
        Staff(user=u, section=s, staff_no=u.username, name=f"员{u.username}")
        for u, s in zip(users, sections, strict=True)
    )
    AttendanceDay.objects.bulk_create(
        AttendanceDay(
            staff=p,
            date=last_month + dt.timedelta(days=d),
            computed_at=timezone.now(),
            am_status=DayStatus.ABSENT if d < n % 5 else DayStatus.NORMAL,
            pm_status=DayStatus.LATE if d < n % 3 else DayStatus.NORMAL,
        )  # fmt: skip
        for n, p in enumerate(people)
        for d in range(1, 8)
    )
    return leader


# The attendance chart's drawn bars, its height per bar and its data table's rows (all of them,
# and those on the page shown).
DRAWN = """(id) => {
  const el = document.getElementById(id);
  const option = echarts.getInstanceByDom(el).getOption();
  const rows = Array.from(el.closest('[data-chart]').querySelectorAll('[data-chart-table] tbody tr'));
  return {
    bars: option.yAxis[0].data,
    caption: option.title.length ? option.title[0].text : '',
    perBar: el.clientHeight / option.yAxis[0].data.length,
    rows: rows.length,
    visible: rows.filter(r => !r.hidden).length,
  };
}"""


def test_the_city_leader_sees_units_and_drills_into_one(browser, live_server, org, city_leader,
                                                         last_month, tmp_path):  # fmt: skip
    shots = shots_dir(tmp_path)
    month = f"{last_month:%Y-%m}"
    for width in (1366, 390):
        page = _page(browser, width)
        log_in(page, live_server.url, city_leader.staff_no, shots, f"city-{width}")
        page.goto(f"{live_server.url}/dashboard/?month={month}")
        cards = page.locator("[data-chart]")
        for i in range(cards.count()):
            expect(cards.nth(i)).to_have_attribute("data-loaded", month)
        page.screenshot(path=str(shots / f"dashboard-city-{width}.png"), full_page=True)
        card = page.locator("[data-chart*=attendance-rate]")
        card.screenshot(path=str(shots / f"dashboard-city-chart-{width}.png"))
        assert _violations(page) == []
        shown = page.evaluate(DRAWN, "chart-attendance-rate")
        # 45 sections in four units: one bar per unit, every unit in the table.
        assert shown["bars"] == ["市政府办公室", "市发改委", "市财政局", "市人社局"]
        assert shown["rows"] == 4 and "点击单位查看其科室" in shown["caption"]
        assert page.evaluate(PAINTED, "chart-attendance-rate") > 2000

        x, y = page.evaluate(
            "() => echarts.getInstanceByDom(document.getElementById('chart-attendance-rate'))"
            ".convertToPixel({seriesIndex: 0}, [5, 1])"
        )
        box = page.locator("#chart-attendance-rate").bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(card.locator("[data-chart-up]")).to_be_visible()
        expect(card.locator("h2")).to_contain_text("市发改委")
        page.wait_for_function(
            "() => document.querySelector('[data-chart*=attendance-rate]').dataset.loadedUnit"
        )
        drilled = page.evaluate(DRAWN, "chart-attendance-rate")
        # 25 sections: the 15 lowest drawn, each bar at least 26 px tall (no label touches the
        # next); the table holds all 25, 20 on its first page.
        assert drilled["caption"] == "共 25 个科室，显示出勤率最低的 15 个"
        assert len(drilled["bars"]) == 15 and drilled["perBar"] >= 26
        assert drilled["rows"] == 25 and drilled["visible"] == 20
        card.screenshot(path=str(shots / f"dashboard-city-drilled-chart-{width}.png"))
        card.locator("summary").click()
        page.screenshot(path=str(shots / f"dashboard-city-drilled-{width}.png"), full_page=True)
        card.get_by_role("button", name="下一页").click()
        assert page.evaluate(DRAWN, "chart-attendance-rate")["visible"] == 5
        card.get_by_role("button", name="出勤率").click()  # lowest first, back on page one
        first = card.locator("tbody tr:not([hidden]) th").first.text_content()
        assert first == drilled["bars"][0]
        card.locator("[data-chart-up]").click()
        page.wait_for_function(
            "() => document.querySelector('[data-chart*=attendance-rate]').dataset.loadedUnit"
            " === ''"
        )
        assert page.evaluate(DRAWN, "chart-attendance-rate")["rows"] == 4
        assert _violations(page) == []
        page.context.close()
