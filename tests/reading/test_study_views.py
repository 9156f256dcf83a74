"""学习任务's pages (reading/views/study.py): each as the allowed role, a wrong role and an
outsider (403/404, never 500), the wrong method (405), and bounded queries."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from office.assignment_models import ReceiptState
from reading.models import StudyTask
from tests.conftest import login
from tests.factories import SectionFactory, many_staff, unit_with_roles
from tests.images import tiny_image
from tests.reading.study_helpers import NOW, study_task


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def task(org) -> StudyTask:
    """政工科's task for 综合科 and 行政科, with a 学习心得 of at least 10 characters."""
    return study_task(
        org.personnel,
        sections=[org.section, org.other_section],
        needs_reflection=True,
        reflection_min_length=10,
    )


def url(name: str, task: StudyTask | None = None) -> str:
    return reverse(f"reading:{name}", args=[task.pk] if task else [])


# --- the recipient's pages ---------------------------------------------------------------------


def test_my_tasks_list_them(org, task):
    response = login(org.staff).get(url("study_mine"))
    assert response.status_code == 200
    assert "学习全市作风整顿动员会议精神" in response.text
    assert "须交心得" in response.text


def test_my_tasks_take_the_same_queries_for_one_and_many(org, django_assert_num_queries):
    client = login(org.staff)
    study_task(org.personnel, [org.staff])
    client.get(url("study_mine"))  # session and settings warmed
    # session, user, staff, groups, sections (viewer); receipts count, page with task and
    # sender; the menu's unread notifications and queue lines.
    with django_assert_num_queries(9) as first:
        client.get(url("study_mine"))
    for _ in range(24):
        study_task(org.personnel, [org.staff])
    with django_assert_num_queries(len(first)):
        assert client.get(url("study_mine")).status_code == 200


def test_an_account_without_staff_gets_403(org, task):
    for name in ("study_mine", "study_new", "study_sent"):
        assert login(org.admin).get(url(name)).status_code == 403
    assert login(org.admin).get(url("study_detail", task)).status_code == 403


def test_the_recipient_reads_and_marks_studied_with_a_reflection(org, task):
    client = login(org.staff)
    page = client.get(url("study_detail", task))
    assert page.status_code == 200
    assert "不少于10字" in page.text
    short = client.post(url("study_done", task), {"reflection": "太短"})
    assert short.status_code == 400
    assert "学习心得至少10字" in short.text
    reflection = "对照讲话查找了迟到早退的问题。"
    response = client.post(url("study_done", task), {"reflection": reflection})
    assert response.status_code == 302
    receipt = task.assignment.receipts.get(staff=org.staff)
    assert (receipt.state, receipt.note) == (ReceiptState.DONE, reflection)
    assert "您已于" in client.get(url("study_detail", task)).text


def test_marking_studied_is_a_post(org, task):
    assert login(org.staff).get(url("study_done", task)).status_code == 405


def test_a_follower_is_sent_to_the_completion_page(org, task):
    response = login(org.personnel).get(url("study_detail", task))
    assert response.status_code == 302
    assert response.url == url("study_progress", task)


@pytest.mark.parametrize("who", ["director", "personnel", "deputy"])
def test_only_a_recipient_may_mark_studied(org, task, who):
    # 主任室 and 政工科 were not given the task (they follow it, they do not study it).
    response = login(getattr(org, who)).post(url("study_done", task), {"reflection": "x" * 20})
    assert response.status_code == 404


def test_someone_neither_named_nor_following_gets_404(org):
    task = study_task(org.personnel, [org.staff])
    other = unit_with_roles()
    for person in (org.other_staff, org.other_chief, other.staff, other.personnel):
        assert login(person).get(url("study_detail", task)).status_code == 404


def test_the_document_is_served_to_recipients_and_followers_only(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("讲话.png", tiny_image("PNG"), content_type="image/png")
    task = study_task(org.personnel, [org.staff], form=StudyTask.Form.DOCUMENT, document=upload)
    for person in (org.staff, org.personnel, org.chief):
        response = login(person).get(url("study_document", task))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        # A private file: neither the browser nor a proxy keeps a copy.
        assert response["Cache-Control"] == "no-store, private"
    for person in (org.other_staff, org.other_chief, unit_with_roles().personnel):
        assert login(person).get(url("study_document", task)).status_code == 404
    plain = study_task(org.personnel, [org.staff])
    assert login(org.staff).get(url("study_document", plain)).status_code == 404


# --- handing one out ---------------------------------------------------------------------------


def form_data(**fields) -> dict:
    return {
        "title": "学习条例",
        "form": "text",
        "body": "学习第三章。",
        "due_at": "2026-12-10T17:00",
        "reflection_min_length": "0",
        **fields,
    }


def test_personnel_hands_out_to_sections_and_people(org):
    client = login(org.personnel)
    assert client.get(url("study_new")).status_code == 200
    response = client.post(
        url("study_new"),
        form_data(
            sections=[org.section.pk], people=f"{org.other_staff.staff_no}，{org.director.staff_no}"
        ),
    )
    assert response.status_code == 302
    task = StudyTask.objects.get()
    recipients = set(task.assignment.receipts.values_list("staff_id", flat=True))
    assert recipients == {org.staff.pk, org.chief.pk, org.other_staff.pk, org.director.pk}
    assert response.url == url("study_progress", task)


def test_the_form_says_what_is_missing(org):
    client = login(org.personnel)
    nobody = client.post(url("study_new"), form_data())
    assert "请勾选科室或指定人员" in nobody.text
    unknown = client.post(url("study_new"), form_data(people="ZZ999"))
    assert "没有找到这些工号或姓名的在职人员：ZZ999。" in unknown.text
    past = client.post(
        url("study_new"), form_data(people=org.staff.staff_no, due_at="2026-12-01T09:00")
    )
    assert "完成期限应晚于现在" in past.text
    assert not StudyTask.objects.exists()


def test_a_chief_offers_their_own_section_and_is_refused_others(org):
    client = login(org.chief)
    page = client.get(url("study_new"))
    assert page.status_code == 200
    assert [label for _, label in page.context["form"].fields["sections"].choices] == ["综合科"]
    response = client.post(url("study_new"), form_data(people=org.other_staff.staff_no))
    assert "科长只能向本科室的人员布置学习任务" in response.text
    other_section = client.post(url("study_new"), form_data(sections=[org.other_section.pk]))
    assert other_section.status_code == 200
    assert not StudyTask.objects.exists()


@pytest.mark.parametrize("who", ["staff", "deputy", "inspector"])
def test_others_may_not_open_the_form(org, who):
    assert login(getattr(org, who)).get(url("study_new")).status_code == 403


def test_another_units_people_cannot_be_named(org):
    other = unit_with_roles()
    response = login(org.personnel).post(url("study_new"), form_data(people=other.staff.staff_no))
    assert f"没有找到这些工号或姓名的在职人员：{other.staff.staff_no}。" in response.text
    assert not StudyTask.objects.exists()


def test_the_form_is_get_or_post(org):
    assert login(org.personnel).put(url("study_new")).status_code == 405


# --- following: the list, completion, the workbook, cancelling -------------------------------


def test_the_followed_list_counts_per_task(org, task):
    studied = task.assignment.receipts.get(staff=org.staff)
    from reading.services.study import study_mark_done

    study_mark_done(task=task, receipt=studied, acting_user=org.staff.user, reflection="x" * 12)
    personnel = login(org.personnel).get(url("study_sent"))
    assert personnel.status_code == 200
    row = personnel.context["page"][0]
    assert (row.answered, row.total) == (1, task.assignment.receipts.count())
    # The chief of 综合科 counts only their section's people.
    chief_row = login(org.chief).get(url("study_sent")).context["page"][0]
    assert (chief_row.answered, chief_row.total) == (1, 2)
    assert list(login(org.staff).get(url("study_sent")).context["page"]) == []


def test_completion_by_section_and_who_has_not(org, task):
    response = login(org.personnel).get(url("study_progress", task))
    assert response.status_code == 200
    names = [s.name for s in response.context["progress"].sections]
    assert names == ["综合科", "行政科"]
    assert "刘职员" in response.text and "杨职员" in response.text
    only = login(org.personnel).get(url("study_progress", task), {"section": org.other_section.pk})
    assert "杨职员" in only.text and "刘职员" not in only.text


def test_a_chief_sees_their_own_section_only(org, task):
    response = login(org.chief).get(url("study_progress", task))
    assert response.status_code == 200
    assert [s.name for s in response.context["progress"].sections] == ["综合科"]
    assert "杨职员" not in response.text
    assert not response.context["may_cancel"]


@pytest.mark.parametrize("who", ["staff", "other_staff", "inspector"])
def test_recipients_and_others_do_not_see_completion(org, task, who):
    for name in ("study_progress", "study_export"):
        assert login(getattr(org, who)).get(url(name, task)).status_code == 404


def test_another_units_personnel_does_not_see_completion(org, task):
    other = unit_with_roles()
    assert login(other.personnel).get(url("study_progress", task)).status_code == 404


def test_completion_takes_the_same_queries_for_10_and_300_people(org, django_assert_num_queries):
    client = login(org.personnel)
    small, big = SectionFactory(name="小科"), SectionFactory(name="大科")
    counts = []
    for section, count in ((small, 10), (big, 300)):
        many_staff(section, count, prefix=section.name[0] and str(count))
        task = study_task(org.personnel, sections=[section])
        client.get(url("study_progress", task))
        # session, user, staff, groups, sections (viewer); the task with sender and unit, its
        # material; progress grouped; not-studied count and page; the menu's notifications and
        # queue lines.
        with django_assert_num_queries(12) as captured:
            assert client.get(url("study_progress", task)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_workbook_counts_and_lists_whom_the_viewer_may_see(org, task):
    response = login(org.chief).get(url("study_export", task))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    by_section = list(book["按科室"].iter_rows(min_row=3, values_only=True))
    assert by_section[0][:4] == ("综合科", 2, 0, 2)
    people = list(book["人员明细"].iter_rows(min_row=3, values_only=True))
    assert {row[2] for row in people} == {"张科长", "刘职员"}


def test_the_workbook_takes_the_same_queries_for_10_and_300_people(org, django_assert_num_queries):
    client = login(org.personnel)
    for count in (10, 300):
        section = SectionFactory(name=f"科{count}")
        many_staff(section, count, prefix=str(count))
        task = study_task(org.personnel, sections=[section])
        client.get(url("study_export", task))
        # session, user, staff, groups, sections (viewer); the task with sender and unit, its
        # material; progress grouped; the rows streamed.
        with django_assert_num_queries(9):
            assert client.get(url("study_export", task)).status_code == 200


def test_the_sender_cancels_and_a_chief_may_not(org, task):
    refused = login(org.chief).post(url("study_cancel", task), {"reason": "不学了"})
    assert refused.status_code == 302
    task.assignment.refresh_from_db()
    assert task.assignment.cancelled_at is None
    login(org.personnel).post(url("study_cancel", task), {"reason": "改为集中学习"})
    task.assignment.refresh_from_db()
    assert task.assignment.cancel_reason == "改为集中学习"
    assert login(org.personnel).get(url("study_cancel", task)).status_code == 405
    assert (
        login(org.other_staff).post(url("study_cancel", task), {"reason": "x"}).status_code == 404
    )
