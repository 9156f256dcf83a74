"""A circulated PDF rendered as pages stamped for their reader (reading/pdfpages.py).

The watermark tests render the same page for two readers and look where each reader's text
should be: the test draws the expected text itself (same font, stamp lattice and angle) into a
mask, and checks that one reader's image is inked there and the other reader's is not. A
watermark that left out the 工号, drew it somewhere else or too faintly would fail them."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from reading import pdfpages
from reading.pdfpages import PdfRefused, Reader
from tests.reading.pdfs import encrypted_pdf, pdf_bytes

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 7, 9, 47, 30, tzinfo=SHANGHAI)
READER_X = Reader(id=1, name="刘职员", staff_no="1102")
READER_Y = Reader(id=2, name="杨职员", staff_no="7745")


@pytest.fixture(autouse=True)
def _font_lookup_per_test():
    """The font lookup is cached per process; a test that changes the setting must not leave
    its answer behind."""
    pdfpages.watermark_font_file.cache_clear()
    yield
    pdfpages.watermark_font_file.cache_clear()


@pytest.fixture(params=["cjk", "fallback"])
def font(request, settings):
    """Each watermark test runs with the Chinese font and with Pillow's own font (a server
    without fonts-noto-cjk)."""
    if request.param == "fallback":
        settings.READING_WATERMARK_FONT = "/nonexistent/font.ttc"
    elif pdfpages.watermark_font_file() is None:
        pytest.skip("no Noto Sans CJK on this machine (Debian: fonts-noto-cjk)")
    return request.param


def _stamped(reader: Reader, at: dt.datetime = NOW) -> Image.Image:
    return pdfpages.watermark(pdfpages.render_page(pdf_bytes(), 0), reader, at).convert("L")


def _expected(size: tuple[int, int], reader: Reader, at: dt.datetime, part: str = "") -> Image:
    """Where ``part`` of the reader's stamp (all of it if empty) should be inked: drawn here
    in white on black at each stamp's place, rotated like the page, as a 0/255 mask."""
    font, cjk = pdfpages.watermark_font(pdfpages.font_size_for(size[0]))
    text = pdfpages.watermark_text(reader, at, cjk=cjk)
    piece = part or text
    offset = font.getlength(text[: text.index(piece)])
    left, top, right, bottom = font.getbbox(text)
    side = pdfpages.layer_side(size)
    mask = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(mask)
    for x, y in pdfpages.stamp_origins(side, right - left, bottom - top):
        draw.text((x + offset, y), piece, font=font, fill=255)
    mask = mask.rotate(pdfpages.WATERMARK_ANGLE, resample=Image.Resampling.BICUBIC)
    x, y = (side - size[0]) // 2, (side - size[1]) // 2
    mask = mask.crop((x, y, x + size[0], y + size[1]))
    return mask.point(lambda value: 255 if value > 128 else 0)


def _only(part_mask: Image.Image, other_stamp: Image.Image) -> Image.Image:
    """The part's pixels away from anything the other stamp inks (widened by 2 px)."""
    return ImageChops.subtract(part_mask, other_stamp.filter(ImageFilter.MaxFilter(5)))


def _mean(image: Image.Image, mask: Image.Image) -> float:
    return ImageStat.Stat(image, mask=mask).mean[0]


def _inked_count(mask: Image.Image) -> int:
    return ImageStat.Stat(mask).sum[0] // 255


def test_the_readers_staff_number_is_inked_where_the_stamps_put_it(font):
    x_image, y_image = _stamped(READER_X), _stamped(READER_Y)
    size = x_image.size
    x_digits = _only(_expected(size, READER_X, NOW, "1102"), _expected(size, READER_Y, NOW))
    y_digits = _only(_expected(size, READER_Y, NOW, "7745"), _expected(size, READER_X, NOW))
    # Dozens of stamps: hundreds of pixels to judge by, even after the overlaps are removed.
    assert _inked_count(x_digits) > 500
    assert _inked_count(y_digits) > 500
    # X's 工号 is in X's page, dark enough for a photo (white paper is 255) ...
    assert _mean(x_image, x_digits) < 200
    # ... and not in Y's page, where the same pixels are blank paper;
    assert _mean(y_image, x_digits) > 245
    # and Y's 工号 is in Y's page only.
    assert _mean(y_image, y_digits) < 200
    assert _mean(x_image, y_digits) > 245


def test_the_name_is_stamped_when_a_chinese_font_exists(settings):
    if pdfpages.watermark_font_file() is None:
        pytest.skip("no Noto Sans CJK on this machine (Debian: fonts-noto-cjk)")
    namesake = Reader(id=3, name="孙科员", staff_no=READER_X.staff_no)
    x_image, other = _stamped(READER_X), _stamped(namesake)
    size = x_image.size
    x_name = _only(_expected(size, READER_X, NOW, "刘职员"), _expected(size, namesake, NOW))
    assert _inked_count(x_name) > 500
    assert _mean(x_image, x_name) < 200
    assert _mean(other, x_name) > 245


def test_without_a_chinese_font_the_stamp_leaves_the_name_out(settings):
    settings.READING_WATERMARK_FONT = "/nonexistent/font.ttc"
    font, cjk = pdfpages.watermark_font(31)
    assert not cjk
    assert pdfpages.watermark_text(READER_X, NOW, cjk=cjk) == "1102  2026-12-07 09:47"


def test_the_time_on_the_stamp_moves_in_ten_minute_steps(font):
    later = NOW + dt.timedelta(minutes=10)
    at, at_later = pdfpages.watermark_time(NOW), pdfpages.watermark_time(later)
    assert (at.hour, at.minute, at_later.minute) == (9, 40, 50)
    earlier_image, later_image = _stamped(READER_X, at), _stamped(READER_X, at_later)
    size = earlier_image.size
    minute = _only(_expected(size, READER_X, at_later, "09:50"), _expected(size, READER_X, at))
    assert _inked_count(minute) > 500
    assert _mean(later_image, minute) < 200
    assert _mean(earlier_image, minute) > 245


def test_the_stamps_cover_every_part_of_the_page():
    x_image, y_image = _stamped(READER_X), _stamped(READER_Y)
    differs = ImageChops.difference(x_image, y_image).point(lambda value: 255 if value else 0)
    width, height = differs.size
    # A crop of any ninth of the page (a photo of part of the screen) still shows a 工号.
    for column in range(3):
        for row in range(3):
            box = (
                column * width // 3,
                row * height // 3,
                (column + 1) * width // 3,
                (row + 1) * height // 3,
            )
            assert differs.crop(box).getbbox() is not None, box


def test_a_page_renders_at_the_readable_width_and_pages_differ():
    data = pdf_bytes(pages=3)
    assert pdfpages.pdf_page_count(data) == 3
    first, third = pdfpages.render_page(data, 0), pdfpages.render_page(data, 2)
    assert abs(first.width - pdfpages.PAGE_WIDTH) <= 1
    # A4: height ≈ √2 × width.
    assert abs(first.height - round(first.width * 842 / 595)) <= 2
    # Page 3's bar is longer than page 1's.
    assert ImageChops.difference(first, third).getbbox() is not None


def test_a_very_tall_page_is_cut_at_four_widths():
    image = pdfpages.render_page(pdf_bytes(size=(620, 877 * 6)), 0)
    assert image.height == pdfpages.MAX_PAGE_HEIGHT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\nnot really a pdf", pdfpages.PDF_UNREADABLE),
        (b"", pdfpages.PDF_UNREADABLE),
        (encrypted_pdf(), pdfpages.PDF_ENCRYPTED),
    ],
    ids=["damaged", "empty-file", "password"],
)
def test_a_pdf_that_cannot_be_opened_is_refused_in_chinese(data, message):
    with pytest.raises(PdfRefused) as refused:
        pdfpages.pdf_page_count(data)
    assert refused.value.message == message


def test_a_pdf_longer_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(pdfpages, "MAX_PAGES", 2)
    with pytest.raises(PdfRefused):
        pdfpages.pdf_page_count(pdf_bytes(pages=3))
    assert pdfpages.pdf_page_count(pdf_bytes(pages=2)) == 2


@pytest.fixture
def source(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "circular.pdf"
    path.write_bytes(pdf_bytes(pages=2))
    return path


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """The page indexes PDFium was asked to render."""
    calls: list[int] = []
    real = pdfpages.render_page

    def counting(source, index, **kwargs):
        calls.append(index)
        return real(source, index, **kwargs)

    monkeypatch.setattr(pdfpages, "render_page", counting)
    return calls


def test_a_page_is_rendered_once_per_reader_and_time_step(source, renders):
    first = pdfpages.page_png(source=source, circular_id=9, index=1, reader=READER_X, now=NOW)
    again = pdfpages.page_png(
        source=source, circular_id=9, index=1, reader=READER_X, now=NOW + dt.timedelta(minutes=2)
    )
    assert first == again
    assert renders == [1]
    other = pdfpages.page_png(source=source, circular_id=9, index=1, reader=READER_Y, now=NOW)
    assert other != first
    assert renders == [1, 1]
    with Image.open(first) as x_page, Image.open(other) as y_page:
        assert x_page.format == "PNG"
        assert ImageChops.difference(x_page.convert("L"), y_page.convert("L")).getbbox()


def test_the_next_time_step_renders_again_and_forgets_the_old_one(source, renders):
    first = pdfpages.page_png(source=source, circular_id=9, index=0, reader=READER_X, now=NOW)
    later = pdfpages.page_png(
        source=source, circular_id=9, index=0, reader=READER_X, now=NOW + dt.timedelta(minutes=10)
    )
    assert later != first
    assert renders == [0, 0]
    assert later.is_file()
    assert not first.exists()
    assert not first.parent.exists()


def test_the_cache_is_private_and_dropped_with_the_circular(source):
    path = pdfpages.page_png(source=source, circular_id=9, index=0, reader=READER_X, now=NOW)
    kept = pdfpages.page_png(source=source, circular_id=10, index=0, reader=READER_X, now=NOW)
    media = Path(django_settings.MEDIA_ROOT).resolve()
    assert path.resolve().is_relative_to(media)
    served = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    assert not any(path.resolve().is_relative_to(root.resolve()) for root in served)
    assert not list(path.parent.glob("*.part"))
    pdfpages.cached_pages_drop(9)
    assert not path.exists()
    assert kept.exists()
