"""Uploaded files checked before anything trusts or parses them.

- What a file really is, read from its first bytes (the browser's claim is not trusted).
- Images: opened with Pillow (header only, never decoded here) and refused above a pixel limit.
- .xlsx: the zip archive's entries checked against limits before openpyxl reads a byte of XML,
  and rows and columns read only up to a cap. A 400 KB shared-string bomb once inflated a worker
  by 800 MB; with these limits reading any accepted workbook stays far below 100 MB.
"""

from __future__ import annotations

import io
import itertools
import warnings
import zipfile
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

from office.errors import UploadError, XlsxUnreadable

# content type -> file extension, for the kinds of file the office accepts anywhere.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}

# 50 megapixels: a phone's full-resolution 48/50 MP photo (8160×6120 ≈ 49.9 MP) and an A4 page
# scanned at 600 dpi (≈ 35 MP) fit; its decoded size (≤ 200 MB as RGBA) is what a chief's
# browser must hold to show it. A 60000×60000 "photo" (3.6 billion pixels, 14 GB decoded) is
# refused. Pillow is told the same limit explicitly (it warns above it and refuses twice it),
# so no decoder anywhere in the process relies on Pillow's default.
MAX_IMAGE_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
IMAGE_TOO_BIG = f"图片像素过大（超过 {MAX_IMAGE_PIXELS // 10_000} 万像素），请缩小尺寸后再上传。"
IMAGE_UNREADABLE = "图片已损坏或无法识别，请重新拍照或另存为 JPG、PNG 后再上传。"

# Limits for an uploaded .xlsx, checked on the zip's central directory. zipfile never inflates
# an entry past the size it declares (it stops and fails the CRC), so the declared sizes bound
# what parsing can cost. A 10,000-row roster is about 5 MB of sheet XML and 1 MB of strings.
XLSX_MAX_ENTRIES = 200
# openpyxl holds the shared strings whole, at about 5.5 bytes of memory per byte of XML
# (measured: 20 MB of one-letter strings took 110 MB), so 8 MB costs at most some 45 MB.
XLSX_MAX_STRINGS_BYTES = 8 * 1024 * 1024
# Other XML parts (styles, workbook, relationships) are small in any real file and are also
# held whole as objects; pictures are skipped in read-only mode and count only in the total.
XLSX_MAX_PART_BYTES = 2 * 1024 * 1024
# Worksheets are streamed in read-only mode, so they may be larger.
XLSX_MAX_SHEET_BYTES = 64 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 100 * 1024 * 1024
# Sheet XML compresses 10-30 times; a bomb hundreds of times. Small parts are not judged by it.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 1024 * 1024
XLSX_TOO_BIG = (
    "文件解压后过大或结构异常，系统拒绝读取。请在 Excel 中另存为普通 .xlsx 文件后重新上传。"
)


def content_type_of(head: bytes) -> str | None:
    """The content type the first bytes show, or None for anything not accepted."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def sniff(upload: UploadedFile) -> str | None:
    """Read the head of an upload without moving its position for the later save."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return content_type_of(head)


def image_refusal(upload: UploadedFile, content_type: str) -> str | None:
    """Why an image upload (already sniffed as ``content_type``) is refused, or None.

    Pillow reads the header for the size and ``verify()`` walks the file's structure; neither
    decodes the pixels, so a huge image costs nothing to refuse."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Between the limit and twice it Pillow only warns; the size check below refuses.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[PILLOW_FORMATS[content_type]]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return IMAGE_TOO_BIG
                image.verify()
    except Image.DecompressionBombError:
        return IMAGE_TOO_BIG
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return IMAGE_UNREADABLE
    finally:
        upload.seek(0)
    return None


def attachment_refusal(upload: UploadedFile, *, max_bytes: int) -> str | None:
    """Why an attachment (a PDF or an image, as its first bytes show) is refused, or None:
    over ``max_bytes``, another kind of file, or an image Pillow cannot open or that is over
    the pixel limit. The sentence names no file; the caller says which one."""
    if upload.size > max_bytes:
        return f"不能超过{max_bytes // (1024 * 1024)}MB，请压缩后重新上传。"
    content_type = sniff(upload)
    if content_type is None:
        return "只能是PDF或图片（JPG、PNG、WEBP）。"
    if content_type in IMAGE_TYPES:
        return image_refusal(upload, content_type)
    return None


def xlsx_check(data: bytes) -> None:
    """Refuse a workbook whose archive would cost too much to open; raises ``UploadError``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # a crafted directory raises more than BadZipFile
        raise XlsxUnreadable("不是有效的 .xlsx 文件。") from exc
    entries = archive.infolist()
    if len(entries) > XLSX_MAX_ENTRIES:
        raise UploadError(XLSX_TOO_BIG)
    total = 0
    for entry in entries:
        total += entry.file_size
        too_dense = (
            entry.file_size > XLSX_RATIO_FROM_BYTES
            and entry.file_size > XLSX_MAX_RATIO * max(entry.compress_size, 1)
        )
        # Only "stored" and "deflated" bound what one read inflates; Excel writes nothing else.
        odd_method = entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        too_big = entry.file_size > _part_limit(entry.filename)
        if too_big or too_dense or odd_method or total > XLSX_MAX_TOTAL_BYTES:
            raise UploadError(XLSX_TOO_BIG)


def _part_limit(name: str) -> int:
    if name.startswith("xl/worksheets/"):
        return XLSX_MAX_SHEET_BYTES
    if name.lower().endswith("sharedstrings.xml"):
        return XLSX_MAX_STRINGS_BYTES
    if name.lower().endswith((".xml", ".rels")):
        return XLSX_MAX_PART_BYTES
    return XLSX_MAX_TOTAL_BYTES


def xlsx_rows(
    data: bytes, *, max_rows: int, max_cols: int, min_row: int = 1
) -> list[tuple[Any, ...]]:
    """The first sheet's rows (values, at most ``max_cols`` wide) after ``xlsx_check``.

    Raises ``UploadError`` if the sheet has more than ``max_rows`` rows from ``min_row``, so
    no caller silently imports part of a file."""
    from openpyxl import load_workbook

    xlsx_check(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise XlsxUnreadable("不是有效的 .xlsx 文件。") from exc
    try:
        rows = book.worksheets[0].iter_rows(min_row=min_row, max_col=max_cols, values_only=True)
        kept = [tuple(row) for row in itertools.islice(rows, max_rows + 1)]
    except Exception as exc:
        raise XlsxUnreadable("不是有效的 .xlsx 文件。") from exc
    finally:
        book.close()
    if len(kept) > max_rows:
        raise UploadError(f"表格超过 {max_rows} 行，请删除多余的行或拆分文件后上传。")
    return kept
