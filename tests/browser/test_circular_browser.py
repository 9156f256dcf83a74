"""文件阅知 in Chromium: 政工科 uploads a PDF for 综合科, 刘职员 reads its pages (watermarked
images, never the PDF) and confirms 已阅, and 政工科 sees who has read it. OFFICE_SHOTS_DIR=/tmp/x
keeps the screenshots."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from office.models import Receipt, ReceiptState
from reading.models import ReadLog
from tests.browser.conftest import log_in, shots_dir
from tests.reading.pdfs import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_circular_is_sent_read_page_by_page_and_confirmed(
    browser, live_server, org, working_morning, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = shots_dir(tmp_path)
    source = tmp_path / "实施方案.pdf"
    source.write_bytes(pdf_bytes(pages=3))
    until = working_morning + dt.timedelta(days=3)

    sender = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    log_in(sender, live_server.url, org.personnel.staff_no, shots, "circular-sender")
    sender.goto(live_server.url + "/reading/circulars/new/")
    sender.get_by_label("文件标题").fill("关于开展工作纪律作风集中整顿的实施方案")
    sender.get_by_label("PDF 文件").set_input_files(str(source))
    sender.get_by_label("可阅读至（阅读人须在此前确认已阅）").fill(until.strftime("%Y-%m-%dT%H:%M"))
    sender.get_by_label("综合科").check()
    # One more person, searched by name: the click adds a chip and empties the search box.
    people = sender.get_by_role("searchbox", name="阅知人员")
    people.press_sequentially("吴督")
    sender.locator(f'[data-pick="{org.inspector.staff_no}"]').click()
    expect(people).to_have_value("")
    expect(sender.locator("[data-chip]")).to_have_text([f"吴督导（{org.inspector.staff_no}）"])
    sender.screenshot(path=str(shots / "circular-new.png"), full_page=True)
    sender.get_by_role("button", name="发送").click()
    expect(sender.locator(".alert-success")).to_contain_text("已发送")
    expect(sender.locator("table").first).to_contain_text("综合科")
    expect(sender.locator("table").first).to_contain_text("行政科")

    reader = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    pdf_requests: list[str] = []
    reader.on(
        "response",
        lambda r: (
            pdf_requests.append(r.url) if "pdf" in r.headers.get("content-type", "") else None
        ),
    )
    log_in(reader, live_server.url, org.staff.staff_no, shots, "circular-reader")
    reader.goto(live_server.url + "/reading/circulars/")
    reader.get_by_role("link", name="关于开展工作纪律作风集中整顿的实施方案").click()
    pages = reader.locator(".circular-page img")
    expect(pages).to_have_count(3)
    for n in range(3):
        pages.nth(n).scroll_into_view_if_needed()
        expect(pages.nth(n)).to_have_js_property("complete", True)
        assert pages.nth(n).evaluate("img => img.naturalWidth") >= 1240
    reader.screenshot(path=str(shots / "circular-read.png"), full_page=True)
    # Printing shows the watermarked page images and nothing else.
    reader.emulate_media(media="print")
    expect(reader.locator(".circular-receipt")).to_be_hidden()
    expect(pages.first).to_be_visible()
    reader.emulate_media(media="screen")
    reader.get_by_role("button", name="确认已阅").click()
    expect(reader.locator(".alert-success").first).to_contain_text("已确认已阅")
    assert pdf_requests == []
    receipt = Receipt.objects.get(staff=org.staff)
    assert receipt.state == ReceiptState.DONE
    assert set(
        ReadLog.objects.filter(staff=org.staff, page__isnull=False).values_list("page", flat=True)
    ) == {1, 2, 3}

    sender.goto(
        live_server.url
        + f"/reading/circulars/{receipt.assignment_id}/readers/?section={org.section.pk}"
    )
    row = sender.locator("tr", has_text="刘职员")
    expect(row).to_contain_text("已阅")
    expect(row).to_contain_text("3 / 3")
    expect(sender.locator("tr", has_text="张科长")).to_contain_text("未阅")
    sender.screenshot(path=str(shots / "circular-progress.png"), full_page=True)
    sender.context.close()
    reader.context.close()
