"""The roster template 政工科 downloads: headers, one example row that never imports, notes."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from office.exports import sheet_row
from office.roster import CITY_HEADERS, EXAMPLE_MARK, HEADERS, STATUS_BY_LABEL, UNIT_HEADER


def template_workbook(
    *, section_names: Sequence[str], units: Mapping[str, Sequence[str]] | None = None
) -> bytes:
    """The .xlsx 政工科 downloads: headers, one example row and a sheet of notes.

    With ``units`` (unit name: its section names) it is the city administrator's template
    for several units, with a 单位 column first."""
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    headers = CITY_HEADERS if units is not None else HEADERS
    sheet.append(sheet_row(sheet, headers))
    unit_cells: list[str] = []
    if units is not None:
        first_unit = next(iter(units), "市政府办公室")
        unit_cells = [first_unit]
        section_names = units.get(first_unit, [])
    example_section = section_names[0] if section_names else "综合科"
    sheet.append(
        sheet_row(
            sheet,
            [
                *unit_cells,
                EXAMPLE_MARK,
                "张三",
                example_section,
                "科员",
                "2015-07-01",
                "2018-03-01",
                "13800000000",
                "在岗",
            ],
        )
    )
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B22222")
    widths = [10, 10, 14, 14, 14, 14, 16, 8]
    if units is not None:
        widths.insert(0, 24)
    for column, width in zip("ABCDEFGHI", widths, strict=False):
        sheet.column_dimensions[column].width = width
    # 工号 and 电话 as text columns, so Excel keeps leading zeros. A column style (not
    # formatted empty cells) keeps the sheet's used range at the example row.
    for header in ("工号", "联系电话"):
        sheet.column_dimensions["ABCDEFGHI"[headers.index(header)]].number_format = "@"
    notes = book.create_sheet("填写说明")
    for line in _notes(section_names) if units is None else _city_notes(units):
        notes.append(sheet_row(notes, [line]))
    notes.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _notes(section_names: Sequence[str]) -> list[str]:
    statuses = "、".join(STATUS_BY_LABEL)
    return [
        "填写说明",
        f"1. 第一行为表头，请勿修改；从第二行起每行一人。工号为“{EXAMPLE_MARK}”的示例行不会导入，"
        "可以保留或删除。",
        "2. 工号、姓名、科室必填；工号在表内不得重复，是更新人员信息的依据。",
        "3. 科室须与系统中的科室名称完全一致，现有科室："
        + ("、".join(section_names) or "（暂无）"),
        "4. 日期格式：2015-07-01、2015/7/1 或 2015年7月1日，也可以使用 Excel 日期。",
        f"5. 状态填写：{statuses}；留空按“在岗”处理。离职人员账号将停用，记录保留。",
        "6. 任何一行有错误时整份文件都不会导入，请按提示逐行改正后重新上传。",
        "7. 新建账号的初始密码只在导入结果页显示一次，请当场告知本人并提醒其登录后修改。",
    ]


def _city_notes(units: Mapping[str, Sequence[str]]) -> list[str]:
    """The notes of the city administrator's template: the 单位 column, each unit's sections."""
    lines = _notes([])
    lines[2] = lines[2].replace("工号、姓名、科室必填", f"{UNIT_HEADER}、工号、姓名、科室必填")
    lines[3] = (
        f"3. {UNIT_HEADER}填写单位全称，科室须与该单位在系统中的科室名称完全一致。"
        "现有单位及其科室："
    )
    return [
        *lines[:4],
        *(
            f"    {name}：" + ("、".join(sections) or "（暂无科室）")
            for name, sections in units.items()
        ),
        *lines[4:],
    ]
