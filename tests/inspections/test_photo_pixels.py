"""Evidence photos are opened with Pillow: too many pixels, or not an image at all, is refused."""

import datetime as dt

import pytest
import time_machine

from inspections.dates import SHANGHAI
from inspections.errors import InspectionError
from inspections.services.findings import finding_photo_add
from tests.images import png_claiming, tiny_image
from tests.inspections.conftest import upload


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 17, 11, tzinfo=SHANGHAI), tick=False):
        yield


def test_a_png_claiming_60000_by_60000_pixels_is_refused(person_finding, org, media):
    bomb = png_claiming(60000, 60000)
    assert len(bomb) < 100
    with pytest.raises(InspectionError, match="照片“bomb.png”：图片像素过大"):
        finding_photo_add(
            finding=person_finding,
            uploads=[upload("bomb.png", bomb)],
            acting_user=org.inspector.user,
        )
    assert person_finding.photos.count() == 1
    assert [p.name for p in (media / "evidence" / str(person_finding.pk)).iterdir()] == [
        person_finding.photos.get().file.name.rsplit("/", 1)[1]
    ]


def test_a_png_with_a_broken_body_is_refused(person_finding, org):
    broken = tiny_image("PNG")[:40] + b"\x00" * 40
    with pytest.raises(InspectionError, match="图片已损坏或无法识别"):
        finding_photo_add(
            finding=person_finding,
            uploads=[upload("x.png", broken)],
            acting_user=org.inspector.user,
        )


def test_a_real_photo_of_a_few_megapixels_is_accepted(person_finding, org):
    photo = tiny_image("JPEG", (3000, 2000))
    added = finding_photo_add(
        finding=person_finding,
        uploads=[upload("cam.jpg", photo, "image/jpeg")],
        acting_user=org.inspector.user,
    )
    assert [p.content_type for p in added] == ["image/jpeg"]
