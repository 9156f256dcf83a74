"""政工科's roster journey in Chromium: download the template, upload a file with a mistake,
fix it, check the preview (new people, a changed person before → after), confirm, see the
one-time passwords, find the new person in the list."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from office import roles
from office.services import role_grant
from tests.browser.conftest import log_in, shots_dir
from tests.factories import SectionFactory, StaffFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def personnel(transactional_db):
    StaffFactory(staff_no="1102", name="沈鹏飞", section=SectionFactory(name="综合科", order=1))
    person = StaffFactory(
        staff_no="6001", name="叶春", section=SectionFactory(name="政工科", order=2)
    )
    role_grant(staff=person, role=roles.PERSONNEL, acting_user=None)
    return person


def roster(path: Path, template: bytes, rows: list[list]) -> Path:
    """The template as downloaded, example row kept (it never imports), rows added below."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]
)
def test_personnel_imports_a_roster(browser, live_server, personnel, tmp_path, viewport, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = shots_dir(tmp_path)
    label = "phone" if viewport["width"] < 500 else "desktop"
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server.url, "6001", shots, f"personnel-{label}")
    page.goto(live_server.url + "/people/import/")
    with page.expect_download() as download:
        page.click("text=下载模板")
    template = Path(download.value.path()).read_bytes()

    bad = roster(
        tmp_path / "bad.xlsx",
        template,
        [
            ["2001", "孙丽", "综合科", "科员", "2010-07-01", None, None, "在岗"],
            ["2002", "钱明", "宣传科", "科员", "2010-13-01", None, None, "在岗"],
        ],
    )
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=上传并预览")
    page.wait_for_selector(".alert-danger")
    body = page.inner_text("body")
    assert "本次没有导入任何人员" in body
    assert "第4行：科室“宣传科”不存在" in body  # row 2 is the example
    page.screenshot(path=str(shots / f"import-errors-{label}.png"), full_page=True)

    good = roster(
        tmp_path / "good.xlsx",
        template,
        [
            ["2001", "孙丽", "综合科", "科员", "2010-07-01", None, None, "在岗"],
            ["2002", "钱明", "综合科", "科员", "2010-12-01", None, None, "在岗"],
            ["1102", "沈鹏飞", "政工科", "科员", "2015-07-01", "2015-07-01", None, "在岗"],
        ],
    )
    page.set_input_files("input[type=file]", str(good))
    page.click("text=上传并预览")
    page.wait_for_selector("text=导入预览")
    body = page.inner_text("body")
    assert "将新增 2 人，更新 1 人，未变化 0 人" in body
    assert "科室：综合科 → 政工科" in body
    assert "张三" not in body  # the template's example row
    page.screenshot(path=str(shots / f"import-preview-{label}.png"), full_page=True)
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=导入完成")
    assert "新增 2 人" in page.inner_text("body")
    assert page.locator("code").count() == 2
    page.screenshot(path=str(shots / f"import-result-{label}.png"), full_page=True)

    page.goto(live_server.url + "/people/?q=钱明")
    page.click("text=钱明")
    assert "2010年12月1日" in page.inner_text("body")
    page.screenshot(path=str(shots / f"people-detail-{label}.png"), full_page=True)
    page.goto(live_server.url + "/people/")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(shots / f"people-list-{label}.png"), full_page=True)
    context.close()
