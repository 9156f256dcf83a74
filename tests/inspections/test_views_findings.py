"""Finding pages: allowed role, wrong role, outsider, wrong method; exact query counts."""

import datetime as dt

import pytest
import time_machine

from inspections.dates import SHANGHAI
from inspections.models import Finding, InspectionRound, Item
from inspections.services.findings import finding_confirm, finding_rectify
from tests.conftest import login
from tests.factories import StaffFactory
from tests.inspections.conftest import PNG, upload
from tests.inspections.factories import FindingFactory

NOW = dt.datetime(2026, 11, 18, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _record_form(org, **extra):
    data = {
        "section": org.section.pk,
        "staff": org.staff.pk,
        "item": Item.objects.get(code="1-03").pk,
        "occurred_at": "2026-11-18T08:50",
        "place": "三楼",
        "description": "到其他科室闲聊",
        "source": Finding.Source.COVERT,
    }
    return {**data, **extra}


def test_inspector_records_a_finding_with_a_phone_photo(org, media):
    response = login(org.inspector).post(
        "/inspections/findings/new/", {**_record_form(org), "photos": [upload("cam.png", PNG)]}
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and response.url == f"/inspections/findings/{finding.pk}/"
    assert finding.section == org.section and finding.source == "covert"
    assert finding.photos.count() == 1


def test_record_form_opens_the_camera_on_phones(org):
    page = login(org.inspector).get("/inspections/findings/new/").content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page and "multiple" in page


def test_record_form_shows_a_bad_photo_as_a_form_error(org, media):
    response = login(org.inspector).post(
        "/inspections/findings/new/", {**_record_form(org), "photos": [upload("x.png", b"nope")]}
    )
    assert response.status_code == 200
    assert "不是 JPEG、PNG 或 WebP 图片" in response.content.decode()
    assert not Finding.objects.exists()


def test_record_form_needs_person_or_section(org):
    response = login(org.inspector).post(
        "/inspections/findings/new/", _record_form(org, section="", staff="")
    )
    assert "请选择科室（问题针对个人时再选当事人）。" in response.content.decode()


def test_record_form_lists_people_only_of_the_chosen_section(org):
    page = login(org.inspector).get("/inspections/findings/new/").content.decode()
    assert org.staff.name not in page and "（请先选择科室）" in page
    options = login(org.inspector).get("/inspections/findings/people/", {"section": org.section.pk})
    text = options.content.decode()
    assert text.startswith("<select") and 'id="id_staff"' in text
    assert org.staff.name in text and org.chief.name in text and org.other_staff.name not in text


def test_a_person_outside_the_chosen_section_is_refused(org):
    response = login(org.inspector).post(
        "/inspections/findings/new/", _record_form(org, section=org.other_section.pk)
    )
    assert response.status_code == 200 and not Finding.objects.exists()
    assert "选择一个有效的选项" in response.content.decode()


@pytest.mark.parametrize("extra", [1, 8])
def test_people_of_a_section_take_the_same_queries_for_any_size(
    org, extra, django_assert_num_queries
):
    StaffFactory.create_batch(extra, section=org.section)
    client = login(org.inspector)
    client.get("/inspections/findings/people/", {"section": org.section.pk})
    # session; user; viewer (staff, sections, groups); the section's people with their section.
    with django_assert_num_queries(6):
        client.get("/inspections/findings/people/", {"section": org.section.pk})


@pytest.mark.parametrize("who", ["staff", "chief", "personnel"])
def test_only_inspectors_list_a_sections_people(org, who):
    response = login(getattr(org, who)).get(
        "/inspections/findings/people/", {"section": org.section.pk}
    )
    assert response.status_code == 403
    assert login(org.inspector).post("/inspections/findings/people/").status_code == 405


def test_round_form_offers_only_the_inspection_group(org):
    page = login(org.inspector).get("/inspections/rounds/new/").content.decode()
    assert org.inspector.name in page and org.staff.name not in page


@pytest.mark.parametrize("who", ["staff", "chief", "personnel", "director"])
def test_only_inspectors_may_record(org, who):
    assert login(getattr(org, who)).get("/inspections/findings/new/").status_code == 403


def test_record_rejects_wrong_method(org):
    assert login(org.inspector).put("/inspections/findings/new/").status_code == 405


def test_inspector_confirms_and_orders_rectification(org, person_finding):
    client = login(org.inspector)
    url = f"/inspections/findings/{person_finding.pk}/"
    assert client.post(url + "confirm/").status_code == 302
    assert client.post(url + "rectify/", {"deadline": "2026-11-20"}).status_code == 302
    person_finding.refresh_from_db()
    assert person_finding.status == "rectifying"
    assert person_finding.rectify_deadline == dt.date(2026, 11, 20)


def test_a_refused_transition_shows_its_chinese_reason(org, person_finding):
    client = login(org.inspector)
    response = client.post(
        f"/inspections/findings/{person_finding.pk}/rectify/",
        {"deadline": "2026-11-20"},
        follow=True,
    )
    assert "只有已确认的问题可以下达整改" in response.content.decode()


def test_the_person_concerned_may_not_confirm_their_own_finding(org, person_finding):
    assert (
        login(org.staff).post(f"/inspections/findings/{person_finding.pk}/confirm/").status_code
        == 403
    )


def test_an_outsider_gets_404_not_403(org, person_finding):
    response = login(org.other_chief).post(f"/inspections/findings/{person_finding.pk}/confirm/")
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["confirm", "rectify", "dismiss", "feedback", "photos"])
def test_transitions_reject_get(org, person_finding, action):
    response = login(org.inspector).get(f"/inspections/findings/{person_finding.pk}/{action}/")
    assert response.status_code == 405


def test_chief_writes_feedback_from_the_rectification_page(org, person_finding):
    finding_confirm(finding=person_finding, acting_user=org.inspector.user)
    finding_rectify(
        finding=person_finding, deadline=dt.date(2026, 11, 20), acting_user=org.inspector.user
    )
    chief = login(org.chief)
    assert "上班脱岗" in chief.get("/inspections/rectification/").content.decode()
    response = chief.post(
        f"/inspections/findings/{person_finding.pk}/feedback/", {"feedback": "已批评教育"}
    )
    assert response.status_code == 302
    person_finding.refresh_from_db()
    assert person_finding.status == "closed"


def test_deputy_sees_but_may_not_write_feedback(org, person_finding):
    response = login(org.deputy).post(
        f"/inspections/findings/{person_finding.pk}/feedback/", {"feedback": "x"}
    )
    assert response.status_code == 403


def test_rectification_page_is_for_chiefs(org):
    assert login(org.staff).get("/inspections/rectification/").status_code == 403
    assert login(org.chief).get("/inspections/rectification/").status_code == 200


def test_inspector_dismisses_with_a_reason(org, person_finding):
    response = login(org.inspector).post(
        f"/inspections/findings/{person_finding.pk}/dismiss/", {"reason": "有外出审批"}
    )
    assert response.status_code == 302
    person_finding.refresh_from_db()
    assert person_finding.status == "dismissed"


def test_my_findings_lists_only_mine(org, person_finding, section_finding):
    page = login(org.staff).get("/inspections/mine/").content.decode()
    assert "二楼走廊" in page and "下班后办公室灯" not in page


def test_finding_list_filters_by_week_section_item_and_status(org):
    FindingFactory(staff=org.staff, place="甲处")
    FindingFactory(staff=org.other_staff, place="乙处")
    FindingFactory(
        staff=org.staff, place="丙处", occurred_at=dt.datetime(2026, 11, 9, tzinfo=SHANGHAI)
    )
    FindingFactory(staff=org.staff, place="丁处", item=Item.objects.get(code="1-01"))
    client = login(org.inspector)

    def places(query: str) -> set[str]:
        page = client.get("/inspections/?" + query).content.decode()
        return {p for p in ("甲处", "乙处", "丙处", "丁处") if p in page}

    assert places("week=2026-W47") == {"甲处", "乙处", "丁处"}
    assert places(f"section={org.other_section.pk}") == {"乙处"}
    assert places(f"item={Item.objects.get(code='1-01').pk}") == {"丁处"}
    assert places("status=confirmed&week=2026-W46") == {"丙处"}


def _findings(org, count: int) -> None:
    for _ in range(count):
        FindingFactory(staff=StaffFactory(section=org.section))


@pytest.mark.parametrize("count", [2, 12])
def test_finding_list_query_count_does_not_grow(org, count, django_assert_num_queries):
    _findings(org, count)
    client = login(org.chief)
    # session; user; MFA-roles setting (middleware); viewer's staff; sections led/supervised;
    # groups; count of findings; unread notifications; the leave nav's 待我审批 badge;
    # the filter's section, category and item
    # choices (3); the page of findings with staff/section/item/category joined;
    # SAVEPOINT, session save, RELEASE (the session middleware refreshes the session).
    with django_assert_num_queries(16):
        assert client.get("/inspections/?status=confirmed").status_code == 200


def test_finding_list_rejects_post(org):
    assert login(org.chief).post("/inspections/").status_code == 405


def test_inspector_registers_a_round_and_sees_its_findings(org, media):
    client = login(org.inspector)
    response = client.post(
        "/inspections/rounds/new/",
        {
            "date": "2026-11-17",
            "kind": "covert",
            "inspectors": [org.inspector.pk],
            "sections": [org.section.pk, org.other_section.pk],
            "note": "周二暗访",
        },
    )
    assert response.status_code == 302
    inspection_round = InspectionRound.objects.get()
    assert inspection_round.get_kind_display() == "暗访"
    FindingFactory(staff=org.staff, round=inspection_round, place="档案室")
    assert "档案室" in client.get(f"/inspections/rounds/{inspection_round.pk}/").content.decode()
    assert "暗访" in client.get("/inspections/rounds/").content.decode()


def test_round_date_cannot_be_in_the_future(org):
    response = login(org.inspector).post(
        "/inspections/rounds/new/",
        {
            "date": "2026-11-19",
            "kind": "open",
            "inspectors": [org.inspector.pk],
            "sections": [org.section.pk],
        },
    )
    assert "检查日期不能晚于今天" in response.content.decode()


@pytest.mark.parametrize("url", ["/inspections/rounds/", "/inspections/rounds/new/"])
def test_rounds_are_for_inspectors(org, url):
    assert login(org.chief).get(url).status_code == 403
    assert login(org.director).get(url).status_code == 403


def test_round_list_rejects_post(org):
    assert login(org.inspector).post("/inspections/rounds/").status_code == 405


ACTION_URLS = {
    "confirm": "/confirm/",
    "dismiss": "/dismiss/",
    "rectify": "/rectify/",
    "photo_add": "/photos/",
    "feedback": "/feedback/",
}


def _offered(client, finding):
    page = client.get(f"/inspections/findings/{finding.pk}/").content.decode()
    base = f"/inspections/findings/{finding.pk}"
    return {action for action, url in ACTION_URLS.items() if f'action="{base}{url}"' in page}


def test_detail_offers_each_role_what_the_service_allows(org, person_finding):
    """The page asks the same refusals the services raise with, so it cannot offer more."""
    assert _offered(login(org.inspector), person_finding) == {"confirm", "dismiss", "photo_add"}
    assert _offered(login(org.chief), person_finding) == set()
    finding_confirm(finding=person_finding, acting_user=org.inspector.user)
    assert _offered(login(org.inspector), person_finding) == {"rectify", "photo_add"}
    finding_rectify(
        finding=person_finding, deadline=dt.date(2026, 11, 20), acting_user=org.inspector.user
    )
    assert _offered(login(org.inspector), person_finding) == {"photo_add"}
    assert _offered(login(org.chief), person_finding) == {"feedback"}
    assert _offered(login(org.deputy), person_finding) == set()
    assert _offered(login(org.staff), person_finding) == set()
