"""文件阅知 services: sending, reading refusals, 已阅, withdrawing (reading/services/circulars.py)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_celery_beat.models import PeriodicTask

from office.models import Receipt, ReceiptState
from office.org import viewer_for
from reading import pdfpages
from reading.circular_selectors import circular_access
from reading.models import Circular, ReadLog
from reading.services.circulars import (
    CircularError,
    circular_cancel,
    circular_confirm_read,
    circular_ended_pages_drop,
    circular_read_refusal,
    circular_send,
)
from reading.tasks import drop_ended_circular_pages
from tests.factories import unit_with_roles
from tests.images import tiny_image
from tests.reading.circulars import SENT_AT, UNTIL, access, open_pages, pdf_upload, send
from tests.reading.pdfs import encrypted_pdf


def test_sending_names_each_reader_with_a_receipt_due_when_reading_ends(org, circular, media):
    receipts = Receipt.objects.filter(assignment_id=circular.pk).order_by("staff__staff_no")
    assert {r.staff for r in receipts} == {org.staff, org.chief}
    assert {r.section for r in receipts} == {org.section}
    assert all(r.state == ReceiptState.PENDING for r in receipts)
    assert circular.assignment.kind == "circular"
    assert circular.assignment.due_at == circular.readable_until == UNTIL
    assert circular.page_count == 2
    assert circular.sender == org.personnel
    stored = Path(circular.file.path)
    assert stored.is_relative_to(Path(media)) and stored.read_bytes().startswith(b"%PDF")
    # The stored name says nothing of the uploaded one.
    assert "实施方案" not in circular.file.name


@pytest.mark.parametrize("who", ["personnel", "director", "deputy", "inspector"])
def test_each_sender_role_may_send(org, monday, who):
    assert send(getattr(org, who), [org.staff]).pk


@pytest.mark.parametrize("who", ["staff", "chief", "other_chief"])
def test_other_roles_may_not_send(org, monday, who):
    with pytest.raises(CircularError) as refused:
        send(getattr(org, who), [org.staff])
    assert refused.value.message == "只有政工科、主任、分管主任和督导小组可以发送传阅文件。"
    assert not Circular.objects.exists()


def _send_file(org, upload):
    return circular_send(
        title="方案",
        body="",
        pdf=upload,
        readable_until=UNTIL,
        staff_ids=[org.staff.pk],
        acting_user=org.personnel.user,
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("方案.pdf", tiny_image("PNG"), "application/pdf"), "只能传阅 PDF 文件"),
        (SimpleUploadedFile("方案.pdf", b"%PDF-1.7\nbroken", "application/pdf"), "无法读取"),
        (SimpleUploadedFile("方案.pdf", encrypted_pdf(), "application/pdf"), "设有打开密码"),
    ],
    ids=["png-named-pdf", "damaged", "password"],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_and_nothing_kept(
    org, monday, media, upload, message
):
    with pytest.raises(CircularError) as refused:
        _send_file(org, upload)
    assert message in refused.value.message
    assert not Circular.objects.exists() and not Receipt.objects.exists()
    assert not (Path(media) / "circulars").exists()


def test_a_pdf_over_the_size_limit_is_refused(org, monday, monkeypatch):
    upload = pdf_upload()
    monkeypatch.setattr(pdfpages, "MAX_PDF_BYTES", upload.size - 1)
    with pytest.raises(CircularError) as refused:
        _send_file(org, upload)
    assert "文件超过" in refused.value.message


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (SENT_AT, "截止时间应晚于现在。"),
        (SENT_AT + dt.timedelta(days=400), "阅读期限最长一年，请缩短后再发送。"),
    ],
)
def test_the_reading_period_must_lie_ahead_and_within_a_year(org, monday, until, message):
    with pytest.raises(CircularError) as refused:
        send(org.personnel, [org.staff], until=until)
    assert refused.value.message == message


def test_nobody_named_or_someone_of_another_unit_is_refused(org, monday):
    with pytest.raises(CircularError, match="请至少选择一名接收人"):
        send(org.personnel, [])
    with pytest.raises(CircularError, match="只能交办给"):
        send(org.personnel, [org.staff, unit_with_roles().staff])
    assert not Circular.objects.exists()


# --- reading -------------------------------------------------------------------------------------


def test_a_named_reader_and_the_sender_may_read(org, circular):
    assert circular_read_refusal(access(org.staff, circular), SENT_AT) is None
    assert circular_read_refusal(access(org.personnel, circular), SENT_AT) is None


@pytest.mark.parametrize("who", ["other_staff", "other_chief", "director", "inspector"])
def test_someone_not_named_may_not_read_whatever_their_role(org, circular, who):
    refusal = circular_read_refusal(access(getattr(org, who), circular), SENT_AT)
    assert refusal == "您不在该文件的阅知范围内，不能阅读。如确需阅读，请联系发文人。"


def test_an_account_without_a_staff_record_may_not_read(org, circular):
    refusal = circular_read_refusal(circular_access(viewer_for(org.admin), circular.pk), SENT_AT)
    assert refusal and "不在该文件的阅知范围内" in refusal


def test_nobody_may_read_once_the_period_has_ended(org, circular):
    end = circular.readable_until
    assert circular_read_refusal(access(org.staff, circular), end - dt.timedelta(seconds=1)) is None
    for who in (org.staff, org.personnel):
        refusal = circular_read_refusal(access(who, circular), end)
        assert refusal == (
            "该文件的阅读期限已于2026年12月11日 17:30截止，不能再阅读。如确需阅读，请联系发文人。"
        )


# --- 已阅 ----------------------------------------------------------------------------------------


def test_already_read_needs_every_page_opened_first(org, circular):
    with pytest.raises(CircularError) as refused:
        circular_confirm_read(access=access(org.staff, circular), acting_user=org.staff.user)
    assert refused.value.message == "请先阅读全部2页后再确认已阅（第1、2页尚未阅读）。"
    open_pages(org.staff, circular, [2])
    with pytest.raises(CircularError, match="第1页尚未阅读"):
        circular_confirm_read(access=access(org.staff, circular), acting_user=org.staff.user)
    assert Receipt.objects.get(assignment_id=circular.pk, staff=org.staff).state == "pending"


def test_a_reader_confirms_once(org, circular, monday):
    open_pages(org.staff, circular, [1, 2])
    monday.shift(dt.timedelta(minutes=5))
    receipt = circular_confirm_read(access=access(org.staff, circular), acting_user=org.staff.user)
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.DONE
    assert receipt.done_at == SENT_AT + dt.timedelta(minutes=5)
    with pytest.raises(CircularError, match="该文件阅知已阅，不能重复提交"):
        circular_confirm_read(access=access(org.staff, circular), acting_user=org.staff.user)
    # The other reader's receipt is untouched.
    other = Receipt.objects.get(assignment_id=circular.pk, staff=org.chief)
    assert other.state == ReceiptState.PENDING


def test_already_read_is_refused_after_the_end_and_to_someone_not_named(org, circular, monday):
    with pytest.raises(CircularError, match="无需确认已阅"):
        circular_confirm_read(
            access=access(org.other_staff, circular), acting_user=org.other_staff.user
        )
    open_pages(org.staff, circular, [1, 2])
    monday.move_to(UNTIL)
    with pytest.raises(CircularError, match="阅读期限已于"):
        circular_confirm_read(access=access(org.staff, circular), acting_user=org.staff.user)


def test_opening_is_recorded_with_who_when_which_page_and_from_where(org, circular):
    open_pages(org.staff, circular, [1])
    log = ReadLog.objects.get()
    assert (log.staff, log.user, log.page, log.allowed, log.reason, log.ip, log.at) == (
        org.staff,
        org.staff.user,
        1,
        True,
        "",
        "10.0.0.8",
        SENT_AT,
    )


# --- 撤销 ----------------------------------------------------------------------------------------


def test_the_sender_cancels_and_nobody_reads_it_any_more(
    org, circular, media, django_capture_on_commit_callbacks
):
    reader = pdfpages.Reader(id=org.staff.pk, name=org.staff.name, staff_no=org.staff.staff_no)
    rendered = pdfpages.page_png(
        source=Path(circular.file.path),
        circular_id=circular.pk,
        index=0,
        reader=reader,
        now=SENT_AT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        circular_cancel(
            circular=circular, reason="文件有误，重新印发", acting_user=org.personnel.user
        )
    circular.refresh_from_db()
    assert circular.assignment.cancelled_at == SENT_AT
    refusal = circular_read_refusal(access(org.staff, circular), SENT_AT)
    assert refusal == "该文件已由发文人撤销，不能再阅读。"
    assert not rendered.exists()
    # The original and its trail are kept.
    assert Path(circular.file.path).is_file()
    with pytest.raises(CircularError, match="该文件阅知已撤销"):
        circular_cancel(circular=circular, reason="再次撤销", acting_user=org.personnel.user)
    with pytest.raises(CircularError, match="已撤销"):
        circular_confirm_read(access=access(org.staff, circular), acting_user=org.staff.user)


def test_only_the_sender_cancels_and_says_why(org, circular):
    with pytest.raises(CircularError, match="只有交办人可以撤销"):
        circular_cancel(circular=circular, reason="不需要了", acting_user=org.director.user)
    with pytest.raises(CircularError, match="撤销时请填写理由"):
        circular_cancel(circular=circular, reason="  ", acting_user=org.personnel.user)
    circular.assignment.refresh_from_db()
    assert circular.assignment.cancelled_at is None


# --- the sweep -----------------------------------------------------------------------------------


def test_the_day_before_the_end_only_those_who_have_not_read_are_reminded_once(
    org, circular, monday, django_capture_on_commit_callbacks
):
    from office.assignment_services import assignments_sweep
    from office.models import Notification

    open_pages(org.staff, circular, [1, 2])
    circular_confirm_read(access=access(org.staff, circular), acting_user=org.staff.user)
    sent = set(Notification.objects.values_list("pk", flat=True))
    monday.move_to(UNTIL - dt.timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert assignments_sweep(now=UNTIL - dt.timedelta(hours=20), acting_user=None)[0] == 1
    reminded = Notification.objects.exclude(pk__in=sent)
    assert [n.recipient_id for n in reminded] == [org.chief.user_id]
    assert "文件阅知" in reminded.get().title
    assert reminded.get().url == f"/reading/circulars/{circular.pk}/"
    assert assignments_sweep(now=UNTIL - dt.timedelta(hours=19), acting_user=None)[0] == 0


# --- the nightly job: stamped pages do not outlive the reading ----------------------------------


def _rendered(person, circular) -> Path:
    reader = pdfpages.Reader(id=person.pk, name=person.name, staff_no=person.staff_no)
    return pdfpages.page_png(
        source=Path(circular.file.path),
        circular_id=circular.pk,
        index=0,
        reader=reader,
        now=SENT_AT,
    )


def test_the_job_is_scheduled_nightly(db):
    task = PeriodicTask.objects.get(task="reading.tasks.drop_ended_circular_pages")
    assert task.enabled and task.crontab.hour == "1" and task.crontab.day_of_week == "*"


def test_the_nightly_job_drops_the_pages_of_circulars_whose_reading_ended(
    org, circular, monday, django_assert_num_queries
):
    later = send(org.personnel, [org.staff], until=UNTIL + dt.timedelta(days=7))
    ended, open_ = _rendered(org.staff, circular), _rendered(org.staff, later)
    # The night before the end: both are still read, both kept.
    assert circular_ended_pages_drop(now=UNTIL - dt.timedelta(seconds=1)) == 0
    assert ended.is_file() and open_.is_file()
    # At the end to the second: the first one's pages go, the later one's stay.
    monday.move_to(UNTIL)
    with django_assert_num_queries(1):  # the cached circulars that may still be read
        assert drop_ended_circular_pages() == 1
    assert not ended.exists() and open_.is_file()
    assert not (pdfpages.cache_root() / str(circular.pk)).exists()
    assert drop_ended_circular_pages() == 0


def test_the_nightly_job_drops_the_pages_of_a_deleted_circulars_leftovers(org, circular, media):
    leftover = pdfpages.cache_root() / "999999" / "1"
    leftover.mkdir(parents=True)
    kept = _rendered(org.staff, circular)
    assert circular_ended_pages_drop(now=SENT_AT) == 1
    assert not leftover.exists() and kept.is_file()


def test_the_nightly_job_with_nothing_cached_reads_nothing(db, media, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert circular_ended_pages_drop(now=SENT_AT) == 0
