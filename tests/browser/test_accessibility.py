"""WCAG 2.1 AA on every page a role's menus reach, checked by axe-core in Chromium.

Each role logs in once (one browser context), collects the links of the menus from the page
itself (so a page added to a menu is checked without touching this file), opens each one and
the first detail page of each kind linked from it, and runs axe at a desktop and a phone
width. Any violation fails the test with its rule, page and target nodes.
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from attendance.services.clock import clock_in
from attendance.services.requests import outing_create, request_chain
from inspections.models import Item
from inspections.services.findings import finding_confirm, finding_record
from inspections.services.instructions import feedback_post, instruction_register
from inspections.services.notices import notice_compile, notice_publish
from inspections.services.selfcheck import campaign_create
from leave.models import LeaveType
from leave.services.leave import leave_request_create
from office.approvals.services import approval_decide
from office.assignment_services import receipt_accept
from office.calendar import add_working_days
from office.demo import demo_unit
from office.notifications import notify
from reading.services.study import study_create
from tests.browser.conftest import log_in, shots_dir
from tests.reading.circulars import send

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]},
    "resultTypes": ["violations"],  # passes are only counted: faster
}
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ROLES = ["staff", "chief", "deputy", "director", "personnel", "inspector"]
SEEDS = [
    ("attendance.migrations.0002_default_schedule_and_nightly_close", "seed"),
    ("leave.migrations.0003_seed_leave_types", "seed"),
    ("inspections.migrations.0002_checklist", "load_checklist"),
]
# Files, not pages: exports (download.docx, completion.xlsx, template.xlsx), attachments, photos.
NOT_A_PAGE = re.compile(
    r"/[^/]*\.[a-z0-9]+$|/attachment/$|/photos/\d+/$|/attachments/\d+/$|^/admin/|^/accounts/"
)
# Pages photographed at the phone width, to look at what the colour changes did.
SHOTS = {
    "/": "home",
    "/attendance/": "clock",
    "/attendance/board/": "board",
    "/leave/new/": "leave-new",
}
# Links inside a page's own menus; detail links from tables and lists are taken once per kind.
MENU_LINKS = "nav a[href], .nav a[href], .dropdown-menu a[href]"


@dataclass
class Violation:
    rule: str
    impact: str
    page: str
    width: str
    targets: list[str]
    summary: str

    def __str__(self) -> str:
        nodes = "; ".join(self.targets[:8]) + (" …" if len(self.targets) > 8 else "")
        first = " ".join(self.summary.split())
        return f"[{self.rule} · {self.impact}] {self.page} @ {self.width}: {nodes}\n    {first}"


@pytest.fixture
def shipped_data(transactional_db) -> None:
    """A transactional test may start from a flushed database: load what the data migrations
    load (the default schedule, the leave types, the 31 items), as they do it."""
    from django.apps import apps

    for migration, loader in SEEDS:
        getattr(import_module(migration), loader)(apps, None)


@pytest.fixture
def office_day(org, shipped_data, working_morning, settings, tmp_path) -> None:
    """Enough of a working day that the pages show their tables, badges and forms."""
    today = working_morning.date()
    tomorrow = add_working_days(today, 1)
    # 刘职员 clocked in on time; 杨职员 is out on an approved outing; the rest not yet in.
    clock_in(
        staff=org.staff,
        now=working_morning.replace(hour=8, minute=20),
        ip=None,
        user_agent="",
        acting_user=None,
    )
    outing = outing_create(
        acting_user=org.other_staff.user,
        destination="市财政局",
        reason="报送预算材料",
        start=working_morning.replace(hour=9),
        expected_return=working_morning.replace(hour=11, minute=30),
    )
    for approver in request_chain(outing):
        approval_decide(request_obj=outing, acting_user=approver.user, approve=True)
    # A leave request waiting for the chief.
    leave_request_create(
        acting_user=org.staff.user,
        leave_type=LeaveType.objects.get(name="事假"),
        start_date=tomorrow,
        start_half="am",
        end_date=tomorrow,
        end_half="pm",
        reason="孩子学校家长会",
    )
    # A confirmed finding about 刘职员, this week's notice naming it (published), a self-inspection.
    finding = finding_record(
        item=Item.objects.get(code="1-07"),
        occurred_at=working_morning - dt.timedelta(hours=1),
        description="工作时间玩手机游戏",
        staff=org.staff,
        place="三楼办公室",
        acting_user=org.inspector.user,
    )
    finding_confirm(finding=finding, acting_user=org.inspector.user)
    year, week, _ = today.isocalendar()
    notice_publish(
        notice=notice_compile(year=year, week=week, unit=demo_unit(), acting_user=None),
        acting_user=org.inspector.user,
    )
    campaign_create(
        title="工作纪律作风整顿自查自纠",
        intro="对照31项具体问题逐项自查。",
        deadline=today + dt.timedelta(days=14),
        acting_user=org.inspector.user,
    )
    # A study task for 综合科 asking for a 学习心得 (the staff's list, the chief's completion).
    study_create(
        acting_user=org.personnel.user,
        title="学习全市作风整顿动员会议精神",
        form="meeting",
        body="对照主任讲话逐条查摆。",
        meeting_at=working_morning + dt.timedelta(days=1),
        meeting_place="三楼会议室",
        due_at=working_morning + dt.timedelta(days=3),
        needs_reflection=True,
        reflection_min_length=50,
        section_ids=[org.section.pk],
    )
    # A circular 政工科 sent to 刘职员 and 张科长 (文件阅知: the list, the reading page, who read).
    settings.MEDIA_ROOT = tmp_path / "media"
    send(org.personnel, [org.staff, org.chief], until=working_morning + dt.timedelta(days=3))
    # A 督办 the deputy gave 刘职员 and 张科长: 刘职员 signed and reported progress.
    instruction = instruction_register(
        title="落实李市长关于老旧小区改造的批示",
        body="请综合科牵头提出方案。",
        source="mayor",
        due_at=working_morning + dt.timedelta(days=7),
        interval="weekly",
        weekday=4,
        people=[org.staff, org.chief],
        acting_user=org.deputy.user,
    )
    receipt = instruction.assignment.receipts.get(staff=org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    feedback_post(receipt=receipt, text="已召集相关科室研究。", acting_user=org.staff.user)
    # Everyone has unread notifications with links (the yellow rows).
    everyone = [getattr(org, role).user_id for role in ROLES]
    notify(
        user_ids=everyone,
        title="请核对本月考勤",
        body="如有异议请申请补卡。",
        url="/attendance/me/",
        acting_user=None,
    )


def _violations(page: Page, label: str, width: str) -> list[Violation]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        Violation(
            rule=item["id"],
            impact=item["impact"] or "",
            page=label,
            width=width,
            targets=[" ".join(map(str, node["target"])) for node in item["nodes"]],
            summary=item["nodes"][0].get("failureSummary") or "",
        )
        for item in result["violations"]
    ]


def _links(page: Page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    return [href for href in hrefs if href and not href.startswith(("#", "javascript:"))]


def _kind(path: str) -> str:
    """/leave/12/ and /leave/13/ are the same kind of page."""
    return re.sub(r"\d+", "N", path)


def _pages(page: Page, base_url: str) -> Iterator[str]:
    """Open the menu pages and one detail page of each kind; yield each opened path."""
    page.goto(base_url + "/")
    queue = [(path, True) for path in _same_site(_links(page, MENU_LINKS), page.url, base_url)]
    seen_paths: set[str] = set()
    seen_kinds: set[str] = set()
    while queue:
        path, from_menu = queue.pop(0)
        if path in seen_paths or (not from_menu and _kind(path) in seen_kinds):
            continue
        seen_paths.add(path)
        seen_kinds.add(_kind(path))
        try:
            response = page.goto(base_url + path)
        except PlaywrightError as error:  # a download slipped through the NOT_A_PAGE filter
            if "Download is starting" in str(error):
                continue
            raise
        assert response is not None and response.ok, (
            f"{path} answered {response and response.status}"
        )
        yield path
        menu = _same_site(_links(page, MENU_LINKS), page.url, base_url)
        details = _same_site(_links(page, "main a[href]"), page.url, base_url)
        queue += [(p, True) for p in menu] + [
            (p, False) for p in details if _kind(p) not in seen_kinds
        ]


def _same_site(hrefs: list[str], current: str, base_url: str) -> list[str]:
    paths = []
    for href in hrefs:
        url = urljoin(current, href)
        if not url.startswith(base_url):
            continue
        path = urlsplit(url).path
        if not NOT_A_PAGE.search(path):
            paths.append(path)
    return paths


def _context(browser: Browser) -> BrowserContext:
    # axe is injected as a script of the test's own; the site's CSP (no inline script) would
    # refuse it. The CSP itself is checked by test_csp_browser.py.
    return browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN", bypass_csp=True)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_passes_wcag_21_aa(
    browser,
    live_server,
    org,
    office_day,
    role,
    tmp_path,
):
    shots = shots_dir(tmp_path)
    context = _context(browser)
    page = context.new_page()
    log_in(page, live_server.url, getattr(org, role).staff_no, shots, role)
    found: list[Violation] = []
    opened = []
    for path in _pages(page, live_server.url):
        opened.append(path)
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            found += _violations(page, path, width)
        if path in SHOTS:
            page.screenshot(
                path=str(shots / f"a11y-{SHOTS[path]}-{role}-phone.png"), full_page=True
            )
        page.set_viewport_size(WIDTHS["desktop"])
    context.close()
    assert len(opened) >= 8, opened
    report = "\n".join(map(str, found))
    assert not found, f"{len(found)} WCAG 2.1 AA violations as {role}:\n{report}"


def test_the_login_page_passes_wcag_21_aa(browser, live_server, transactional_db):
    context = _context(browser)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    found = []
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        found += _violations(page, "/accounts/login/", width)
    context.close()
    assert not found, "\n".join(map(str, found))


def test_the_door_screen_pages_pass_wcag_21_aa(browser, live_server, org, shipped_data):
    """The 打卡屏's sign-in and code pages: no staff login, so no menu leads to them."""
    from attendance.services.door import door_screen_issue

    _, key = door_screen_issue(unit=org.section.unit, name="东门", acting_user=org.personnel.user)
    context = _context(browser)
    page = context.new_page()
    page.goto(live_server.url + "/attendance/kiosk/signin/")
    found = []
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        found += _violations(page, "/attendance/kiosk/signin/", width)
    page.fill("input[name=key]", key)
    page.click("button[type=submit]")
    page.wait_for_url("**/attendance/kiosk/")
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        found += _violations(page, "/attendance/kiosk/", width)
    context.close()
    assert not found, "\n".join(map(str, found))
