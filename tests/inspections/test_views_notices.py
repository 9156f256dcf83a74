"""Notice pages: everyone reads published notices; 督导小组 compiles, edits and publishes."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from inspections.models import WeeklyNotice
from inspections.services.notices import notice_compile, notice_publish
from office.demo import demo_unit
from tests.conftest import login
from tests.inspections.factories import FindingFactory


@pytest.fixture
def draft(org, monday):
    FindingFactory(staff=org.staff)
    return notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)


@pytest.fixture
def published(org, draft):
    return notice_publish(notice=draft, acting_user=org.inspector.user)


def test_everyone_reads_a_published_notice_with_names(org, published):
    for who in ("staff", "other_staff", "personnel"):
        page = login(getattr(org, who)).get(f"/inspections/notices/{published.pk}/")
        assert page.status_code == 200
        assert "督导通报〔2026〕第1期" in page.content.decode()
        assert "刘职员" in page.content.decode()


def test_drafts_are_hidden_from_staff(org, draft):
    assert login(org.staff).get(f"/inspections/notices/{draft.pk}/").status_code == 404
    assert draft.title not in login(org.staff).get("/inspections/notices/").content.decode()
    assert draft.title in login(org.inspector).get("/inspections/notices/").content.decode()


def test_inspector_compiles_a_week_from_the_list_page(org, monday):
    response = login(org.inspector).post("/inspections/notices/compile/", {"week": "2026-W47"})
    notice = WeeklyNotice.objects.get()
    assert response.status_code == 302 and response.url == f"/inspections/notices/{notice.pk}/"
    assert (notice.year, notice.week) == (2026, 47)


def test_compile_rejects_a_malformed_week(org):
    response = login(org.inspector).post(
        "/inspections/notices/compile/", {"week": "2026-W60"}, follow=True
    )
    assert "请选择要汇总的周次" in response.content.decode()
    assert not WeeklyNotice.objects.exists()


def test_staff_may_not_compile_or_publish(org, draft):
    assert (
        login(org.chief).post("/inspections/notices/compile/", {"week": "2026-W47"}).status_code
        == 403
    )
    # A draft does not exist for staff at all: 404 rather than 403.
    assert login(org.staff).post(f"/inspections/notices/{draft.pk}/publish/").status_code == 404


def test_inspector_edits_then_publishes(org, draft):
    client = login(org.inspector)
    response = client.post(
        f"/inspections/notices/{draft.pk}/edit/",
        {
            "title": "第47周督导情况通报",
            "intro": "现通报如下：",
            "remarks": "立行立改。",
            "cc": "各位主任",
        },
    )
    assert response.status_code == 302
    assert client.post(f"/inspections/notices/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.title == "第47周督导情况通报" and draft.number == 1


def test_a_published_notice_cannot_be_edited(org, published):
    client = login(org.inspector)
    response = client.post(
        f"/inspections/notices/{published.pk}/edit/",
        {"title": "改", "intro": "", "remarks": "", "cc": ""},
        follow=True,
    )
    assert "通报已发布，内容不能再修改" in response.content.decode()
    published.refresh_from_db()
    assert published.title != "改"


def test_publishing_twice_is_refused(org, published):
    response = login(org.inspector).post(
        f"/inspections/notices/{published.pk}/publish/", follow=True
    )
    assert "通报已发布" in response.content.decode()


def test_numbers_run_in_order_within_the_year(org, monday):
    first = notice_publish(
        notice=notice_compile(year=2026, week=46, unit=demo_unit(), acting_user=None),
        acting_user=org.inspector.user,
    )
    second = notice_publish(
        notice=notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None),
        acting_user=org.inspector.user,
    )
    assert (first.number_text, second.number_text) == (
        "督导通报〔2026〕第1期",
        "督导通报〔2026〕第2期",
    )


def test_publish_freezes_the_tables(org, published):
    FindingFactory(staff=org.other_staff)
    published.refresh_from_db()
    assert [f["person"] for f in published.data["findings"]] == ["刘职员"]
    page = login(org.staff).get(f"/inspections/notices/{published.pk}/").content.decode()
    assert "杨职员" not in page


def test_downloads_open_as_word_and_excel(org, published):
    client = login(org.staff)
    docx = client.get(f"/inspections/notices/{published.pk}/download.docx")
    xlsx = client.get(f"/inspections/notices/{published.pk}/download.xlsx")
    assert docx.status_code == xlsx.status_code == 200
    assert "filename*=UTF-8''" in docx["Content-Disposition"]
    assert Document(io.BytesIO(docx.content)).tables
    assert "点名通报" in load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert client.get(f"/inspections/notices/{published.pk}/download.pdf").status_code == 404


def test_notice_pages_reject_wrong_methods(org, published):
    client = login(org.inspector)
    assert client.post("/inspections/notices/").status_code == 405
    assert client.get("/inspections/notices/compile/").status_code == 405
    assert client.get(f"/inspections/notices/{published.pk}/publish/").status_code == 405


@pytest.mark.parametrize("count", [1, 6])
def test_notice_list_query_count_does_not_grow(org, monday, count, django_assert_num_queries):
    for week in range(30, 30 + count):
        notice_publish(
            notice=notice_compile(year=2026, week=week, unit=demo_unit(), acting_user=None),
            acting_user=org.inspector.user,
        )
    client = login(org.staff)
    # session; user; viewer's staff, sections, groups; unread notifications; the leave nav's
    # 待我审批 badge; count of notices; the page of notices; SAVEPOINT, session save, RELEASE
    # (the MFA-roles setting is cached).
    with django_assert_num_queries(12):
        assert client.get("/inspections/notices/").status_code == 200


def test_staff_get_403_on_the_edit_page_of_a_notice_they_can_read(org, published):
    assert login(org.staff).get(f"/inspections/notices/{published.pk}/edit/").status_code == 403


def test_an_unknown_notice_is_404(org):
    assert login(org.inspector).get("/inspections/notices/999/").status_code == 404
