"""Uploaded workbooks are checked before openpyxl parses them (issue 10, break 7): a 500 KB
shared-string bomb is refused for a few MB of memory; a real 10,000-row roster still imports."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from attendance.errors import AttendanceError
from attendance.services.calendar import calendar_import
from office.errors import RosterError, UploadError
from office.models import Staff
from office.org import viewer_for
from office.roster import read_rows, roster_import
from office.uploads import XLSX_TOO_BIG, xlsx_check, xlsx_rows
from tests.bombs import shared_string_bomb
from tests.office.conftest import xlsx_bytes

MB = 1024 * 1024


def peak_mb(call) -> float:
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / MB


def test_the_bomb_is_what_the_issue_describes():
    bomb = shared_string_bomb()
    strings = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/sharedStrings.xml")
    assert len(bomb) < 600 * 1024 and strings.file_size > 200 * 1000 * 1000


def test_a_roster_bomb_is_refused_within_a_few_megabytes(org):
    upload = SimpleUploadedFile("名册.xlsx", shared_string_bomb())

    def refuse():
        with pytest.raises(RosterError) as excinfo:
            roster_import(
                file=upload, viewer=viewer_for(org.personnel.user), acting_user=org.personnel.user
            )
        assert [str(e) for e in excinfo.value.errors] == [XLSX_TOO_BIG]

    assert peak_mb(refuse) < 10
    assert not Staff.objects.filter(name="A").exists()


def test_a_calendar_bomb_is_refused_within_a_few_megabytes(org):
    bomb = shared_string_bomb()

    def refuse():
        with pytest.raises(AttendanceError, match="文件解压后过大"):
            calendar_import(
                file=io.BytesIO(bomb), filename="2027.xlsx", size=len(bomb), acting_user=None
            )

    assert peak_mb(refuse) < 10


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "archive",
    [
        pytest.param(zip_of({f"x/{i}.xml": b"" for i in range(201)}), id="too-many-entries"),
        pytest.param(zip_of({"xl/styles.xml": b" " * (3 * MB)}), id="a-part-over-its-limit"),
        pytest.param(zip_of({"xl/worksheets/sheet1.xml": b"A" * (2 * MB)}), id="too-dense"),
        pytest.param(zip_of({"xl/workbook.xml": b"<w/>"}, zipfile.ZIP_LZMA), id="lzma"),
    ],
)
def test_archives_over_a_limit_are_refused(archive):
    with pytest.raises(UploadError, match="文件解压后过大"):
        xlsx_check(archive)


def test_rows_and_columns_are_capped():
    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名"])
    sheet.cell(row=1, column=16384, value="far right")
    sheet.cell(row=1_048_576, column=1, value="far down")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadError, match="表格超过 100 行"):
        xlsx_rows(buffer.getvalue(), max_rows=100, max_cols=8)
    rows = xlsx_rows(xlsx_bytes([]), max_rows=100, max_cols=8)
    assert len(rows) == 1 and len(rows[0]) == 8


def test_a_legitimate_10000_row_roster_is_read_and_imports(org):
    sections = ["综合科", "行政科", "政工科"]
    rows = [
        [str(20000 + i), f"职工{i}", sections[i % 3], "科员", "2010-07-01", None, "13800000000", ""]
        for i in range(10_000)
    ]
    data = xlsx_bytes(rows)
    assert len(read_rows(data)) == 10_001
    result = roster_import(
        file=SimpleUploadedFile("名册.xlsx", data),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    assert len(result.added) == 10_000
    assert Staff.objects.filter(staff_no__startswith="2").count() >= 10_000


def test_an_archive_that_understates_its_sizes_costs_no_more_than_it_declares():
    """zipfile stops inflating at the declared size and fails the CRC, so lying in the
    central directory does not get past the limits."""
    bomb = bytearray(shared_string_bomb(20))
    entry = zipfile.ZipFile(io.BytesIO(bytes(bomb))).getinfo("xl/sharedStrings.xml")
    # The central directory's record of the entry: its uncompressed size is at offset 24.
    header = bomb.rindex(b"PK\x01\x02", 0, bomb.rindex(b"xl/sharedStrings.xml") + 1)
    size_at = header + 24
    assert int.from_bytes(bomb[size_at : size_at + 4], "little") == entry.file_size
    bomb[size_at : size_at + 4] = (1000).to_bytes(4, "little")

    def refuse():
        with pytest.raises(UploadError, match="不是有效的 .xlsx 文件"):
            xlsx_rows(bytes(bomb), max_rows=100, max_cols=8)

    assert peak_mb(refuse) < 10
