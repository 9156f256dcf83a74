"""Finding services: recording with photos, the status workflow and its refusals."""

import datetime as dt

import pytest
import time_machine

from inspections.dates import SHANGHAI
from inspections.errors import InspectionError
from inspections.models import Finding, FindingPhoto, Item
from inspections.services.findings import (
    finding_confirm,
    finding_dismiss,
    finding_feedback,
    finding_photo_add,
    finding_record,
    finding_rectify,
)
from office import config
from tests.inspections.conftest import JPEG, PNG, WEBP, upload

NOW = dt.datetime(2026, 11, 18, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_recording_a_persons_finding_files_it_under_their_section(person_finding, org, media):
    assert person_finding.section == org.section
    assert person_finding.status == Finding.Status.RECORDED
    photo = person_finding.photos.get()
    assert photo.content_type == "image/png"
    assert photo.file.name.startswith(f"evidence/{person_finding.pk}/")
    assert photo.file.name.endswith(".png")
    assert (media / photo.file.name).read_bytes() == PNG


def test_webp_and_jpeg_are_accepted(person_finding, org):
    photos = finding_photo_add(
        finding=person_finding,
        uploads=[upload("a.webp", WEBP, "image/webp"), upload("b.jpg", JPEG, "image/jpeg")],
        acting_user=org.inspector.user,
    )
    assert [p.content_type for p in photos] == ["image/webp", "image/jpeg"]


def test_a_file_that_is_not_an_image_is_refused_whatever_it_claims(person_finding, org):
    with pytest.raises(InspectionError, match="不是 JPEG、PNG 或 WebP"):
        finding_photo_add(
            finding=person_finding,
            uploads=[upload("x.png", b"%PDF-1.4 not a picture", "image/png")],
            acting_user=org.inspector.user,
        )
    assert person_finding.photos.count() == 1


def test_a_photo_over_the_size_limit_is_refused(person_finding, org):
    config.setting_set(key="evidence_photo_max_mb", value=1, acting_user=None)
    exactly_one_mb = PNG + b"\x00" * (1024 * 1024 - len(PNG))
    finding_photo_add(
        finding=person_finding,
        uploads=[upload("ok.png", exactly_one_mb)],
        acting_user=org.inspector.user,
    )
    with pytest.raises(InspectionError, match="超过 1 MB"):
        finding_photo_add(
            finding=person_finding,
            uploads=[upload("big.png", exactly_one_mb + b"\x00")],
            acting_user=org.inspector.user,
        )


def test_a_bad_photo_records_nothing(org, media):
    with pytest.raises(InspectionError):
        finding_record(
            staff=org.staff,
            item=Item.objects.first(),
            occurred_at=NOW,
            description="串岗",
            photos=[upload("x.png", b"GIF89a")],
            acting_user=org.inspector.user,
        )
    assert not Finding.objects.exists() and not FindingPhoto.objects.exists()


def test_only_inspectors_record(org, media):
    with pytest.raises(InspectionError, match="督导小组"):
        finding_record(
            staff=org.other_staff,
            item=Item.objects.first(),
            occurred_at=NOW,
            description="串岗",
            acting_user=org.chief.user,
        )


def test_a_finding_needs_a_person_or_section_and_a_past_time(org):
    item = Item.objects.first()
    with pytest.raises(InspectionError, match="当事人或科室"):
        finding_record(item=item, occurred_at=NOW, description="x", acting_user=org.inspector.user)
    with pytest.raises(InspectionError, match="不能晚于现在"):
        finding_record(
            staff=org.staff,
            item=item,
            occurred_at=NOW + dt.timedelta(seconds=1),
            description="x",
            acting_user=org.inspector.user,
        )


def test_full_workflow_recorded_confirmed_rectifying_closed(
    person_finding, org, django_capture_on_commit_callbacks
):
    inspector = org.inspector.user
    with django_capture_on_commit_callbacks(execute=True):
        finding_confirm(finding=person_finding, acting_user=inspector)
        finding_rectify(
            finding=person_finding, deadline=dt.date(2026, 11, 18), acting_user=inspector
        )
        closed = finding_feedback(
            finding=person_finding,
            feedback="已谈话提醒，本人作出书面检讨。",
            acting_user=org.chief.user,
        )
    assert closed.status == Finding.Status.CLOSED
    assert closed.rectification_feedback == "已谈话提醒，本人作出书面检讨。"
    assert list(closed.history.order_by("history_id").values_list("status", flat=True)) == [
        "recorded",
        "confirmed",
        "rectifying",
        "closed",
    ]
    assert org.chief.user.notifications.filter(
        title__startswith="请于2026年11月18日前完成整改"
    ).exists()
    assert org.staff.user.notifications.filter(title__startswith="督查发现已确认").exists()
    assert org.inspector.user.notifications.filter(title="综合科已提交整改反馈").exists()


def test_confirming_twice_is_refused(person_finding, org):
    finding_confirm(finding=person_finding, acting_user=org.inspector.user)
    with pytest.raises(InspectionError, match="当前状态：已确认"):
        finding_confirm(finding=person_finding, acting_user=org.inspector.user)


def test_rectification_deadline_cannot_be_in_the_past(person_finding, org):
    finding_confirm(finding=person_finding, acting_user=org.inspector.user)
    with pytest.raises(InspectionError, match="不能早于今天"):
        finding_rectify(
            finding=person_finding, deadline=dt.date(2026, 11, 17), acting_user=org.inspector.user
        )


def test_rectification_needs_a_confirmed_finding(person_finding, org):
    with pytest.raises(InspectionError, match="只有已确认"):
        finding_rectify(
            finding=person_finding, deadline=dt.date(2026, 11, 20), acting_user=org.inspector.user
        )


def test_feedback_only_from_the_sections_own_chief(person_finding, org):
    finding_confirm(finding=person_finding, acting_user=org.inspector.user)
    finding_rectify(
        finding=person_finding, deadline=dt.date(2026, 11, 20), acting_user=org.inspector.user
    )
    for outsider in (org.other_chief, org.staff, org.inspector, org.deputy):
        with pytest.raises(InspectionError, match="由该科室科长填写"):
            finding_feedback(finding=person_finding, feedback="已整改", acting_user=outsider.user)


def test_feedback_before_rectification_is_refused(person_finding, org):
    with pytest.raises(InspectionError, match="只有整改中"):
        finding_feedback(finding=person_finding, feedback="已整改", acting_user=org.chief.user)


def test_dismissing_keeps_the_finding_with_its_reason(person_finding, org):
    finding_dismiss(
        finding=person_finding, reason="当事人当时持有外出审批单", acting_user=org.inspector.user
    )
    person_finding.refresh_from_db()
    assert person_finding.status == Finding.Status.DISMISSED
    assert person_finding.dismiss_reason == "当事人当时持有外出审批单"
    with pytest.raises(InspectionError):
        finding_confirm(finding=person_finding, acting_user=org.inspector.user)


def test_a_confirmed_finding_cannot_be_dismissed(person_finding, org):
    finding_confirm(finding=person_finding, acting_user=org.inspector.user)
    with pytest.raises(InspectionError, match="只有未确认"):
        finding_dismiss(finding=person_finding, reason="误报", acting_user=org.inspector.user)


def test_refusals_name_the_rule_for_each_action(person_finding, org):
    from inspections.services.findings import finding_refusals
    from office.org import viewer_for

    inspector = finding_refusals(viewer_for(org.inspector.user), person_finding)
    assert inspector["confirm"] is None and inspector["dismiss"] is None
    assert "只有已确认" in inspector["rectify"]
    assert "由该科室科长填写" in inspector["feedback"]
    chief = finding_refusals(viewer_for(org.chief.user), person_finding)
    assert "督导小组" in chief["confirm"] and "督导小组" in chief["photo_add"]
    assert "只有整改中" in chief["feedback"]
