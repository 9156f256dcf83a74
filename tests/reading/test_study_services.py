"""学习任务's services (reading/services/study.py): who may hand one out, the material each form
needs, whole sections, the 学习心得 rule."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from office.assignment_models import ReceiptState
from office.assignment_services import AssignmentError, assignments_sweep
from office.models import Notification, Staff
from reading.models import StudyTask
from reading.services.study import study_mark_done
from tests.images import tiny_image
from tests.reading.study_helpers import NOW, study_task


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def refused(message: str):
    return pytest.raises(AssignmentError, match=message)


def test_personnel_hands_out_to_whole_sections_and_people(org):
    task = study_task(org.personnel, [org.director], [org.section, org.other_section])
    recipients = set(task.assignment.receipts.values_list("staff_id", flat=True))
    in_sections = Staff.objects.filter(section__in=[org.section, org.other_section])
    assert recipients == {org.director.pk, *in_sections.values_list("pk", flat=True)}
    assert task.assignment.kind == "study"
    assert task.history.latest().history_user == org.personnel.user


def test_people_who_left_are_not_sent_a_task_with_their_section(org):
    Staff.objects.filter(pk=org.staff.pk).update(status=Staff.Status.LEFT)
    task = study_task(org.personnel, sections=[org.section])
    assert org.staff.pk not in set(task.assignment.receipts.values_list("staff_id", flat=True))


def test_a_chief_hands_out_to_their_own_section_only(org):
    task = study_task(org.chief, sections=[org.section])
    assert task.assignment.receipts.count() == Staff.objects.filter(section=org.section).count()
    with refused("科长只能向本科室的人员布置学习任务"):
        study_task(org.chief, [org.other_staff])
    with refused("科长只能向本科室的人员布置学习任务"):
        study_task(org.chief, sections=[org.other_section])


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("staff", "只有政工科或科长可以布置学习任务"),
        ("deputy", "只有政工科或科长可以布置学习任务"),
        ("inspector", "只有政工科或科长可以布置学习任务"),
        # The director leads 主任室 in the fixture: a chief, but not of 综合科.
        ("director", "科长只能向本科室的人员布置学习任务"),
    ],
)
def test_others_may_not_hand_out(org, who, message):
    with refused(message):
        study_task(getattr(org, who), [org.staff])
    assert not StudyTask.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": " "}, "请填写学习材料的内容"),
        ({"form": StudyTask.Form.LINK, "link": "javascript:alert(1)"}, "内网链接"),
        ({"form": StudyTask.Form.DOCUMENT}, "请上传学习文件"),
        ({"form": StudyTask.Form.MEETING}, "请填写学习会议的时间"),
        ({"needs_reflection": True, "reflection_min_length": 6000}, "心得最少字数"),
        ({"due_in": dt.timedelta(hours=-1)}, "截止时间应晚于现在"),
    ],
)
def test_each_form_needs_its_material(org, fields, message):
    with refused(message):
        study_task(org.personnel, [org.staff], **fields)
    assert not StudyTask.objects.exists()


def test_the_forms_keep_only_their_own_fields(org):
    meeting = study_task(
        org.personnel,
        [org.staff],
        form=StudyTask.Form.MEETING,
        meeting_at=NOW + dt.timedelta(days=1),
        meeting_place=" 三楼会议室 ",
        link="http://intranet/",
    )
    assert (meeting.meeting_place, meeting.link) == ("三楼会议室", "")
    link = study_task(org.personnel, [org.staff], form=StudyTask.Form.LINK, link="http://oa.gov/x")
    assert (link.link, link.meeting_at) == ("http://oa.gov/x", None)


def test_an_uploaded_document_is_checked_by_its_bytes(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("讲话.pdf", b"MZ not a pdf", content_type="application/pdf")
    with refused("学习文件只能是PDF或图片"):
        study_task(org.personnel, [org.staff], form=StudyTask.Form.DOCUMENT, document=fake)
    real = SimpleUploadedFile("讲话.png", tiny_image("PNG"), content_type="image/png")
    task = study_task(org.personnel, [org.staff], form=StudyTask.Form.DOCUMENT, document=real)
    assert task.document_name == "讲话.png"
    assert task.document.name.startswith("reading/study/") and task.document.name.endswith(".png")


def test_marking_studied_without_a_reflection_where_none_is_asked(org):
    task = study_task(org.personnel, [org.staff])
    receipt = task.assignment.receipts.get()
    receipt = study_mark_done(task=task, receipt=receipt, acting_user=org.staff.user)
    assert (receipt.state, receipt.done_at) == (ReceiptState.DONE, NOW)


def test_the_reflection_is_required_and_long_enough(org):
    task = study_task(org.personnel, [org.staff], needs_reflection=True, reflection_min_length=10)
    receipt = task.assignment.receipts.get()
    with refused("要求提交学习心得"):
        study_mark_done(task=task, receipt=receipt, acting_user=org.staff.user, reflection="  ")
    with refused("学习心得至少10字，目前5字"):
        study_mark_done(
            task=task, receipt=receipt, acting_user=org.staff.user, reflection="学 习 心 得 短"
        )
    receipt = study_mark_done(
        task=task,
        receipt=receipt,
        acting_user=org.staff.user,
        reflection="对照讲话查找了自身三个问题。",
    )
    assert receipt.note == "对照讲话查找了自身三个问题。"
    with refused("该学习任务已学，不能重复提交"):
        study_mark_done(
            task=task, receipt=receipt, acting_user=org.staff.user, reflection="再交一份心得内容"
        )


def test_only_the_recipient_marks_studied(org):
    task = study_task(org.personnel, [org.staff])
    receipt = task.assignment.receipts.get()
    with refused("只有接收人本人可以办理"):
        study_mark_done(task=task, receipt=receipt, acting_user=org.chief.user)


def test_recipients_are_told_and_reminded_a_day_ahead(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task = study_task(org.personnel, [org.staff], due_in=dt.timedelta(hours=20))
        assert assignments_sweep(now=NOW, acting_user=None) == (1, 0)
    titles = set(Notification.objects.filter(recipient=org.staff.user).values_list("title", "url"))
    url = f"/reading/study/{task.pk}/"
    assert titles == {
        ("学习任务：学习全市作风整顿动员会议精神", url),
        ("学习任务即将截止：学习全市作风整顿动员会议精神", url),
    }
