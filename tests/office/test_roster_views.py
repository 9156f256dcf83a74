"""The roster template download and the upload page (政工科 and admin only)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from office.models import Staff
from office.roster import EXAMPLE_MARK, HEADERS
from tests.conftest import login

TEMPLATE_URL = "/people/import/template.xlsx"
IMPORT_URL = "/people/import/"
CONFIRM_URL = "/people/import/confirm/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def token_of(preview) -> str:
    return preview.content.decode().split('name="token" value="')[1].split('"')[0]


def confirm(client, preview):
    return client.post(CONFIRM_URL, {"token": token_of(preview)})


def test_personnel_downloads_a_template_with_headers_example_and_notes(as_):
    response = as_("personnel").get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet, notes = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][1] == "张三"
    assert "主任室、综合科、行政科、政工科" in "".join(str(c.value) for c in notes["A"])


def test_the_template_as_downloaded_imports_nobody(as_, org):
    """The example row once carried 工号 1102 and renamed a real person to 张三."""
    client = as_("personnel")
    template = client.get(TEMPLATE_URL).content
    rows = list(load_workbook(io.BytesIO(template)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == EXAMPLE_MARK
    page = client.post(IMPORT_URL, {"file": SimpleUploadedFile("模板.xlsx", template)})
    assert "文件中没有人员数据。" in page.content.decode()
    assert not Staff.objects.filter(name="张三").exists()


def test_the_example_row_is_skipped_when_real_rows_follow_it(as_, org):
    client = as_("personnel")
    book = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))
    book.worksheets[0].append(["2001", "孙丽", "综合科", "科员", None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    page = client.post(IMPORT_URL, {"file": SimpleUploadedFile("名册.xlsx", buffer.getvalue())})
    assert "将新增 <strong>1</strong> 人" in page.content.decode()
    assert "张三" not in page.content.decode()


@pytest.mark.parametrize("who", ["staff", "chief", "deputy", "director", "inspector"])
def test_other_roles_may_not_download_or_import(as_, who):
    client = as_(who)
    assert client.get(TEMPLATE_URL).status_code == 403
    assert client.get(IMPORT_URL).status_code == 403


def test_admin_may_import(org):
    assert login(org.admin).get(IMPORT_URL).status_code == 200


def test_template_refuses_post(as_):
    assert as_("personnel").post(TEMPLATE_URL).status_code == 405


def test_import_refuses_put(as_):
    assert as_("personnel").put(IMPORT_URL).status_code == 405


def test_upload_shows_added_people_with_their_one_time_password(as_, roster_file):
    rows = [["2001", "孙丽", "综合科", "科员", "2010-07-01", None, None, None]]
    client = as_("personnel")
    preview = client.post(IMPORT_URL, {"file": roster_file(rows)})
    assert "将新增 <strong>1</strong> 人" in preview.content.decode()
    assert not Staff.objects.filter(staff_no="2001").exists()
    response = confirm(client, preview)
    page = response.content.decode()
    assert response.status_code == 200
    assert "新增 <strong>1</strong> 人，更新 <strong>0</strong> 人" in page
    assert "no-store" in response["Cache-Control"]
    person = Staff.objects.get(staff_no="2001")
    password = page.split('<code class="fs-6">')[1].split("</code>")[0]
    assert person.user.check_password(password)


def test_upload_with_bad_rows_lists_them_and_imports_nothing(as_, roster_file):
    rows = [
        ["2001", "孙丽", "综合科", "科员", None, None, None, None],
        ["2001", "钱明", "宣传科", "", "昨天", None, None, None],
    ]
    response = as_("personnel").post(IMPORT_URL, {"file": roster_file(rows)})
    page = response.content.decode()
    assert "本次没有导入任何人员" in page
    assert "第3行：工号 2001 与第2行重复。" not in page  # the row has other errors first
    assert "第3行：科室“宣传科”不存在" in page
    assert "第3行：参加工作时间“昨天”不是有效日期" in page
    assert not Staff.objects.filter(staff_no="2001").exists()


def test_upload_without_a_file_asks_for_one(as_):
    response = as_("personnel").post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_reupload_reports_nothing_changed(as_, roster_file):
    rows = [["2001", "孙丽", "综合科", "科员", None, None, None, None]]
    client = as_("personnel")
    confirm(client, client.post(IMPORT_URL, {"file": roster_file(rows)}))
    page = client.post(IMPORT_URL, {"file": roster_file(rows)}).content.decode()
    assert (
        "将新增 <strong>0</strong> 人，更新 <strong>0</strong> 人，未变化 <strong>1</strong> 人"
        in page
    )
    assert "这份文件不会改变名册中的任何人员" in page


def test_the_templates_section_names_are_text_never_formulas(as_, org):
    org.leadership.name = '=HYPERLINK("http://x")'
    org.leadership.save()
    book = load_workbook(io.BytesIO(as_("personnel").get(TEMPLATE_URL).content))
    example_section = book.worksheets[0]["C2"]
    assert (example_section.value, example_section.data_type) == (org.leadership.name, "s")
    assert example_section.quotePrefix
    assert all(cell.data_type != "f" for row in book.worksheets[1].iter_rows() for cell in row)
