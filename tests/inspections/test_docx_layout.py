"""The notice .docx read back as XML: GB/T 9704's grid, fonts, page numbers, tables, 版记."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from inspections.documents.docx import notice_docx
from inspections.documents.docx_tables import CELL_MARGIN, TEXT_WIDTH, _text_width, column_widths
from inspections.documents.tables import Table, notice_tables
from inspections.models import WeeklyNotice

TYPE_AREA = (156, 225)  # mm
MM = 1440 / 25.4  # twips


def notice(findings: int = 3, **prose) -> WeeklyNotice:
    """An unsaved published notice with ``findings`` named rows (no database needed)."""
    people = ["肖明辉", "王芳", "欧阳建国"]
    sections = ["秘书二科", "综合科", "机关党委办公室"]
    rows = [
        {
            "id": n,
            "person": people[n % 3],
            "section": sections[n % 3],
            "item_code": "1-07",
            "item": "工作时间玩电脑游戏、看视频、炒股、网购等",
            "when": "2026年11月17日 10:00",
            "place": "三楼办公室",
            "description": "检查时发现该同志在工作时间使用办公电脑浏览购物网站，经提醒后仍未停止。",
            "source": "明察暗访",
        }
        for n in range(findings)
    ]
    data = {
        "year": 2026,
        "week": 47,
        "first": "2026年11月16日",
        "last": "2026年11月22日",
        "total": findings,
        "by_section": [{"section": s, "count": 1, "people": 1} for s in sections],
        "by_category": [{"category": "工作纪律", "count": findings}],
        "findings": rows,
        "repeat_offenders": [],
        "open_rectifications": [],
        "attendance": [],
        "attendance_pending": 2,
    }
    values = {
        "title": "关于2026年第47周工作纪律作风督导检查情况的通报",
        "intro": "为深入推进工作纪律作风整顿，督导小组采取明察暗访方式进行了检查。",
        "remarks": "各科室要对照通报问题立查立改。",
        "cc": "办公室各位主任",
    } | prose
    return WeeklyNotice(
        year=2026,
        week=47,
        issuer="市政府办公室督导小组",
        data=data,
        number_year=2026,
        number=3,
        status=WeeklyNotice.Status.PUBLISHED,
        published_at=dt.datetime(2026, 11, 24, 2, tzinfo=dt.UTC),
        **values,
    )


@pytest.fixture(scope="module")
def doc():
    return Document(io.BytesIO(notice_docx(notice())))


def w(element, attr: str) -> str:
    return element.get(qn(f"w:{attr}"))


def test_section_grid_gives_22_lines_of_28_characters(doc):
    sect = doc.sections[0]
    grid = sect._sectPr.find(qn("w:docGrid"))
    assert w(grid, "type") == "linesAndChars"
    text_width = Length(sect.page_width - sect.left_margin - sect.right_margin)
    text_height = Length(sect.page_height - sect.top_margin - sect.bottom_margin)
    assert (round(text_width.mm), round(text_height.mm)) == TYPE_AREA
    pitch = int(w(grid, "linePitch"))  # twips
    assert text_height.twips // pitch == 22
    # Word's cell: the Normal style's size plus charSpace/4096 pt.
    normal = doc.styles["Normal"].font.size.pt
    cell = normal + int(w(grid, "charSpace")) / 4096
    assert normal == 16
    assert int(text_width.pt // cell) == 28
    # One character a cell: LibreOffice gives a character wider than its cell two cells.
    body = next(p for p in doc.paragraphs if p.text.startswith("为深入推进"))
    scale = int(w(body.runs[0]._r.rPr.find(qn("w:w")), "val"))
    assert 16 * scale / 100 <= cell


def test_body_lines_sit_on_the_grid_at_its_pitch(doc):
    pitch = int(w(doc.sections[0]._sectPr.find(qn("w:docGrid")), "linePitch"))
    body = next(p for p in doc.paragraphs if p.text.startswith("为深入推进"))
    assert body.paragraph_format.line_spacing.twips == pitch
    # Two cells of the grid, in characters for Word and in twips no wider than two cells.
    assert w(body._p.pPr.ind, "firstLineChars") == "200"
    assert body.paragraph_format.first_line_indent.twips <= 2 * TEXT_WIDTH / 28
    assert body._p.pPr.find(qn("w:snapToGrid")) is None  # on the grid (the default)


def test_font_sizes_of_title_body_headings_and_tables(doc):
    by_text = {p.text: p for p in doc.paragraphs if p.text}
    title = by_text["关于2026年第47周工作纪律作风督导检查情况的通报"]
    assert title.runs[0].font.size == Pt(22)  # 2号
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    # The title keeps its own spacing: off the 3号 grid.
    assert w(title._p.pPr.find(qn("w:snapToGrid")), "val") == "0"
    body = next(p for t, p in by_text.items() if t.startswith("为深入推进"))
    assert body.runs[0].font.size == Pt(16)  # 3号
    assert by_text["一、总体情况"].runs[0].font.size == Pt(16)
    # A cell's look is its paragraph style's; no run sets its own.
    ids = {p.style.style_id for t in _tables(doc) for c in t._cells for p in c.paragraphs}
    assert ids == {"NoticeTableHeader", "NoticeTableKept", "NoticeTableText"}
    styles = [doc.styles[i] for i in ids]
    assert {s.font.size for s in styles} == {Pt(12)}  # 小四
    assert {s.element.rPr.rFonts.get(qn("w:eastAsia")) for s in styles} == {"宋体", "仿宋_GB2312"}
    runs = [r for t in _tables(doc) for c in t._cells for p in c.paragraphs for r in p.runs]
    assert {r.font.size for r in runs} == {None}
    # Off the grid: 12 pt characters keep their own width.
    assert {s.element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) for s in styles} == {"0"}


def test_east_asian_line_breaking_is_on_in_chinese(doc):
    normal = doc.styles["Normal"].element
    ppr = normal.find(qn("w:pPr"))
    assert w(ppr.find(qn("w:kinsoku")), "val") == "1"
    assert w(ppr.find(qn("w:overflowPunct")), "val") == "1"
    assert w(ppr.find(qn("w:wordWrap")), "val") == "1"
    assert w(normal.find(qn("w:rPr")).find(qn("w:lang")), "eastAsia") == "zh-CN"
    settings = doc.settings.element
    before = settings.find(qn("w:noLineBreaksBefore"))
    assert w(before, "lang") == "zh-CN"
    assert set("，。、；：！？）」』》〉”") <= set(w(before, "val"))
    assert set("（「『《〈“") <= set(w(settings.find(qn("w:noLineBreaksAfter")), "val"))


def _footer_layout(footer):
    paragraph = footer.paragraphs[0]
    instr = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
    return paragraph, instr


def test_page_numbers_right_on_odd_pages_left_on_even_in_song_4(doc):
    assert doc.settings.odd_and_even_pages_header_footer
    sect = doc.sections[0]
    odd, odd_field = _footer_layout(sect.footer)
    even, even_field = _footer_layout(sect.even_page_footer)
    assert odd.alignment == 2 and odd.paragraph_format.right_indent == Pt(14)  # right
    assert even.alignment == 0 and even.paragraph_format.left_indent == Pt(14)  # left
    for paragraph, field in ((odd, odd_field), (even, even_field)):
        assert field.strip() == "PAGE"
        assert paragraph.text == "— 1 —"
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}  # 4号
        assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in paragraph.runs} == {"宋体"}


def _tables(doc):
    return [t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is None]


def test_tables_have_fixed_widths_cant_split_rows_and_a_repeated_header(doc):
    for table in _tables(doc):
        tbl = table._tbl
        assert w(tbl.tblPr.find(qn("w:tblLayout")), "type") == "fixed"
        grid = [int(w(c, "w")) for c in tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grid) == TEXT_WIDTH
        rows = tbl.findall(qn("w:tr"))
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(r.find(qn("w:tblHeader")) is None for r in [row.trPr for row in rows[1:]])
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        for row in rows:
            widths = [int(w(tc.tcPr.find(qn("w:tcW")), "w")) for tc in row.findall(qn("w:tc"))]
            assert widths == grid


def test_names_and_sections_get_a_column_they_fit_in(doc):
    named = next(t for t in _tables(doc) if t.rows[0].cells[1].text == "姓名")
    grid = [int(w(c, "w")) for c in named._tbl.tblGrid.iter(qn("w:gridCol"))]
    for column, longest in ((0, "机关党委办公室"), (1, "欧阳建国")):
        assert grid[column] >= len(longest) * 12 * 20 + 2 * CELL_MARGIN
    # 情况 (column 5) takes what is left and wraps inside its cell.
    assert grid[5] == max(g for i, g in enumerate(grid) if i not in (0, 1, 3))


def test_the_time_is_a_date_over_its_time_without_the_notice_year(doc):
    named = next(t for t in _tables(doc) if t.rows[0].cells[1].text == "姓名")
    cell = named.rows[1].cells[3]._tc
    assert [t.text for t in cell.iter(qn("w:t"))] == ["11月17日", "10:00"]
    assert len(list(cell.iter(qn("w:br")))) == 1


def test_column_widths_keep_the_widest_value_and_share_the_rest_by_text():
    table = Table(
        "h",
        "s",
        ["科室", "姓名", "情况", "地点"],
        [["综合科", "王芳", "说明" * 40, "会议室"], ["机关党委办公室", "欧阳建国", "短", "楼"]],
        "无",
        keep=("科室", "姓名"),
    )
    widths = column_widths(table)
    assert sum(widths) == TEXT_WIDTH
    assert widths[0] >= _text_width("机关党委办公室") * 240 + 2 * CELL_MARGIN
    assert widths[1] >= _text_width("欧阳建国") * 240 + 2 * CELL_MARGIN
    assert widths[2] > 3 * widths[3]


def test_kept_columns_too_wide_for_the_page_shrink_alike_rather_than_overflow():
    table = Table("h", "s", ["甲", "乙"], [["字" * 30, "字" * 30]], "无", keep=("甲", "乙"))
    assert column_widths(table) == [TEXT_WIDTH // 2, TEXT_WIDTH - TEXT_WIDTH // 2]


def test_imprint_floats_at_the_foot_of_the_last_page_between_rules(doc):
    imprint = doc.tables[-1]._tbl
    position = imprint.tblPr.find(qn("w:tblpPr"))
    assert (w(position, "vertAnchor"), w(position, "tblpYSpec")) == ("margin", "bottom")
    assert int(w(position, "tblpX")) == round(28 * MM)  # the left margin: the type area's edge
    texts = [c.text for row in doc.tables[-1].rows for c in row.cells]
    assert texts == ["抄送：办公室各位主任。", "市政府办公室督导小组\t2026年11月24日印发"]
    borders = imprint.tblPr.find(qn("w:tblBorders"))
    sizes = {side: w(borders.find(qn(f"w:{side}")), "sz") for side in ("top", "bottom", "insideH")}
    assert sizes == {"top": "8", "bottom": "8", "insideH": "6"}  # 0.35 mm outside, 0.25 mm between
    # It is the document's last table, anchored in the one paragraph after it.
    assert imprint.getnext().tag == qn("w:p") and imprint.getnext().getnext().tag == qn("w:sectPr")


def test_pending_anomalies_are_counted_under_the_table_never_named(doc):
    texts = [p.text for p in doc.paragraphs]
    assert "另有2人次考勤异常待认定，认定前不予点名。" in texts
    assert any("考勤异常0人次，另有2人次待认定" in t for t in texts)


def test_the_web_and_excel_keep_the_year_in_the_time():
    named = next(t for t in notice_tables(notice().data) if t.sheet == "点名通报")
    assert named.rows[0][3] == "2026年11月17日 10:00"
