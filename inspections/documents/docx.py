"""The published notice as a Word file in official-document layout (GB/T 9704-2012).

A4 with margins 37/35/28/26 mm, red 版头 and rule, title in 2号 方正小标宋简体, body in 3号
仿宋_GB2312 at 22 lines of about 28 characters, headings in 黑体 / 楷体_GB2312, page numbers
"— 1 —" in 4号 宋体, and the 版记 at the end. Fonts are named for East-Asian text
(w:eastAsia), which is what Word uses for Chinese characters. Every text passes through
``office.text.clean_text`` first: a character XML cannot carry would otherwise fail the download.
"""

from __future__ import annotations

import io
from copy import deepcopy
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from inspections.dates import SHANGHAI, cn_date
from inspections.documents.tables import Table, notice_tables
from inspections.models import WeeklyNotice
from office.text import clean_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
FOOTER_FONT = "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
FOOTER_PT = 14  # 4号
TABLE_PT = 12  # 小四, so six columns fit the type area
LINE_PITCH_PT = 28.95  # 225 mm of type area / 22 lines
NUMERALS = "一二三四五六七八九十"


def set_font(
    run: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    doc: Any,
    text: str,
    font: str = BODY_FONT,
    size: float = BODY_PT,
    *,
    align: int | None = None,
    indent: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    if text:
        set_font(paragraph.add_run(clean_text(text)), font, size, color=color)
    return paragraph


def _border(paragraph: Paragraph, side: str, color: str, size: int) -> None:
    borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        paragraph._p.get_or_add_pPr().append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    # 156 mm of line width / 28 characters ≈ 15.8 pt per character: 0.2 pt tighter than 3号.
    grid.set(qn("w:charSpace"), "-860")
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _page_number_footer(doc: Any) -> None:
    """ "— 1 —": the number is a PAGE field so Word fills in each page's own."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), FOOTER_FONT, FOOTER_PT)
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        set_font(run, FOOTER_FONT, FOOTER_PT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    set_font(paragraph.add_run(" —"), FOOTER_FONT, FOOTER_PT)


def _run_template(doc: Any, font: str) -> Any:
    """A ``w:r`` with the table's font set and a ``w:t`` to fill in; copied for every cell."""
    run = doc.add_paragraph().add_run(" ")
    set_font(run, font, TABLE_PT)
    paragraph = run._r.getparent()
    paragraph.getparent().remove(paragraph)
    run._r.find(qn("w:t")).set(qn("xml:space"), "preserve")
    return run._r


def _table(doc: Any, table: Table) -> None:
    if not table.rows:
        _paragraph(doc, table.empty, indent=True)
        return
    width = len(table.headers)
    grid = doc.add_table(rows=1 + len(table.rows), cols=width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The cells are filled as XML, each with a copy of one run: python-docx's add_row(),
    # row.cells and per-run font setters walk the table or the run's properties every time,
    # which made a notice of a few thousand rows take seconds (profiled, issue 19).
    cells = [tc.find(qn("w:p")) for tc in grid._tbl.iter(qn("w:tc"))]
    header, body = _run_template(doc, HEADING_FONT), _run_template(doc, BODY_FONT)
    texts = [*table.headers, *(value for values in table.rows for value in values)]
    for index, (paragraph, text) in enumerate(zip(cells, texts, strict=True)):
        run = deepcopy(header if index < width else body)
        run.find(qn("w:t")).text = clean_text(str(text))
        paragraph.append(run)
    for cell in grid.rows[0].cells:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _heading(doc: Any, number: int, text: str) -> None:
    _paragraph(doc, f"{NUMERALS[number - 1]}、{text}", HEADING_FONT, indent=True)


def _subheading(doc: Any, number: int, text: str) -> None:
    _paragraph(doc, f"（{NUMERALS[number - 1]}）{text}", SUBHEADING_FONT, indent=True)


def _body(doc: Any, notice: WeeklyNotice, tables: dict[str, Table]) -> None:
    data = notice.data
    _heading(doc, 1, "总体情况")
    _paragraph(
        doc,
        f"本周共发现经确认的问题{data.get('total', 0)}起，涉及{len(data.get('by_section', []))}"
        f"个科室；考勤异常{len(data.get('attendance', []))}人次。",
        indent=True,
    )
    _subheading(doc, 1, tables["按科室"].heading)
    _table(doc, tables["按科室"])
    _subheading(doc, 2, tables["按类别"].heading)
    _table(doc, tables["按类别"])
    sections = ["点名通报", "考勤异常", "反面典型", "整改跟踪"]
    for number, key in enumerate(sections, start=2):
        _heading(doc, number, tables[key].heading)
        _table(doc, tables[key])
    if notice.remarks:
        _heading(doc, len(sections) + 2, "工作要求")
        for line in notice.remarks.splitlines():
            if line.strip():
                _paragraph(doc, line.strip(), indent=True)


def _imprint(doc: Any, notice: WeeklyNotice) -> None:
    """版记: 抄送, then 印发机关 and 印发日期, between rules."""
    _paragraph(doc, "")
    if notice.cc:
        cc = _paragraph(doc, f"抄送：{notice.cc}。", size=14)
        _border(cc, "top", "000000", 8)
    issued = notice.published_at.astimezone(SHANGHAI).date() if notice.published_at else None
    line = _paragraph(doc, f"{notice.issuer}", size=14)
    set_font(line.add_run(f"\t{cn_date(issued)}印发" if issued else "\t（未发布）"), BODY_FONT, 14)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(154), WD_TAB_ALIGNMENT.RIGHT)
    _border(line, "bottom", "000000", 8)
    if not notice.cc:
        _border(line, "top", "000000", 8)


def notice_docx(notice: WeeklyNotice) -> bytes:
    doc = Document()
    _page_setup(doc)
    _page_number_footer(doc)
    doc.core_properties.title = clean_text(notice.title)
    _paragraph(doc, notice.issuer, TITLE_FONT, 30, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    number = _paragraph(doc, notice.number_text, align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(number, "bottom", "FF0000", 18)
    _paragraph(doc, "")
    _paragraph(doc, notice.title, TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "")
    for line in notice.intro.splitlines():
        if line.strip():
            _paragraph(doc, line.strip(), indent=True)
    _body(doc, notice, {table.sheet: table for table in notice_tables(notice.data)})
    _imprint(doc, notice)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
