"""A certificate photo is opened with Pillow: a pixel bomb or a broken image is refused."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leave.errors import LeaveError
from leave.models import LeaveRequest
from tests.images import png_claiming, tiny_image

pytestmark = pytest.mark.usefixtures("frozen")


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("证明.png", content, content_type="image/png")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (png_claiming(60000, 60000), "附件图片像素过大"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "附件图片已损坏或无法识别"),
    ],
)
def test_bad_certificate_images_are_refused(org, request_leave, content, message):
    with pytest.raises(LeaveError, match=message):
        request_leave(
            org.staff,
            dt.date(2026, 11, 3),
            dt.date(2026, 11, 5),
            code="sick",
            attachment=upload(content),
        )
    assert not LeaveRequest.objects.filter(applicant=org.staff).exists()


def test_a_certificate_photo_is_accepted(org, request_leave):
    leave = request_leave(
        org.staff,
        dt.date(2026, 11, 3),
        dt.date(2026, 11, 5),
        code="sick",
        attachment=upload(tiny_image("PNG", (1200, 1600))),
    )
    assert leave.attachment.name.endswith(".png")
