"""office.uploads: images checked with Pillow without decoding them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from office.uploads import IMAGE_TOO_BIG, IMAGE_UNREADABLE, MAX_IMAGE_PIXELS, image_refusal
from tests.images import png_claiming, tiny_image


def refusal(content: bytes, content_type: str = "image/png") -> str | None:
    return image_refusal(SimpleUploadedFile("x", content), content_type)


def test_pillows_own_limit_is_set_explicitly():
    assert Image.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS == 50_000_000


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (60000, 60000, IMAGE_TOO_BIG),  # over twice the limit: Pillow itself refuses
        (8000, 6251, IMAGE_TOO_BIG),  # just over: Pillow only warns, the check refuses
        (8160, 6120, None),  # a 50 MP phone's full-resolution photo
    ],
)
def test_the_pixel_limit(width, height, expected):
    assert refusal(png_claiming(width, height)) == expected


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_real_images_pass(kind):
    assert refusal(tiny_image(kind), f"image/{kind.lower()}") is None


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, b"\xff\xd8\xff\xe0" + b"\x00" * 64],
)
def test_what_pillow_cannot_open_is_refused(content):
    content_type = "image/png" if content.startswith(b"\x89") else "image/jpeg"
    assert refusal(content, content_type) == IMAGE_UNREADABLE


def test_the_upload_is_left_at_its_start_for_the_save():
    upload = SimpleUploadedFile("x", tiny_image("PNG"))
    image_refusal(upload, "image/png")
    assert upload.read(4) == b"\x89PNG"


def test_a_png_renamed_jpeg_is_judged_by_its_sniffed_type():
    # The sniffed type decides the decoder; a PNG body behind JPEG magic is not an image.
    assert refusal(b"\xff\xd8\xff" + tiny_image("PNG"), "image/jpeg") == IMAGE_UNREADABLE


def test_an_image_is_never_decoded(monkeypatch):
    photo = tiny_image("PNG", (400, 300))
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded"))
    assert refusal(photo) is None
