"""A shared-string bomb: a small, valid .xlsx whose sharedStrings.xml inflates to hundreds of MB."""

import functools
import io
import zipfile

from openpyxl import Workbook

CHUNK = b"<si><t>A</t></si>" * 4096
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


@functools.cache
def shared_string_bomb(inflated_mb: int = 200) -> bytes:
    """A workbook plus a sharedStrings.xml of ``inflated_mb`` MB of one-letter strings, which
    deflate shrinks about 400 times (200 MB in a 500 KB file). openpyxl would hold every
    string in a list: some 12 million of them, several hundred MB of memory."""
    book = Workbook()
    book.active.append(["工号", "姓名"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            bomb.writestr(entry, content)
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for _ in range(inflated_mb * 1024 * 1024 // len(CHUNK)):
                strings.write(CHUNK)
            strings.write(b"</sst>")
    return out.getvalue()
