"""The notice's tables in the .docx: column widths from their content, cells as short XML.

Tables are set in 小四 (12 pt) 仿宋, the header row in 宋体 bold, across the type area's
156 mm, with fixed column widths (w:tblGrid and each cell's w:tcW): names, 科室 and dates are
never split, long 情况 wraps in its cell. Rows do not split across pages and the header row
repeats on each page a table runs on.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from inspections.documents.tables import Table
from office.text import clean_text

TEXT_WIDTH = 8844  # twips: the type area's 156 mm
TABLE_PT = 12  # 小四
TABLE_FONT = "仿宋_GB2312"
TABLE_HEADER_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _text_width(text: str) -> float:
    """Width in characters of the table font: a Chinese character 1, Latin and digits about
    0.55 (counted from the UTF-8 length: CJK takes three bytes, ASCII one)."""
    wide = (len(text.encode()) - len(text)) / 2
    return wide + (len(text) - wide) * 0.55


LATIN = re.compile(r"[!-~]+")  # a run of digits or Latin letters, which does not break
CELL_MARGIN = 57  # twips left and right inside a cell: 1 mm
CELL_SLACK = 0.5  # characters: LibreOffice's space between Chinese and digits, font metrics


def _column_needs(header: str, cells: list[str], keep: bool) -> tuple[float, float, float]:
    """(least, widest, weight) of one column in characters. A kept column is as wide as its
    widest line (a space in a kept cell is a line break: a date over its time); a wrapping one
    may break between any two Chinese characters but not inside a number, and is weighed by
    the text a row holds in it on average."""
    head = _text_width(header)
    if keep:
        widest = max((_text_width(part) for c in cells for part in c.split(" ")), default=0)
        return max(head, widest), max(head, widest), 0
    sizes = [_text_width(c) for c in cells]
    widest = max(sizes, default=0)
    numbers = max((_text_width(n) for c in cells for n in LATIN.findall(c)), default=0)
    least = max(head, min(widest, 3), numbers + 1)
    return least, max(head, widest), sum(sizes) / max(len(cells), 1) + 1


def column_widths(table: Table, total: int = TEXT_WIDTH) -> list[int]:
    """Each column's width in twips, the sum ``total``. A column named in ``table.keep`` (names,
    科室, dates, short words) is as wide as its widest line, so none wraps. The other columns
    share what is left by how much text a row holds in each, each at least three characters
    and its header and at most its widest cell, so rows need about as many lines in each and
    the long 情况 wraps inside its cell. Room to spare widens every column; if even the kept
    columns do not fit, all shrink alike."""

    def twips(chars: float) -> float:
        return (chars + CELL_SLACK) * TABLE_PT * 20 + 2 * CELL_MARGIN

    least, most, weight = [], [], []
    for index, header in enumerate(table.headers):
        cells = [str(row[index]) for row in table.rows]
        low, high, share = _column_needs(header, cells, header in table.keep)
        least.append(twips(low))
        most.append(twips(high))
        weight.append(share)
    if sum(least) > total:
        return _fill([w * total / sum(least) for w in least], total)
    # Water-filling: the wrapping columns share the room by weight; one that would fall under
    # its least or pass its widest cell is held there and the others share the rest again.
    widths = [0.0 if w else least[i] for i, w in enumerate(weight)]
    sharing = [i for i, w in enumerate(weight) if w]
    while sharing:
        room = total - sum(widths[i] for i in range(len(widths)) if i not in sharing)
        share = room / sum(weight[i] for i in sharing)
        held = {i: least[i] for i in sharing if weight[i] * share < least[i]}
        if not held:
            held = {i: most[i] for i in sharing if weight[i] * share > most[i]}
        if not held:
            for i in sharing:
                widths[i] = weight[i] * share
            break
        for i, width in held.items():
            widths[i] = width
        sharing = [i for i in sharing if i not in held]
    if sum(widths) < total:
        widths = [w + (total - sum(widths)) * w / sum(widths) for w in widths]
    return _fill(widths, total)


def _fill(widths: list[float], total: int) -> list[int]:
    rounded = [int(w) for w in widths]
    rounded[-1] += total - sum(rounded)
    return rounded


# Table cells take their look from three paragraph styles, so that each cell's XML is short:
# a notice of thousands of rows is parsed and saved in a fraction of the time.
CELL_STYLES = {
    # style id: (Chinese font, bold, alignment)
    "NoticeTableHeader": (TABLE_HEADER_FONT, True, "center"),
    "NoticeTableKept": (TABLE_FONT, False, "center"),
    "NoticeTableText": (TABLE_FONT, False, "left"),
}


def table_styles(doc: Any) -> None:
    """小四 仿宋 (the header 宋体, bold), off the grid, single-spaced, no extra space between
    Chinese and digits: the paragraph styles of table cells."""
    for style_id, (font, bold, align) in CELL_STYLES.items():
        style = doc.styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        style.element.append(
            parse_xml(
                f'<w:pPr {nsdecls("w")}><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
                '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" '
                f'w:lineRule="auto"/><w:jc w:val="{align}"/></w:pPr>'
            )
        )
        style.element.append(
            parse_xml(
                f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
                f'w:eastAsia="{font}"/>{"<w:b/>" if bold else ""}<w:w w:val="100"/>'
                f'<w:sz w:val="{TABLE_PT * 2}"/><w:szCs w:val="{TABLE_PT * 2}"/></w:rPr>'
            )
        )


def _cell_xml(width: int, text: str, style: str) -> str:
    text = escape(text)
    if style == "NoticeTableKept":
        text = text.replace(" ", '</w:t><w:br/><w:t xml:space="preserve">')
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
        f'<w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t>'
        "</w:r></w:p></w:tc>"
    )


def table_element(table: Table) -> Any:
    """A ``w:tbl`` of a table with rows. Written as one XML string: python-docx's add_row(),
    row.cells and font setters walk the table every time, which made a notice of a few
    thousand rows take seconds (issue 19)."""
    widths = column_widths(table)
    styles = ["NoticeTableKept" if h in table.keep else "NoticeTableText" for h in table.headers]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = [
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(
            _cell_xml(w, clean_text(h), "NoticeTableHeader")
            for w, h in zip(widths, table.headers, strict=True)
        )
        + "</w:tr>"
    ]
    for values in table.rows:
        rows.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(
                _cell_xml(w, clean_text(str(v)), style)
                for w, v, style in zip(widths, values, styles, strict=True)
            )
            + "</w:tr>"
        )
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{border}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
