"""Notices and self-inspection campaigns per unit (issue 21).

The ``org`` fixture is the first unit (市政府办公室); ``unit_with_roles`` builds a second one
(市发改委); ``city_inspector`` holds 市级督查 and reaches both.
"""

import datetime as dt
import io

import pytest
from django.db import connection
from docx import Document

from inspections.documents.docx import notice_docx
from inspections.errors import InspectionError
from inspections.models import SelfInspectionCampaign, WeeklyNotice
from inspections.services.notices import (
    notice_compile,
    notice_publish,
    notice_update,
    notices_compile_week,
)
from inspections.services.selfcheck import campaign_create, self_inspection_remind
from office import roles
from office.demo import demo_unit
from office.models import Notification
from office.services import role_grant
from tests.conftest import login
from tests.factories import StaffFactory, UnitFactory, unit_with_roles
from tests.inspections.factories import FindingFactory


@pytest.fixture
def other(org):
    return unit_with_roles()


@pytest.fixture
def city_inspector(org):
    person = StaffFactory(section=org.other_section, name="市督查")
    role_grant(staff=person, role=roles.CITY_INSPECTOR, acting_user=None)
    return person


@pytest.fixture
def week(org, other, monday):
    """Week 47 with two findings in the first unit and one in the second."""
    FindingFactory(staff=org.staff, description="第一单位甲")
    FindingFactory(staff=org.other_staff, description="第一单位乙")
    FindingFactory(staff=other.staff, description="第二单位丙")


def _compile(unit, week_no: int = 47) -> WeeklyNotice:
    return notice_compile(year=2026, week=week_no, unit=unit, acting_user=None)


def _told() -> set[int]:
    return set(Notification.objects.values_list("recipient_id", flat=True))


def _masthead(notice: WeeklyNotice) -> str:
    return next(p.text for p in Document(io.BytesIO(notice_docx(notice))).paragraphs if p.text)


# --- series and numbering ------------------------------------------------------------------------


def test_each_unit_numbers_its_own_series_and_the_city_its_own(org, other, city_inspector, week):
    first = notice_publish(notice=_compile(demo_unit()), acting_user=org.inspector.user)
    second = notice_publish(notice=_compile(other.unit), acting_user=other.inspector.user)
    city = notice_publish(notice=_compile(None), acting_user=city_inspector.user)
    again = notice_publish(notice=_compile(demo_unit(), 48), acting_user=org.inspector.user)
    assert [n.number_text for n in (first, second, city, again)] == [
        "督导通报〔2026〕第1期",
        "督导通报〔2026〕第1期",
        "督导通报〔2026〕第1期",
        "督导通报〔2026〕第2期",
    ]


def test_the_weekly_job_compiles_every_unit_and_the_city(org, other, week):
    notices = notices_compile_week(year=2026, week=47, acting_user=None)
    assert [n.unit for n in notices] == [demo_unit(), other.unit, None]
    # A second run refreshes the same drafts.
    again = notices_compile_week(year=2026, week=47, acting_user=None)
    assert [n.pk for n in again] == [n.pk for n in notices]


def test_a_single_unit_office_gets_no_city_notice(org, monday):
    notices = notices_compile_week(year=2026, week=47, acting_user=None)
    assert [n.unit for n in notices] == [demo_unit()]


# --- what each notice lists ----------------------------------------------------------------------


def _descriptions(notice: WeeklyNotice) -> set[str]:
    return {row["description"] for row in notice.data["findings"]}


def test_a_units_notice_lists_only_its_units_findings(org, other, week):
    assert _descriptions(_compile(demo_unit())) == {"第一单位甲", "第一单位乙"}
    second = _compile(other.unit)
    assert _descriptions(second) == {"第二单位丙"}
    assert second.data["total"] == 1
    assert [row["section"] for row in second.data["by_section"]] == [other.section.name]


def test_the_city_notice_lists_every_units_findings(org, other, week):
    city = _compile(None)
    assert _descriptions(city) == {"第一单位甲", "第一单位乙", "第二单位丙"}
    assert city.data["total"] == 3
    assert city.title == "关于2026年第47周全市工作纪律作风督导检查情况的通报"


# --- the 版头 ------------------------------------------------------------------------------------


def test_the_docx_masthead_is_the_units_group_or_the_city_office(org, other, week):
    assert _masthead(_compile(other.unit)) == "市发改委督导小组"
    assert _masthead(_compile(demo_unit())) == "市政府办公室督导小组"
    assert _masthead(_compile(None)) == "市作风整顿办"


def test_a_single_unit_office_keeps_its_notice_and_docx(org, monday):
    """The demo's notice reads as before issue 21: the issuer setting, the office's prose."""
    FindingFactory(staff=org.staff)
    notice = notice_publish(notice=_compile(demo_unit()), acting_user=org.inspector.user)
    assert (notice.issuer, notice.number_text, notice.cc) == (
        "市政府办公室督导小组",
        "督导通报〔2026〕第1期",
        "办公室各位主任",
    )
    assert notice.title == "关于2026年第47周工作纪律作风督导检查情况的通报"
    assert notice.intro.startswith("为深入推进工作纪律作风整顿，2026年11月16日至2026年11月22日，")
    paragraphs = [p.text for p in Document(io.BytesIO(notice_docx(notice))).paragraphs if p.text]
    assert paragraphs[:3] == [
        "市政府办公室督导小组",
        "督导通报〔2026〕第1期",
        "关于2026年第47周工作纪律作风督导检查情况的通报",
    ]
    assert "单位" not in login(org.staff).get("/inspections/notices/").content.decode()
    page = login(org.admin).get("/inspections/notices/").content.decode()
    # No series picker and no unit column; the administrator's menu keeps 单位管理 (how a
    # second unit is added).
    assert 'name="series"' not in page and page.count("单位") == page.count("单位管理") == 1


def test_a_unit_of_many_uses_its_short_name(org, monday):
    UnitFactory(name="市财政局", short_name="市财政局")
    assert _compile(demo_unit()).issuer == "市政府办公室督导小组"
    unit = UnitFactory(name="某市住房和城乡建设局", short_name="市住建局")
    assert _compile(unit).issuer == "市住建局督导小组"


# --- scope ---------------------------------------------------------------------------------------


def test_another_units_roles_get_404_on_the_first_units_notices(org, other, week):
    draft = _compile(demo_unit())
    published = notice_publish(notice=_compile(demo_unit(), 46), acting_user=org.inspector.user)
    for person in (other.inspector, other.staff, other.director):
        client = login(person)
        for notice in (draft, published):
            assert client.get(f"/inspections/notices/{notice.pk}/").status_code == 404
        assert client.get(f"/inspections/notices/{published.pk}/download.docx").status_code == 404
    with pytest.raises(InspectionError, match="不属于您所在单位"):
        notice_publish(notice=draft, acting_user=other.inspector.user)


def test_people_read_their_units_published_notices_and_the_citys(org, other, city_inspector, week):
    mine = notice_publish(notice=_compile(demo_unit()), acting_user=org.inspector.user)
    theirs = notice_publish(notice=_compile(other.unit), acting_user=other.inspector.user)
    city = notice_publish(notice=_compile(None), acting_user=city_inspector.user)
    page = login(org.staff).get("/inspections/notices/").context["page"]
    assert {n.pk for n in page} == {mine.pk, city.pk}
    page = login(city_inspector).get("/inspections/notices/").context["page"]
    assert {n.pk for n in page} == {mine.pk, theirs.pk, city.pk}


def test_city_drafts_are_for_city_inspectors_only(org, other, city_inspector, week):
    city = _compile(None)
    theirs = _compile(other.unit)
    assert login(org.inspector).get(f"/inspections/notices/{city.pk}/").status_code == 404
    with pytest.raises(InspectionError, match="市级通报由市级督查"):
        notice_publish(notice=city, acting_user=org.inspector.user)
    client = login(city_inspector)
    for notice in (city, theirs):
        assert client.get(f"/inspections/notices/{notice.pk}/edit/").status_code == 200
    notice_update(
        notice=city, title="全市通报", intro="", remarks="", cc="", acting_user=city_inspector.user
    )


def test_the_compile_button_compiles_the_viewers_series(org, other, city_inspector, week):
    response = login(other.inspector).post("/inspections/notices/compile/", {"week": "2026-W47"})
    assert response.status_code == 302
    assert WeeklyNotice.objects.get().unit == other.unit
    client = login(city_inspector)
    client.post("/inspections/notices/compile/", {"week": "2026-W47"})
    assert WeeklyNotice.objects.filter(unit__isnull=True).count() == 1
    client.post(
        "/inspections/notices/compile/", {"week": "2026-W47", "series": org.section.unit_id}
    )
    assert WeeklyNotice.objects.filter(unit=demo_unit()).count() == 1
    forged = {"week": "2026-W47", "series": "city"}
    assert login(org.inspector).post("/inspections/notices/compile/", forged).status_code == 403


def test_publishing_tells_only_the_units_people(
    org, other, week, django_capture_on_commit_callbacks
):
    draft = _compile(other.unit)
    with django_capture_on_commit_callbacks(execute=True):
        notice_publish(notice=draft, acting_user=other.inspector.user)
    told = _told()
    assert other.staff.user_id in told
    assert org.staff.user_id not in told


# --- self-inspection campaigns -------------------------------------------------------------------


def _campaign(user) -> SelfInspectionCampaign:
    return campaign_create(
        title="自查自纠", intro="", deadline=dt.date(2026, 11, 25), acting_user=user
    )


def test_a_units_campaign_reaches_only_its_people(
    org, other, monday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _campaign(other.inspector.user)
    assert campaign.unit == other.unit
    told = _told()
    assert other.staff.user_id in told and org.staff.user_id not in told
    assert login(org.staff).get(f"/inspections/campaigns/{campaign.pk}/").status_code == 404
    assert login(other.staff).get(f"/inspections/campaigns/{campaign.pk}/").status_code == 200
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert self_inspection_remind(today=dt.date(2026, 11, 24), acting_user=None) > 0
    told = _told()
    assert other.staff.user_id in told and org.staff.user_id not in told


def test_a_city_campaign_reaches_every_unit(
    org, other, city_inspector, monday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _campaign(city_inspector.user)
    assert campaign.unit is None
    told = _told()
    assert {other.staff.user_id, org.staff.user_id} <= told
    for person in (org.staff, other.staff):
        assert login(person).get(f"/inspections/campaigns/{campaign.pk}/").status_code == 200


# --- the migration -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_existing_notices_into_the_one_unit(checklist):
    from django.db.migrations.executor import MigrationExecutor

    before = [("inspections", "0004_text_limits"), ("office", "0006_units")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    unit = old.get_model("office", "Unit").objects.create(
        name="市政府办公室", short_name="市政府办"
    )
    old.get_model("inspections", "WeeklyNotice").objects.create(
        year=2026, week=47, title="通报", number_year=2026, number=3, status="published"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    notice = WeeklyNotice.objects.get()
    assert (notice.unit_id, notice.number) == (unit.pk, 3)
