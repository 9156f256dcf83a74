"""The one .xlsx writer: ``write_xlsx`` turns ``Sheet``s (a title, a header row and an
iterable of rows) into a workbook, and ``file_response`` sends it as a download. The notice
tables and the self-inspection completion sheet are written with it; the roster template
builds its own workbook but writes its cells through ``sheet_row``.

Workbooks are written in openpyxl's write-only mode, so memory stays flat for 10,000-row sheets.
Every cell goes through ``sheet_cell``: text is cleaned (``office.text.clean_text``) and written
as text, never as a formula, whatever it starts with (OWASP's CSV-injection guidance).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from office.text import clean_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What makes Excel (or LibreOffice) read typed text as a formula or a DDE call (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2F2F2")
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        header = []
        for title in sheet.headers:
            value = sheet_cell(ws, title)
            cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append(sheet_row(ws, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_cell(ws: Worksheet | WriteOnlyWorksheet, value: Any) -> Any:
    """A value as the cell to append: text is cleaned and typed as a string ("s"), so openpyxl
    never writes it as a formula; text that a spreadsheet would take for a formula also gets
    the quote prefix (Excel's leading '), so re-editing the cell does not make it live.
    Empty text becomes None (no cell); numbers, dates and None are returned unchanged."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if not text:
        return None  # no cell at all: the same blank, one element less to write
    if not text.startswith(FORMULA_STARTS):
        # Plain text stays a str: openpyxl types it "s" itself and, in write-only mode, writes
        # it through one reused cell; a cell object per value made a 10,000-row sheet 3x slower.
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def sheet_row(ws: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    return [sheet_cell(ws, value) for value in values]


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def file_response(content: bytes, filename: str, content_type: str = XLSX_TYPE) -> HttpResponse:
    """A download with a Chinese file name that every browser shows correctly (RFC 6266)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
