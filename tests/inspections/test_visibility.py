"""Who sees a finding (PRODUCT.md §3): the person, their chain, 督导小组 — nobody else."""

import pytest

from inspections.models import Finding
from inspections.selectors import finding_visibility
from office.org import viewer_for
from tests.conftest import login

PERSON_FINDING_SEEN_BY = {
    "staff": True,
    "chief": True,
    "deputy": True,
    "director": True,
    "inspector": True,
    "admin": True,
    "other_staff": False,
    "other_chief": False,
    "other_deputy": False,
    "personnel": False,
}
SECTION_FINDING_SEEN_BY = {**PERSON_FINDING_SEEN_BY, "staff": False}


def _user(org, who):
    person = getattr(org, who)
    return person if who == "admin" else person.user


@pytest.mark.parametrize(("who", "sees"), PERSON_FINDING_SEEN_BY.items())
def test_person_finding_visibility_rule(org, person_finding, who, sees):
    visible = Finding.objects.filter(finding_visibility(viewer_for(_user(org, who))))
    assert visible.filter(pk=person_finding.pk).exists() is sees


@pytest.mark.parametrize(("who", "sees"), SECTION_FINDING_SEEN_BY.items())
def test_section_finding_visibility_rule(org, section_finding, who, sees):
    visible = Finding.objects.filter(finding_visibility(viewer_for(_user(org, who))))
    assert visible.filter(pk=section_finding.pk).exists() is sees


@pytest.mark.parametrize(("who", "sees"), PERSON_FINDING_SEEN_BY.items())
def test_finding_page_and_photo_follow_the_rule(org, person_finding, who, sees):
    client = login(getattr(org, who))
    photo = person_finding.photos.get()
    detail = client.get(f"/inspections/findings/{person_finding.pk}/")
    image = client.get(f"/inspections/photos/{photo.pk}/")
    listing = client.get("/inspections/")
    expected = 200 if sees else 404
    assert (detail.status_code, image.status_code) == (expected, expected)
    if sees:
        assert image["Content-Type"] == "image/png"
        assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    assert ("二楼走廊" in listing.content.decode()) is sees


@pytest.mark.parametrize(("who", "sees"), SECTION_FINDING_SEEN_BY.items())
def test_section_finding_photo_follows_the_rule(org, section_finding, who, sees):
    photo = section_finding.photos.get()
    response = login(getattr(org, who)).get(f"/inspections/photos/{photo.pk}/")
    assert response.status_code == (200 if sees else 404)


def test_photo_view_rejects_post(org, person_finding):
    photo = person_finding.photos.get()
    assert login(org.inspector).post(f"/inspections/photos/{photo.pk}/").status_code == 405
