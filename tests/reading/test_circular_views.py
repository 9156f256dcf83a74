"""文件阅知 pages, as the sender, a named reader, someone not named and an outsider."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from PIL import Image

from office.models import Receipt, ReceiptState
from reading.models import Circular, ReadLog
from tests.conftest import login
from tests.factories import many_staff, unit_with_roles
from tests.reading.circulars import UNTIL, open_pages, pdf_upload, send


def url(name: str, circular: Circular, **kwargs: object) -> str:
    return reverse(f"reading:{name}", kwargs={"pk": circular.pk, **kwargs})


def test_the_list_shows_my_circulars_and_what_i_sent(org, circular, as_):
    page = as_("staff").get(reverse("reading:circular_list")).content.decode()
    assert circular.assignment.title in page and "未阅" in page
    assert "发送传阅文件" not in page
    sent = as_("personnel").get(reverse("reading:circular_list")).content.decode()
    assert "发送和关注的文件" in sent and "0 / 2" in sent


# --- sending -------------------------------------------------------------------------------------


def test_the_sending_page_is_for_the_sender_roles(org, monday, as_):
    assert as_("personnel").get(reverse("reading:circular_new")).status_code == 200
    refused = as_("staff").get(reverse("reading:circular_new"))
    assert refused.status_code == 403
    assert "只有政工科、主任、分管主任和督导小组可以发送传阅文件" in refused.content.decode()
    assert as_("admin").get(reverse("reading:circular_new")).status_code == 403


def test_sending_to_a_section_and_a_person(org, monday, as_):
    response = as_("personnel").post(
        reverse("reading:circular_new"),
        {
            "title": "关于开展工作纪律作风集中整顿的实施方案",
            "body": "",
            "pdf": pdf_upload(3),
            "readable_until": "2026-12-11T17:30",
            "sections": [org.section.pk],
            "people": f"{org.other_staff.staff_no} 吴督导",
        },
    )
    circular = Circular.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("circular_progress", circular)
    named = set(Receipt.objects.filter(assignment_id=circular.pk).values_list("staff", flat=True))
    assert named == {org.staff.pk, org.chief.pk, org.other_staff.pk, org.inspector.pk}
    assert circular.readable_until == UNTIL and circular.page_count == 3


def test_sending_without_readers_or_with_a_bad_file_shows_why(org, monday, as_):
    client = as_("personnel")
    data = {"title": "方案", "readable_until": "2026-12-11T17:30"}
    page = client.post(reverse("reading:circular_new"), {**data, "pdf": pdf_upload()})
    assert "请选择阅知科室或填写阅知人员" in page.content.decode()
    bad = io.BytesIO(b"PK\x03\x04 not a pdf")
    bad.name = "方案.pdf"
    page = client.post(
        reverse("reading:circular_new"), {**data, "pdf": bad, "people": org.staff.staff_no}
    )
    assert "只能传阅 PDF 文件" in page.content.decode()
    assert not Circular.objects.exists()


def test_sending_refuses_another_units_person(org, monday, as_):
    other = unit_with_roles()
    page = as_("personnel").post(
        reverse("reading:circular_new"),
        {
            "title": "方案",
            "pdf": pdf_upload(),
            "readable_until": "2026-12-11T17:30",
            "people": other.staff.staff_no,
        },
    )
    assert f"没有找到这些工号或姓名的在职人员：{other.staff.staff_no}。" in page.content.decode()
    assert not Circular.objects.exists()


# --- reading -------------------------------------------------------------------------------------


def test_a_named_reader_opens_the_pages_and_each_opening_is_logged(org, circular, as_):
    client = as_("staff")
    page = client.get(url("circular_read", circular), REMOTE_ADDR="10.1.2.3")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert html.count('src="/reading/circulars/') == 2 and "确认已阅" in html
    assert ".pdf" not in html
    image = client.get(url("circular_page", circular, page=2), REMOTE_ADDR="10.1.2.3")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert "no-store" in image["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(image.streaming_content))) as png:
        assert png.format == "PNG" and abs(png.width - 1240) <= 1
    logs = list(ReadLog.objects.order_by("pk").values_list("staff", "page", "allowed", "ip"))
    assert logs == [(org.staff.pk, None, True, "10.1.2.3"), (org.staff.pk, 2, True, "10.1.2.3")]


@pytest.mark.parametrize("name", ["circular_read", "circular_page"])
def test_someone_not_named_is_refused_in_chinese_and_logged(org, circular, as_, name):
    kwargs = {"page": 1} if name == "circular_page" else {}
    response = as_("other_staff").get(url(name, circular, **kwargs))
    assert response.status_code == 403
    assert "您不在该文件的阅知范围内" in response.content.decode()
    log = ReadLog.objects.get()
    assert (log.staff, log.allowed) == (org.other_staff, False)
    assert log.reason.startswith("您不在该文件的阅知范围内")


def test_someone_of_another_unit_is_refused_too(org, circular):
    other = unit_with_roles()
    assert login(other.director).get(url("circular_page", circular, page=1)).status_code == 403
    assert ReadLog.objects.get().allowed is False


@pytest.mark.parametrize("name", ["circular_read", "circular_page"])
def test_after_the_end_date_reading_is_refused_and_logged(org, circular, monday, as_, name):
    monday.move_to(UNTIL + dt.timedelta(minutes=1))
    kwargs = {"page": 1} if name == "circular_page" else {}
    response = as_("staff").get(url(name, circular, **kwargs))
    assert response.status_code == 403
    assert "阅读期限已于2026年12月11日 17:30截止" in response.content.decode()
    assert ReadLog.objects.get().allowed is False


def test_a_page_beyond_the_last_is_not_found(org, circular, as_):
    assert as_("staff").get(url("circular_page", circular, page=3)).status_code == 404


def test_no_such_circular_is_not_found(org, as_, media):
    assert as_("staff").get(reverse("reading:circular_read", args=[999])).status_code == 404


def test_reading_pages_take_get_only(org, circular, as_):
    assert as_("staff").post(url("circular_read", circular)).status_code == 405
    assert as_("staff").post(url("circular_page", circular, page=1)).status_code == 405
    assert as_("staff").get(url("circular_confirm", circular)).status_code == 405
    assert as_("personnel").get(url("circular_cancel", circular)).status_code == 405


def test_anonymous_is_sent_to_log_in(circular, client):
    response = client.get(url("circular_page", circular, page=1))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ReadLog.objects.exists()


# --- 已阅 and who has read -----------------------------------------------------------------------


def test_a_reader_confirms_after_reading_and_the_sender_sees_it(org, circular, as_):
    reader = as_("staff")
    early = reader.post(url("circular_confirm", circular), follow=True)
    assert "请先阅读全部2页后再确认已阅" in early.content.decode()
    for page in (1, 2):
        assert reader.get(url("circular_page", circular, page=page)).status_code == 200
    done = reader.post(url("circular_confirm", circular), follow=True)
    assert "您已于" in done.content.decode()
    receipt = Receipt.objects.get(assignment_id=circular.pk, staff=org.staff)
    assert receipt.state == ReceiptState.DONE
    progress = as_("personnel").get(url("circular_progress", circular)).content.decode()
    assert "刘职员" in progress and "张科长" in progress
    assert "已阅" in progress and "未阅" in progress and "2 / 2" in progress


def test_someone_not_named_cannot_confirm(org, circular, as_):
    response = as_("other_staff").post(url("circular_confirm", circular), follow=True)
    assert "无需确认已阅" in response.content.decode()
    assert not Receipt.objects.filter(staff=org.other_staff).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("personnel", 200),  # the sender
        ("director", 200),  # the unit's whole view
        ("chief", 200),  # 综合科's chief: their section was named
        ("deputy", 200),  # 综合科's deputy director
        ("staff", 404),  # a reader, not a follower
        ("other_chief", 404),  # no one of 行政科 was named
        ("admin", 404),  # no staff record: follows nothing
    ],
)
def test_who_has_read_is_for_the_sender_and_those_over_the_readers(org, circular, as_, who, status):
    assert as_(who).get(url("circular_progress", circular)).status_code == status


def test_a_chief_sees_only_their_sections_people(org, monday, as_):
    circular = send(org.personnel, [org.staff, org.other_staff])
    page = as_("chief").get(url("circular_progress", circular)).content.decode()
    assert "刘职员" in page and "杨职员" not in page and "行政科" not in page
    both = as_("personnel").get(
        url("circular_progress", circular) + f"?section={org.other_section.pk}"
    )
    assert "杨职员" in both.content.decode()


def test_another_units_director_does_not_see_who_has_read(org, circular):
    other = unit_with_roles()
    assert login(other.director).get(url("circular_progress", circular)).status_code == 404


def test_the_refused_tries_are_shown_to_the_sender(org, circular, as_):
    as_("other_staff").get(url("circular_read", circular), REMOTE_ADDR="10.9.9.9")
    page = as_("personnel").get(url("circular_progress", circular)).content.decode()
    assert "被拒绝的打开" in page and "杨职员" in page and "10.9.9.9" in page


@pytest.mark.parametrize("readers", [2, 400])
def test_who_has_read_takes_the_same_queries_however_many_were_named(
    org, monday, as_, django_assert_num_queries, readers
):
    people = many_staff(org.section, readers)
    circular = send(org.personnel, people)
    open_pages(people[0], circular, [1, 2])
    client = as_("personnel")
    client.get(url("circular_progress", circular))  # settings cached from here on
    # Session, user, viewer (staff, groups, led sections); the assignment in the viewer's
    # scope; its circular; the sections they see; the counts by section (one GROUP BY); the
    # section's receipts; their openings (one GROUP BY); the refused tries; the menu's counts
    # (unread notifications, approvals waiting).
    with django_assert_num_queries(14):
        assert client.get(url("circular_progress", circular)).status_code == 200


@pytest.mark.parametrize("count", [1, 15])
def test_the_list_takes_the_same_queries_however_many_circulars(
    org, monday, as_, django_assert_num_queries, count
):
    for _ in range(count):
        send(org.personnel, [org.staff])
    client = as_("staff")
    client.get(reverse("reading:circular_list"))
    # Session, user, viewer (staff, groups, led sections); the count and the page of receipts
    # with their circulars; the circulars the viewer follows, counted; the menu's counts
    # (unread notifications, approvals waiting).
    with django_assert_num_queries(10):
        assert client.get(reverse("reading:circular_list")).status_code == 200


# --- 撤销 ----------------------------------------------------------------------------------------


def test_the_sender_cancels_and_the_reader_is_refused(org, circular, as_):
    response = as_("personnel").post(url("circular_cancel", circular), {"reason": "文件有误"})
    assert response.status_code == 302
    refused = as_("staff").get(url("circular_read", circular))
    assert refused.status_code == 403 and "已由发文人撤销" in refused.content.decode()
    listed = as_("staff").get(reverse("reading:circular_list")).content.decode()
    assert "已撤销" in listed


def test_only_the_sender_cancels(org, circular, as_):
    assert as_("staff").post(url("circular_cancel", circular), {"reason": "x"}).status_code == 404
    answer = as_("director").post(url("circular_cancel", circular), {"reason": "x"}, follow=True)
    assert "只有交办人可以撤销" in answer.content.decode()
    circular.assignment.refresh_from_db()
    assert circular.assignment.cancelled_at is None


def test_the_admin_lists_circulars_and_the_log_without_linking_the_file(org, circular, as_):
    admin = login(org.admin)
    as_("staff").get(url("circular_read", circular))
    for name in ("reading_circular", "reading_readlog"):
        assert admin.get(reverse(f"admin:{name}_changelist")).status_code == 200
    detail = admin.get(reverse("admin:reading_circular_change", args=[circular.pk]))
    assert detail.status_code == 200
    assert circular.file.name not in detail.content.decode()
