import io

import openpyxl

from office.exports import Sheet, file_response, write_xlsx


def test_it_writes_each_sheet_with_its_header_and_rows():
    content = write_xlsx(
        [
            Sheet("考勤月报", ["工号", "姓名"], [["1101", "张三"], ["1102", "李四"]]),
            Sheet("汇总", ["项目", "数量"], iter([["旷工", 2]])),
        ]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["考勤月报", "汇总"]
    assert list(workbook["考勤月报"].values) == [
        ("工号", "姓名"),
        ("1101", "张三"),
        ("1102", "李四"),
    ]
    assert workbook["汇总"]["B2"].value == 2


def test_it_names_the_download_in_chinese():
    response = file_response(b"x", "周通报.xlsx")
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E5%91%A8%E9%80%9A%E6%8A%A5.xlsx"
    )
