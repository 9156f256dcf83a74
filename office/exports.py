"""The one .xlsx writer: ``write_xlsx`` turns ``Sheet``s (a title row, one or two header rows,
an iterable of rows, a legend and signature lines) into a workbook set up for printing, and
``file_response`` sends it as a download. Every report (考勤月报, the ledgers, the notice tables,
the self-inspection completion sheet) is written with it; the roster template builds its own
openpyxl workbook but writes its cells through ``sheet_row``.

Workbooks are written with XlsxWriter in ``constant_memory`` mode: each row goes to a temporary
file as soon as the next one starts, so memory stays flat however many people a sheet lists (the
benchmark in bench/export_month.py chose it over openpyxl's write-only mode; see the README).
Text is always written with ``write_string``, never ``write()``: a value that a spreadsheet
would take for a formula stays text, and also gets the quote prefix (Excel's leading ') so that
re-editing the cell does not make it live (OWASP's CSV-injection guidance).

Print setup, on every sheet: A4 landscape, fit to one page wide (as many pages tall as it
takes), the header rows repeated on every page and frozen on screen, thin borders, wrapped text
in long columns, and column widths grown to the widest value so that no name is cut (a CJK
character counts two width units).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from office.text import clean_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What makes Excel (or LibreOffice) read typed text as a formula or a DDE call (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Fills for shaded columns: 法定节假日 and weekends grey, 调休上班 (a working weekend) amber.
SHADES = {"holiday": "#D9D9D9", "workday": "#FCE4D6", "header": "#F2F2F2"}
MAX_WIDTH = 50  # a wider column wraps its text instead
PROGRESS_EVERY = 500  # rows between two progress reports
SHORT_TEXT = 12  # text up to this length is cleaned once per workbook
HEADER_LINE = 14  # points: one line of the bold 10-point header


@dataclass(frozen=True)
class Column:
    """A column: its header, a second header row's text (empty: the header spans both rows),
    its narrowest width, and whether long text wraps."""

    header: str
    sub: str = ""
    width: float = 0
    wrap: bool = False
    shade: str = ""  # a key of SHADES: every cell of the column is filled


@dataclass
class Sheet:
    title: str
    headers: Sequence[str | Column]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    heading: str = ""  # the title row above the header, merged over every column
    legend: str = ""  # a line under the rows, e.g. what the marks mean
    foot: Sequence[str] = ()  # signature lines at the foot: 制表人, 科长签字, 政工科审核
    frozen_columns: int = 0  # columns kept in view when scrolling right (e.g. the names)
    wrap: bool = False  # every column wraps text longer than it is wide
    # Rows split as they stream: each row is then (part key, row, row of the part), and the
    # part's own sheet (``split(key)``, its rows unused) is written alongside this one. Rows
    # come in key order. Every row is computed once for two sheets (全部 and a section's).
    split: Callable[[Any], Sheet] | None = None
    columns: list[Column] = field(init=False)

    def __post_init__(self) -> None:
        columns = [h if isinstance(h, Column) else Column(h, wrap=self.wrap) for h in self.headers]
        for index, width in enumerate(self.widths[: len(columns)]):
            columns[index] = Column(**{**columns[index].__dict__, "width": width})
        self.columns = columns


Progress = Callable[[int], None]


@dataclass
class _Open:
    """A worksheet being written: the next row, and the widths its values have needed."""

    ws: Any
    sheet: Sheet
    columns: list[Column]
    widths: list[float]
    looks: list[tuple[Any, Any, Any, Any, Any]]
    row: int


def write_xlsx(
    sheets: Iterable[Sheet], out: BinaryIO | None = None, progress: Progress | None = None
) -> bytes:
    """Write the sheets into ``out`` (a file opened for writing; returns b"") or into memory
    (returns the bytes). ``progress(rows written so far)`` is called every few hundred rows."""
    target = out if out is not None else io.BytesIO()
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    writer = _Writer(workbook, progress)
    for sheet in sheets:
        writer.sheet(sheet)
    if progress is not None:
        progress(writer.done)
    workbook.close()
    return b"" if out is not None else target.getvalue()


class _Writer:
    """Formats are made once per workbook and per look (border, fill, wrap, quote prefix)."""

    def __init__(self, workbook: xlsxwriter.Workbook, progress: Progress | None) -> None:
        self.workbook = workbook
        self.progress = progress
        self.done = 0
        self.formats: dict[tuple, Any] = {}
        # Short values repeat (a day's mark, a section's name): cleaned and measured once.
        self.short: dict[str, tuple[str, float, bool]] = {}
        self.column_looks: dict[Column, tuple[Any, Any, Any, Any, Any]] = {}
        self.titles: set[str] = set()

    def format(self, **look: Any) -> Any:
        key = tuple(sorted(look.items()))
        if key not in self.formats:
            props = {"border": 1, "valign": "vcenter", "font_name": "宋体", "font_size": 10}
            props.update(
                {k: v for k, v in look.items() if k != "shade" and v is not False and v != ""}
            )
            if look.get("shade"):
                props.update(pattern=1, bg_color=SHADES[look["shade"]])
            self.formats[key] = self.workbook.add_format(props)
        return self.formats[key]

    def looks(self, c: Column = Column("")) -> tuple[Any, Any, Any, Any, Any]:
        """A column's formats: text, text with the quote prefix, a date, a date and time, a
        number (centred: counts and days read down a column)."""
        if c in self.column_looks:
            return self.column_looks[c]
        looks = self.column_looks[c] = (
            self.format(text_wrap=c.wrap, shade=c.shade),
            self.format(text_wrap=c.wrap, shade=c.shade, quote_prefix=True),
            self.format(shade=c.shade, num_format="yyyy-mm-dd"),
            self.format(shade=c.shade, num_format="yyyy-mm-dd hh:mm"),
            self.format(shade=c.shade, align="center"),
        )
        return looks

    def sheet(self, sheet: Sheet) -> None:
        """Write the sheet; with ``split``, each row also goes to its part's sheet, written
        alongside (constant_memory keeps one open row per sheet), the parts in key order."""
        whole = self.open(sheet)
        part, key = None, object()
        for item in sheet.rows:
            if sheet.split is not None:
                part_key, values, part_values = item
                if part is None or part_key != key:
                    if part is not None:
                        self.close(part)
                    part, key = self.open(sheet.split(part_key)), part_key
                self.row(part, part_values)
            else:
                values = item
            self.row(whole, values)
        if part is not None:
            self.close(part)
        self.close(whole)

    def open(self, sheet: Sheet) -> _Open:
        """A new worksheet with its title row and header rows written."""
        ws = self.workbook.add_worksheet(_sheet_title(sheet.title, self.titles))
        columns = list(sheet.columns)
        last = max(len(columns) - 1, 0)
        # A column given a width wraps its header to it; only the values widen it further.
        widths = [c.width or max(_text_width(c.header), _text_width(c.sub)) for c in columns]
        row = 0
        if sheet.heading:
            heading = self.format(bold=True, font_size=16, align="center", border=0)
            ws.set_row(row, 30)
            _merge(ws, row, 0, row, last, sheet.heading, heading)
            row += 1
        header_rows = 2 if any(c.sub for c in columns) else 1
        first_header = row
        # A header wrapped to its column's width needs the lines it wraps to: a row keeps
        # one line's height in print (LibreOffice) and the rest of the header is cut. (A
        # header spanning both rows has their two lines.)
        tops = [c.header if header_rows == 1 or c.sub else "" for c in columns]
        for offset, texts in enumerate([tops, [c.sub for c in columns]][:header_rows]):
            lines = max(
                (
                    math.ceil(_text_width(text) / c.width)
                    for c, text in zip(columns, texts, strict=True)
                    if c.width and text
                ),
                default=1,
            )
            if lines > 1:
                ws.set_row(row + offset, HEADER_LINE * lines)
        for index, column in enumerate(columns):
            look = self.format(
                bold=True, align="center", text_wrap=True, shade=column.shade or "header"
            )
            quoted = self.format(
                bold=True, align="center", shade=column.shade or "header", quote_prefix=True
            )
            self.text(ws, row, index, column.header, look, quoted)
        if header_rows == 2:  # the second row only now: constant_memory writes rows in order
            for index, column in enumerate(columns):
                look = self.format(
                    bold=True, align="center", text_wrap=True, shade=column.shade or "header"
                )
                self.text(ws, row + 1, index, column.sub, look, look)
            # A header with nothing under it spans both rows. In constant_memory mode
            # merge_range() cannot reach back to a row already written, so the ranges are
            # recorded as it records them (written out when the workbook closes).
            ws.merge += [[row, i, row + 1, i] for i, c in enumerate(columns) if not c.sub]
        row += header_rows
        ws.repeat_rows(first_header, row - 1)
        ws.freeze_panes(row, sheet.frozen_columns)
        return _Open(ws, sheet, columns, widths, [self.looks(c) for c in columns], row)

    def row(self, state: _Open, values: Sequence[Any]) -> None:
        ws, row, looks, widths, columns = (
            state.ws,
            state.row,
            state.looks,
            state.widths,
            state.columns,
        )
        for index, value in enumerate(values):
            if index == len(looks):  # a row wider than its header: plain columns
                looks.append(self.looks())
                columns.append(Column(""))
                widths.append(0)
            plain, quoted, date, moment, number = looks[index]
            if isinstance(value, str):
                known = self.short.get(value)
                if known is None:
                    text = clean_text(value)
                    known = (text, _text_width(text), text.startswith(FORMULA_STARTS))
                    if len(value) <= SHORT_TEXT:
                        self.short[value] = known
                text, size, formula = known
                if text:
                    ws.write_string(row, index, text, quoted if formula else plain)
                else:
                    ws.write_blank(row, index, None, plain)
                if size > widths[index]:
                    widths[index] = size
            elif value is None:
                ws.write_blank(row, index, None, plain)
            elif isinstance(value, bool):
                ws.write_string(row, index, "是" if value else "否", plain)
            elif isinstance(value, int | float | Decimal):
                ws.write_number(row, index, value, number)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(row, index, value.replace(tzinfo=None), moment)
            elif isinstance(value, dt.date):
                ws.write_datetime(row, index, value, date)
            else:
                self.text(ws, row, index, str(value), plain, quoted)
        state.row += 1
        self.done += 1
        if self.progress is not None and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done)

    def close(self, state: _Open) -> None:
        """The legend, the signature lines, the widths and the print setup."""
        ws, sheet, row, widths, columns = (
            state.ws,
            state.sheet,
            state.row,
            state.widths,
            state.columns,
        )
        last = max(len(columns) - 1, 0)
        plain = self.format(border=0, text_wrap=True)
        if sheet.legend:
            ws.set_row(row, 15 * (1 + _text_width(sheet.legend) // max(sum(widths), 1)))
            _merge(ws, row, 0, row, last, clean_text(sheet.legend), plain)
            row += 1
        foot = list(sheet.foot)
        if len(foot) > len(columns):  # too few columns to spread them: one line
            foot = ["\u3000\u3000".join(foot)]
        if foot:
            row += 1
            span = max(len(columns) // len(foot), 1)
            for index, line in enumerate(foot):
                first = index * span
                end = last if index == len(foot) - 1 else min(first + span - 1, last)
                _merge(ws, row, min(first, last), row, max(end, min(first, last)), line, plain)
        for index, width in enumerate(widths):
            ws.set_column(index, index, min(width + 1.5, MAX_WIDTH))
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.set_footer("&C第 &P 页，共 &N 页")

    def text(self, ws: Any, row: int, col: int, value: str, plain: Any, quoted: Any) -> str:
        text = clean_text(value)
        if not text:
            ws.write_blank(row, col, None, plain)
        else:
            ws.write_string(row, col, text, quoted if text.startswith(FORMULA_STARTS) else plain)
        return text


def _merge(ws: Any, r1: int, c1: int, r2: int, c2: int, text: str, look: Any) -> None:
    if (r1, c1) == (r2, c2):
        ws.write_string(r1, c1, text, look)
    else:
        ws.merge_range(r1, c1, r2, c2, "", look)
        ws.write_string(r1, c1, text, look)


def _text_width(text: str) -> float:
    """Width units the text needs: a CJK (3-byte UTF-8) character two, ASCII one. The widest
    line counts when the text has several."""
    if not text:
        return 0
    if "\n" in text:
        return max(_text_width(line) for line in text.split("\n"))
    return (len(text) + len(text.encode())) / 2


_SHEET_TITLE_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def _sheet_title(title: str, taken: set[str]) -> str:
    """A title Excel accepts (no []:*?/\\, at most 31 characters, unique in the workbook)."""
    base = clean_text(title).translate(_SHEET_TITLE_CHARS).strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def sheet_cell(ws: Worksheet | WriteOnlyWorksheet, value: Any) -> Any:
    """For openpyxl workbooks (the roster template): a value as the cell to append. Text is
    cleaned and typed as a string ("s"), so openpyxl never writes it as a formula; text that a
    spreadsheet would take for a formula also gets the quote prefix. Empty text becomes None
    (no cell); numbers, dates and None are returned unchanged."""
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


def file_response(content: bytes, filename: str, content_type: str = XLSX_TYPE) -> HttpResponse:
    """A download with a Chinese file name that every browser shows correctly (RFC 6266)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
