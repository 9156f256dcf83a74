"""文件阅知's pages: a circulated PDF shown only as images, each stamped for its reader.

The original PDF never leaves the server. Each page is rendered with PDFium (pypdfium2, a wheel
with no system binaries) and the reader's name, 工号 and the time are tiled diagonally across the
whole page with Pillow, so a photo of any part of the screen names who took it. Rendered pages
are cached per reader in a private directory (under MEDIA_ROOT, which no URL serves), keyed by
circular, reader, the watermark's time bucket and page; a circular's pages are dropped when it
is withdrawn and by the nightly job once its reading has ended.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

# A4 at 150 dpi: body text stays sharp on a desktop screen and when zoomed on a phone.
PAGE_WIDTH = 1240
# A strip-shaped page (a long scroll saved as one page) is cut at four page widths rather than
# rendered into hundreds of megapixels.
MAX_PAGE_HEIGHT = PAGE_WIDTH * 4
MAX_PAGES = 300
MAX_PDF_BYTES = 20 * 1024 * 1024
# The time on the watermark moves in steps of this many minutes; a reader's pages are rendered
# again when it moves, and stay cached in between.
WATERMARK_MINUTES = 10
WATERMARK_ANGLE = 30
# Dark red at about 40 % opacity: the page stays readable under it and a phone photo still shows
# it (light grey disappears in a photo of a bright screen).
WATERMARK_INK = (170, 20, 20, 100)
# Space between two stamps on a line, and between lines, in text heights.
STAMP_GAP = 3
LINE_GAP = 4

PDF_UNREADABLE = "无法读取该 PDF 文件，请确认文件完整后重新上传。"
PDF_ENCRYPTED = "该 PDF 文件设有打开密码，请先取消密码后再上传。"
PDF_EMPTY = "该 PDF 文件没有页面。"
PDF_TOO_MANY_PAGES = f"该 PDF 文件超过 {MAX_PAGES} 页，请拆分后分别传阅。"

# PDFium is not thread-safe, even across documents: one call at a time in a process
# (threaded gunicorn workers share it). Rendering in parallel needs processes, not threads.
_PDFIUM_LOCK = threading.Lock()


class PdfRefused(Exception):
    """A PDF the office does not accept; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Reader:
    """Who a page is rendered for: what the watermark names and the cache is keyed by."""

    id: int
    name: str
    staff_no: str


def _open(source: Path | bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as exc:
        # FPDF_ERR_PASSWORD: PDFium reports a missing password as its own error code.
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise PdfRefused(PDF_ENCRYPTED) from exc
        raise PdfRefused(PDF_UNREADABLE) from exc


def pdf_page_count(source: Path | bytes) -> int:
    """The number of pages, or ``PdfRefused`` for a file PDFium cannot open, an encrypted one,
    an empty one or one longer than ``MAX_PAGES``."""
    with _PDFIUM_LOCK:
        document = _open(source)
        try:
            count = len(document)
        finally:
            document.close()
    if count == 0:
        raise PdfRefused(PDF_EMPTY)
    if count > MAX_PAGES:
        raise PdfRefused(PDF_TOO_MANY_PAGES)
    return count


def render_page(source: Path | bytes, index: int, *, width: int = PAGE_WIDTH) -> Image.Image:
    """Page ``index`` (from 0) as an RGB image ``width`` pixels wide, without a watermark."""
    with _PDFIUM_LOCK:
        document = _open(source)
        try:
            page = document[index]
            page_width, page_height = page.get_size()
            scale = width / max(page_width, 1.0)
            # Cut (from the bottom, in PDF units) whatever would pass the height limit.
            excess = page_height * scale - MAX_PAGE_HEIGHT
            crop = (0, excess / scale, 0, 0) if excess > 0 else (0, 0, 0, 0)
            bitmap = page.render(scale=scale, crop=crop, fill_color=(255, 255, 255, 255))
            # The PIL image shares PDFium's buffer: copy it before the document is closed.
            image = bitmap.to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    return image


def watermark_time(now: dt.datetime) -> dt.datetime:
    """The local time the watermark shows: ``now`` rounded down to its bucket."""
    local = timezone.localtime(now).replace(second=0, microsecond=0)
    return local.replace(minute=local.minute - local.minute % WATERMARK_MINUTES)


@functools.cache
def watermark_font_file() -> tuple[str, int] | None:
    """A font file (and face index in a .ttc) that has the Chinese characters: the
    ``READING_WATERMARK_FONT`` setting if given, else what fontconfig finds for Noto Sans CJK
    (Debian's fonts-noto-cjk). None when there is none: the watermark then shows the 工号 and
    time only, in the font Pillow carries."""
    configured = getattr(settings, "READING_WATERMARK_FONT", "")
    if configured:
        return (configured, 0) if Path(configured).is_file() else None
    try:
        found = subprocess.run(  # noqa: S603 (a fixed command, no user input)
            ["fc-match", "-f", "%{file}\t%{index}", "Noto Sans CJK SC:lang=zh-cn"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = found.partition("\t")
    # fc-match always answers with some font; only a CJK one will draw the name.
    if "CJK" not in Path(path).name or not Path(path).is_file():
        return None
    return path, int(index or 0)


def watermark_font(size: int) -> tuple[ImageFont.FreeTypeFont, bool]:
    """The font to stamp with at ``size`` pixels, and whether it draws Chinese."""
    found = watermark_font_file()
    if found is not None:
        try:
            return ImageFont.truetype(found[0], size, index=found[1]), True
        except OSError:
            logger.warning("watermark font %s unreadable; using the fallback", found[0])
    return ImageFont.load_default(size), False


def watermark_text(reader: Reader, at: dt.datetime, *, cjk: bool) -> str:
    """The stamp: name, 工号 and time; without a Chinese font the name (which the fallback font
    would draw as empty boxes) is left out, and 工号 and time still identify the reader."""
    stamp = f"{reader.staff_no}  {timezone.localtime(at):%Y-%m-%d %H:%M}"
    return f"{reader.name}  {stamp}" if cjk else stamp


def font_size_for(width: int) -> int:
    return max(12, width // 40)


def layer_side(size: tuple[int, int]) -> int:
    """The square drawn on before rotating: its rotation still covers every corner."""
    return math.ceil(math.hypot(*size)) + 2


def stamp_origins(side: int, text_width: float, line_height: int) -> list[tuple[int, int]]:
    """Where each stamp starts on the ``side``-square layer (before it is rotated): lines
    ``LINE_GAP`` text heights apart, every other line shifted by half a stamp so the stamps form
    a lattice rather than columns a crop could avoid."""
    step_x = int(text_width + STAMP_GAP * line_height)
    step_y = LINE_GAP * line_height
    origins = []
    for row, y in enumerate(range(0, side, step_y)):
        shift = -(step_x // 2) * (row % 2)
        origins.extend((x, y) for x in range(shift, side, step_x))
    return origins


def watermark(page: Image.Image, reader: Reader, at: dt.datetime) -> Image.Image:
    """``page`` with the reader's stamp tiled across it at ``WATERMARK_ANGLE`` degrees."""
    font, cjk = watermark_font(font_size_for(page.width))
    text = watermark_text(reader, at, cjk=cjk)
    left, top, right, bottom = font.getbbox(text)
    side = layer_side(page.size)
    # The stamps are drawn as a one-channel coverage mask: rotating it costs a quarter of
    # rotating colour, and the ink's colour and opacity are applied once when pasting.
    mask = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(mask)
    for origin in stamp_origins(side, right - left, bottom - top):
        draw.text(origin, text, font=font, fill=255)
    mask = mask.rotate(WATERMARK_ANGLE, resample=Image.Resampling.BICUBIC)
    x, y = (side - page.width) // 2, (side - page.height) // 2
    mask = mask.crop((x, y, x + page.width, y + page.height))
    opacity = WATERMARK_INK[3]
    mask = mask.point(lambda coverage: coverage * opacity // 255)
    stamped = page.convert("RGB")
    stamped.paste(WATERMARK_INK[:3], (0, 0, page.width, page.height), mask)
    return stamped


def cache_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "circulars" / "pages"


def page_png(
    *, source: Path, circular_id: int, index: int, reader: Reader, now: dt.datetime
) -> Path:
    """The file holding page ``index`` of the circular as ``reader`` sees it at ``now``:
    rendered and stamped on the first request in a time bucket, then read from the cache."""
    at = watermark_time(now)
    reader_dir = cache_root() / str(circular_id) / str(reader.id)
    bucket_dir = reader_dir / f"{at:%Y%m%d%H%M}"
    path = bucket_dir / f"{index + 1}.png"
    if path.is_file():
        return path
    image = watermark(render_page(source, index), reader, at)
    bucket_dir.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so a second request for the same page never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=bucket_dir, suffix=".part")
    # A 256-colour palette keeps text, stamp and pictures legible at a fifth of the bytes
    # (a scanned A4 page: about 2 MB as RGB, 400 KB as a palette image).
    with os.fdopen(handle, "wb") as out:
        image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    os.replace(temporary, path)
    # Earlier buckets' pages show an old time and are not asked for again.
    for older in reader_dir.iterdir():
        if older != bucket_dir:
            shutil.rmtree(older, ignore_errors=True)
    return path


def cached_circular_ids() -> list[int]:
    """The circulars that have rendered pages in the cache (one directory each)."""
    root = cache_root()
    if not root.is_dir():
        return []
    return sorted(int(entry.name) for entry in root.iterdir() if entry.name.isdigit())


def cached_pages_drop(circular_id: int) -> None:
    """Forget every rendered page of a circular (it ended, or was withdrawn)."""
    shutil.rmtree(cache_root() / str(circular_id), ignore_errors=True)
