"""Issue 15 point 6: 补充照片 on a finding's page is optional, and an empty post is refused."""

from tests.conftest import login
from tests.inspections.factories import FindingFactory


def test_additional_photos_are_not_marked_required(org, media):
    finding = FindingFactory(recorded_by=org.inspector.user, staff=org.staff)
    html = login(org.inspector).get(finding.get_absolute_url()).content.decode()
    field = html.split('for="id_photos"')[1].split("</label>")[0]
    assert "补充照片" in field and "*" not in field


def test_posting_no_photo_is_refused_in_chinese(org, media):
    finding = FindingFactory(recorded_by=org.inspector.user, staff=org.staff)
    response = login(org.inspector).post(
        f"/inspections/findings/{finding.pk}/photos/", {}, follow=True
    )
    assert "请选择要上传的照片。" in response.content.decode()
    assert finding.photos.count() == 0
