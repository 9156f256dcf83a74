"""The published notice as a Word file in official-document layout (GB/T 9704-2012).

A4 with margins 37/35/28/26 mm, red 版头 and rule, title in 2号 方正小标宋简体, body in 3号
仿宋_GB2312 at 22 lines of about 28 characters, headings in 黑体 / 楷体_GB2312, page numbers
"— 1 —" in 4号 宋体, and the 版记 at the end. Fonts are named for East-Asian text
(w:eastAsia), which is what Word uses for Chinese characters. Every text passes through
``office.text.clean_text`` first: a character XML cannot carry would otherwise fail the download.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

from inspections.dates import SHANGHAI, cn_date
from inspections.documents.docx_tables import LATIN_FONT, TEXT_WIDTH, table_element, table_styles
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
IMPRINT_PT = 14  # 4号
NUMERALS = "一二三四五六七八九十"

# The type area is 156 × 225 mm: 22 lines of 28 characters. Word and LibreOffice lay body text
# on the section's document grid ("linesAndChars"), one character a cell. 156 mm / 28 is
# 15.79 pt, a little narrower than 3号's 16 pt: LibreOffice gives a character wider than its
# cell two cells (14 characters a line, issue 14), so body characters are drawn at 98 % width
# (15.68 pt) and each takes one cell. ``w:charSpace`` is the cell's difference from the Normal
# style's 16 pt in 1/4096 pt.
LEFT_MARGIN = 1587  # twips: 28 mm
LINES, CHARS = 22, 28
LINE_PITCH = 579  # twips: 225 mm / 22 lines = 28.99 pt, rounded down so 22 lines fit
CELL_PT = TEXT_WIDTH / CHARS / 20
CHAR_SPACE = round((CELL_PT - BODY_PT) * 4096)
GLYPH_SCALE = 98  # percent of the glyph's width
# Two cells as LibreOffice reads w:charSpace: it keeps whole twips of the fraction, 15.75 pt
# (Word's cell is 15.79 pt).
INDENT = 2 * 315
assert BODY_PT * GLYPH_SCALE / 100 <= CELL_PT - 0.05, "a body character must fit its cell"

# 中文 line breaking (kinsoku): what may not start a line, and what may not end one.
NOT_AT_LINE_START = (
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｝～￠"
)
NOT_AT_LINE_END = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"


def set_font(
    run: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    """``name`` for Chinese (w:eastAsia, what Word uses for Chinese characters); digits and
    Latin letters in Times New Roman, whose digits are half a character wide, so 2026 takes
    two cells of the grid."""
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


# The order WordprocessingML requires of a paragraph's and a run's properties (Word refuses a
# file whose properties are out of order).
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def _add(parent: Any, tag: str, **attrs: str) -> Any:
    """Put ``w:<tag>`` into a ``w:pPr`` or ``w:rPr`` at its place in the schema's order."""
    order = PPR_ORDER if parent.tag == qn("w:pPr") else RPR_ORDER
    element = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    later = {qn(f"w:{t}") for t in order[order.index(tag) + 1 :]}
    following = next((child for child in parent if child.tag in later), None)
    if following is None:
        parent.append(element)
    else:
        following.addprevious(element)
    return element


def _off_grid(paragraph: Paragraph) -> None:
    """Body text sits on the document grid; a title, a table or the 版记 keeps its own size."""
    _add(paragraph._p.get_or_add_pPr(), "snapToGrid", val="0")


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
    """A paragraph of one run; body-sized text on the grid, anything else off it."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH / 20)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        # Two cells of the grid (Word counts them in w:firstLineChars); 2 × 16 pt is a little
        # more than two cells and would take three.
        fmt.first_line_indent = Twips(INDENT) if size == BODY_PT else Pt(size * 2)
        if size == BODY_PT:
            paragraph._p.pPr.ind.set(qn("w:firstLineChars"), "200")
    if align is not None:
        paragraph.alignment = align
    if size != BODY_PT:
        _off_grid(paragraph)
    if text:
        run = paragraph.add_run(clean_text(text))
        set_font(run, font, size, color=color)
        if size == BODY_PT:
            _add(run._r.get_or_add_rPr(), "w", val=str(GLYPH_SCALE))
    return paragraph


def _border(paragraph: Paragraph, side: str, color: str, size: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = _add(ppr, "pBdr")
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _east_asian_layout(doc: Any) -> None:
    """Chinese line breaking for every paragraph: the Normal style turns on kinsoku (no closing
    punctuation starting a line, no opening one ending it), hanging punctuation and the spacing
    between Chinese and Latin text, in Chinese (zh-CN, which picks the break rules); the
    settings name the kinsoku characters. The defaults' 10 pt after paragraphs go."""
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _add(rpr, "lang", val="zh-CN", eastAsia="zh-CN")
    ppr = normal.element.get_or_add_pPr()
    for tag in ("kinsoku", "wordWrap", "overflowPunct"):
        _add(ppr, tag, val="1")
    # No extra space around Latin letters and digits: a 公文 sets 2026年 as it is typed.
    for tag in ("topLinePunct", "autoSpaceDE", "autoSpaceDN"):
        _add(ppr, tag, val="0")
    _add(ppr, "spacing", before="0", after="0")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    for spacing in defaults.iter(qn("w:spacing")):
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
    settings = doc.settings.element
    for theme in settings.iter(qn("w:themeFontLang")):
        theme.set(qn("w:eastAsia"), "zh-CN")
    control = settings.find(qn("w:characterSpacingControl"))
    after = OxmlElement("w:noLineBreaksAfter")
    after.set(qn("w:lang"), "zh-CN")
    after.set(qn("w:val"), NOT_AT_LINE_END)
    before = OxmlElement("w:noLineBreaksBefore")
    before.set(qn("w:lang"), "zh-CN")
    before.set(qn("w:val"), NOT_AT_LINE_START)
    control.addnext(after)
    after.addnext(before)


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number's 一字线 sits 7 mm below the type area.
    section.footer_distance = Mm(23)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    _east_asian_layout(doc)
    table_styles(doc)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """ "— 1 —" in 4号 宋体: right on odd pages and left on even ones, one character in from the
    edge. The number is a PAGE field so Word fills in each page's own."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    if odd:
        fmt.right_indent = Pt(FOOTER_PT)
    else:
        fmt.left_indent = Pt(FOOTER_PT)
    _off_grid(paragraph)
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


def _page_number_footers(doc: Any) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _table(doc: Any, table: Table) -> None:
    if table.rows:
        doc.element.body._insert_tbl(table_element(table))
    else:
        _paragraph(doc, table.empty, indent=True)
    if table.note:
        _paragraph(doc, table.note, indent=True)


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
        f"个科室；考勤异常{len(data.get('attendance', []))}人次"
        + (f"，另有{pending}人次待认定" if (pending := data.get("attendance_pending")) else "")
        + "。",
        indent=True,
    )
    _subheading(doc, 1, tables["按科室"].heading)
    _table(doc, tables["按科室"])
    _subheading(doc, 2, tables["按类别"].heading)
    _table(doc, tables["按类别"])
    sections = ["点名通报", "考勤异常", "督办落实", "反面典型", "整改跟踪"]
    for number, key in enumerate(sections, start=2):
        _heading(doc, number, tables[key].heading)
        _table(doc, tables[key])
    if notice.remarks:
        _heading(doc, len(sections) + 2, "工作要求")
        for line in notice.remarks.splitlines():
            if line.strip():
                _paragraph(doc, line.strip(), indent=True)


def _imprint_row(left: str, right: str = "") -> str:
    """One line of the 版记, 4号 仿宋 one character in from either edge: ``right`` flush right."""
    font = f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{BODY_FONT}"/>'
    run = f'<w:r><w:rPr>{font}<w:sz w:val="{IMPRINT_PT * 2}"/></w:rPr><w:t>{{}}</w:t></w:r>'
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH - IMPRINT_PT * 20}"/></w:tabs>'
    text = run.format(escape(clean_text(left)))
    if right:
        text += run.replace("<w:t>", "<w:tab/><w:t>").format(escape(right))
    return (
        f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" '
        f'w:type="dxa"/></w:tcPr><w:p><w:pPr>{tabs if right else ""}<w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
        f'<w:ind w:left="{IMPRINT_PT * 20}" w:right="{IMPRINT_PT * 20}"/></w:pPr>{text}'
        "</w:p></w:tc></w:tr>"
    )


def _imprint(doc: Any, notice: WeeklyNotice) -> None:
    """版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期, between a thick rule
    above and below (0.35 mm) and a thin one between (0.25 mm). A table floating at the bottom
    of the type area (w:tblpPr), anchored in the last paragraph, wherever the body ends.
    (LibreOffice 7.4 carries it to the foot of a page of its own when a table continued from
    the page before, its header repeated, is on the last page: a fault of its layout.)"""
    issued = notice.published_at.astimezone(SHANGHAI).date() if notice.published_at else None
    cc = clean_text(f"抄送：{notice.cc}。") if notice.cc else ""
    rows = [_imprint_row(cc)] if cc else []
    rows.append(_imprint_row(notice.issuer, f"{cn_date(issued)}印发" if issued else "（未发布）"))
    rules = (
        '<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
    )
    doc.element.body._insert_tbl(
        parse_xml(
            f"<w:tbl {nsdecls('w')}><w:tblPr>"
            # Placed from the page's left edge: LibreOffice floats a table as wide as the type
            # area only when it is anchored to the page (a margin-anchored one stays inline).
            f'<w:tblpPr w:vertAnchor="margin" w:tblpYSpec="bottom" w:horzAnchor="page" '
            f'w:tblpX="{LEFT_MARGIN}"/>'
            f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>{rules}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
            '<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{TEXT_WIDTH}"/></w:tblGrid>{"".join(rows)}</w:tbl>'
        )
    )
    # The paragraph the floating table is anchored in: the document's last, one point high.
    anchor = doc.add_paragraph()
    anchor.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    anchor.paragraph_format.line_spacing = Pt(1)
    _off_grid(anchor)


def notice_docx(notice: WeeklyNotice) -> bytes:
    doc = Document()
    _page_setup(doc)
    _page_number_footers(doc)
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
    tables = notice_tables(notice.data, year=notice.year)
    _body(doc, notice, {table.sheet: table for table in tables})
    _imprint(doc, notice)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
