"""The published notice read back from its .docx and .xlsx."""

import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from inspections.documents.docx import notice_docx
from inspections.documents.xlsx import notice_xlsx
from inspections.services.notices import notice_compile, notice_publish
from office.demo import demo_unit
from tests.inspections.factories import FindingFactory


@pytest.fixture
def published(org, monday):
    FindingFactory(staff=org.staff, place="会议室")
    FindingFactory(staff=org.other_staff, description="中午饮酒")
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    return notice_publish(notice=notice, acting_user=org.inspector.user)


def east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_has_official_margins_and_a4(published):
    doc = Document(io.BytesIO(notice_docx(published)))
    section = doc.sections[0]
    # Word stores twips, so millimetres come back within a hundredth of a millimetre.
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]


def test_docx_has_red_masthead_number_and_title_fonts(published):
    doc = Document(io.BytesIO(notice_docx(published)))
    paragraphs = [p for p in doc.paragraphs if p.text]
    masthead, number, title = paragraphs[0], paragraphs[1], paragraphs[2]
    assert masthead.text == "市政府办公室督导小组"
    assert str(masthead.runs[0].font.color.rgb) == "FF0000"
    assert number.text == "督导通报〔2026〕第1期"
    assert number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    assert title.text == "关于2026年第47周工作纪律作风督导检查情况的通报"
    assert east_asian(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)


def test_docx_body_and_headings_use_official_fonts(published):
    doc = Document(io.BytesIO(notice_docx(published)))
    by_text = {p.text: p for p in doc.paragraphs if p.text}
    intro = next(p for t, p in by_text.items() if t.startswith("为深入推进"))
    assert east_asian(intro.runs[0]) == "仿宋_GB2312" and intro.runs[0].font.size == Pt(16)
    assert east_asian(by_text["一、总体情况"].runs[0]) == "黑体"
    assert east_asian(by_text["（一）各科室问题数量"].runs[0]) == "楷体_GB2312"
    imprint = [
        c.text
        for t in Document(io.BytesIO(notice_docx(published))).tables
        for c in t.columns[0].cells
    ]
    assert "抄送：办公室各位主任。" in imprint


def test_docx_footer_has_page_field_in_song_4(published):
    doc = Document(io.BytesIO(notice_docx(published)))
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
    assert east_asian(footer.runs[0]) == "宋体" and footer.runs[0].font.size == Pt(14)


def test_docx_tables_hold_the_named_findings(published):
    doc = Document(io.BytesIO(notice_docx(published)))
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["科室", "问题数", "涉及人数"] in cells
    assert ["综合科", "1", "1"] in cells
    named = [row for row in cells if "刘职员" in row]
    assert named and "会议室" in named[0]


def test_docx_table_cells_use_song_and_fangsong_at_small_four(published):
    table = Document(io.BytesIO(notice_docx(published))).tables[0]
    header, first = table.rows[0].cells[0].paragraphs[0], table.rows[1].cells[0].paragraphs[0]
    # Each cell's look is its paragraph style's (short cells for notices of thousands of rows).
    assert header.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert header.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert header.style.font.bold and header.style.font.size == Pt(12)
    assert first.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert first.style.font.size == Pt(12) and not first.style.font.bold


def test_docx_table_of_thousands_of_rows_is_made_at_once(monkeypatch):
    """Filling 6,000 cells through python-docx's add_row() and font setters took 2.4 s for a
    city's notice (issue 19); the table is made with all its rows at once and each cell copies
    one prepared run. Speed is measured by bench/pages_10k.py; here, that the slow path is gone."""
    from docx.table import Table as DocxTable
    from docx.text.run import Font

    from inspections.documents.docx import _table
    from inspections.documents.tables import Table

    calls = []

    def refuse(*args, **kwargs):
        raise AssertionError("per-row add_row is back")

    def count(font, value):
        calls.append(value)
        original.fset(font, value)

    original = Font.size
    monkeypatch.setattr(DocxTable, "add_row", refuse)
    monkeypatch.setattr(Font, "size", property(original.fget, count))
    table = Table("h", "s", ["a", "b", "c"], [[n, "科", "名"] for n in range(2000)], "无")
    document = Document()
    _table(document, table)
    rows = document.tables[0].rows
    assert len(rows) == 2001
    assert [c.text for c in rows[2000].cells] == ["1999", "科", "名"]
    assert len(calls) < 10, "a font setter per cell is back"


def test_xlsx_has_one_sheet_per_table_with_the_same_rows(published):
    book = load_workbook(io.BytesIO(notice_xlsx(published)))
    assert book.sheetnames == [
        "通报",
        "按科室",
        "按类别",
        "点名通报",
        "反面典型",
        "考勤异常",
        "督办落实",
        "整改跟踪",
    ]
    # Each sheet opens with its title row (the notice's title; a table's name), then the header.
    summary = list(book["通报"].iter_rows(values_only=True))
    assert summary[0][0] == published.title
    assert summary[2] == ("期号", "督导通报〔2026〕第1期")
    assert list(book["按科室"].iter_rows(values_only=True)) == [
        ("按科室", None, None),
        ("科室", "问题数", "涉及人数"),
        ("综合科", 1, 1),
        ("行政科", 1, 1),
    ]
    named = list(book["点名通报"].iter_rows(values_only=True))
    assert named[3][1] == "杨职员" and named[3][5] == "中午饮酒"
    # Printable as it comes: A4 landscape, one page wide, the header on every page.
    sheet = book["点名通报"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$2:$2" and sheet.freeze_panes == "A3"
