"""The roster template download and the upload page (政工科 and admin only)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from office.models import Staff
from office.roster import HEADERS
from tests.conftest import login

TEMPLATE_URL = "/people/import/template.xlsx"
IMPORT_URL = "/people/import/"


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


def test_the_template_as_downloaded_imports_its_example_row(as_):
    response = as_("personnel").get(TEMPLATE_URL)
    upload = SimpleUploadedFile("模板.xlsx", response.content)
    page = as_("personnel").post(IMPORT_URL, {"file": upload})
    assert "新增 <strong>1</strong> 人" in page.content.decode()
    assert Staff.objects.get(staff_no="1102").section.name == "主任室"


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
    response = as_("personnel").post(IMPORT_URL, {"file": roster_file(rows)})
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
    as_("personnel").post(IMPORT_URL, {"file": roster_file(rows)})
    page = as_("personnel").post(IMPORT_URL, {"file": roster_file(rows)}).content.decode()
    assert (
        "新增 <strong>0</strong> 人，更新 <strong>0</strong> 人，未变化 <strong>1</strong> 人"
        in page
    )
