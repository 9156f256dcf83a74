"""Under the Content-Security-Policy the pages with moved scripts, the Django admin and the
allauth TOTP set-up work in Chromium and report no violation."""

from collections.abc import Iterator
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from office.calendar import add_working_days
from tests.browser.conftest import log_in, shots_dir
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Collects every violation the page reports; Playwright's init scripts run outside the policy.
LISTEN = """
document.addEventListener("securitypolicyviolation", function (e) {
  var seen = JSON.parse(sessionStorage.getItem("csp") || "[]");
  seen.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
  sessionStorage.setItem("csp", JSON.stringify(seen));
});
"""


class Watched:
    """A page whose console errors and CSP violations are recorded across navigations."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.context.add_init_script(LISTEN)
        self.page: Page = self.context.new_page()
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda m: self.console.append(m.text) if m.type in ("error", "warning") else None,
        )

    def violations(self) -> list[str]:
        reported = self.page.evaluate("JSON.parse(sessionStorage.getItem('csp') || '[]')")
        from_console = [m for m in self.console if "Content Security Policy" in m]
        return reported + from_console

    def visit(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def watched(browser) -> Iterator:
    opened: list[Watched] = []

    def make() -> Watched:
        opened.append(Watched(browser))
        return opened[-1]

    yield make
    for w in opened:
        w.context.close()


def test_staff_pages_run_their_scripts_without_a_violation(
    browser, live_server, org, watched, tmp_path
):
    shots = shots_dir(tmp_path)
    w = watched()
    log_in(w.page, live_server.url, org.staff.staff_no, shots, "csp-staff")

    page = w.visit(live_server.url + "/attendance/")
    clock = page.locator("#server-time")
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=3000)  # static/js/clock.js ticks

    page = w.visit(live_server.url + "/leave/new/")
    expect(page.locator("#preview")).not_to_be_empty()  # htmx's preview, no injected <style>

    page = w.visit(live_server.url + "/attendance/requests/makeup/new/")
    assert "form-control" in page.locator("form textarea").first.get_attribute("class")

    page = w.visit(live_server.url + "/accounts/2fa/totp/activate/")
    # allauth asks for the password again before any change to two-factor settings.
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="确认").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()  # the QR code
    page.screenshot(path=str(shots / "csp-totp.png"), full_page=True)
    assert w.violations() == []

    # The listener is live and the policy enforced: an injected inline script is refused.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
    )
    assert page.evaluate("window.ran") is None
    assert any("script-src" in v for v in w.violations())


def test_schedules_page_and_the_admin_work_without_a_violation(
    browser, live_server, org, watched, tmp_path
):
    shots = shots_dir(tmp_path)
    w = watched()
    log_in(w.page, live_server.url, org.personnel.staff_no, shots, "csp-personnel")
    page = w.visit(live_server.url + "/attendance/schedules/")
    assert "form-control-sm" in page.locator("form.card input[type=text]").first.get_attribute(
        "class"
    )
    assert "form-select" in page.locator("form.card select").first.get_attribute("class")
    assert w.violations() == []

    admin = watched()
    admin.page.goto(live_server.url + "/accounts/login/")
    admin.page.fill("input[name=login]", "admin")
    admin.page.fill("input[name=password]", PASSWORD)
    admin.page.click("button[type=submit]")
    admin.page.wait_for_url(live_server.url + "/**")
    page = admin.visit(live_server.url + "/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page = admin.visit(live_server.url + "/admin/office/staff/")  # a list without actions
    expect(page.locator("#result_list")).to_contain_text(org.staff.name)
    page = admin.visit(live_server.url + "/admin/office/notification/")  # one with actions
    expect(page.locator("#changelist-form")).to_be_visible()
    page = admin.visit(live_server.url + f"/admin/office/staff/{org.staff.pk}/change/")
    expect(page.locator("input[name=name]")).to_have_value(org.staff.name)
    page.screenshot(path=str(shots / "csp-admin.png"), full_page=True)
    assert admin.violations() == []


def test_confirm_and_check_all_work_from_the_static_script(
    browser, live_server, org, watched, tmp_path
):
    """data-confirm and data-check-all (static/js/office.js) replace the on…= handlers."""
    from leave.models import LeaveType
    from leave.services import leave_request_create
    from office.approvals.models import ApprovalStatus

    if not LeaveType.objects.exists():  # a transactional test may start from a flushed database
        import_module("leave.migrations.0003_seed_leave_types").seed(django_apps, None)
    day = add_working_days(timezone.localdate(), 3)
    leave = leave_request_create(
        acting_user=org.staff.user,
        leave_type=LeaveType.objects.get(code="personal"),
        start_date=day,
        start_half="am",
        end_date=day,
        end_half="pm",
        reason="家中有事",
        attachment=None,
    )
    shots = shots_dir(tmp_path)
    chief = watched()
    log_in(chief.page, live_server.url, org.chief.staff_no, shots, "csp-chief")
    page = chief.visit(live_server.url + "/approvals/")
    page.locator("#all").check()
    expect(page.locator("input[name=step]").first).to_be_checked()
    assert chief.violations() == []

    w = watched()
    log_in(w.page, live_server.url, org.staff.staff_no, shots, "csp-withdraw")
    page = w.visit(f"{live_server.url}/leave/{leave.pk}/")
    asked: list[str] = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.get_by_role("button", name="撤回申请").click()
    page.wait_for_timeout(300)
    leave.refresh_from_db()
    assert asked == ["确定撤回这条申请？"] and leave.status != ApprovalStatus.WITHDRAWN
    page.once("dialog", lambda d: answer(d, True))
    page.get_by_role("button", name="撤回申请").click()
    page.wait_for_load_state("networkidle")
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.WITHDRAWN
    assert w.violations() == []
