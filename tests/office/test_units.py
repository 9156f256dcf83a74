"""Units (issue 21): roles hold in the holder's own unit, city roles in every unit.

The ``org`` fixture is the first unit (市政府办公室); ``unit_with_roles`` builds a second one
with its own 主任, 政工科, 督导小组 and a section with a chief and a member.
"""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.errors import InspectionError
from inspections.models import Item
from inspections.services.findings import finding_record
from office import roles
from office.models import Section
from office.org import _build_viewer, approval_chain, director, viewer_for
from office.services import role_grant
from tests.conftest import login
from tests.factories import StaffFactory, UserFactory, unit_with_roles

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MIGRATION = importlib.import_module("office.migrations.0006_units")


@pytest.fixture
def other(org):
    return unit_with_roles()


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the migration -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issuer", "unit"),
    [
        ("市政府办公室督导小组", "市政府办公室"),
        ("市财政局督导小组 ", "市财政局"),
        ("市住建局", "市住建局"),
        ("", "市政府办公室"),
    ],
)
def test_the_migration_names_the_unit_from_the_notice_issuer(issuer, unit):
    assert MIGRATION.unit_name(issuer) == unit


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_every_section_into_one_unit():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("office", "0005_job_and_notification_batch")])
    old = executor.loader.project_state([("office", "0005_job_and_notification_batch")]).apps
    old.get_model("office", "Setting").objects.create(key="notice_issuer", value="市财政局督导小组")
    old.get_model("office", "Section").objects.create(name="综合科", order=1)
    old.get_model("office", "Section").objects.create(name="预算科", order=2)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert set(Section.objects.values_list("unit__name", flat=True)) == {"市财政局"}


# --- the viewer ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["personnel", "chief", "director"])
def test_a_viewer_knows_its_unit_in_two_queries(org, other, who, django_assert_num_queries):
    person = getattr(other, who)
    with django_assert_num_queries(2):  # groups; own, led and unit sections in one
        viewer = _build_viewer(person.user, person)
    assert viewer.unit_id == other.unit.pk
    assert viewer.unit_section_ids == set(
        Section.objects.filter(unit=other.unit).values_list("pk", flat=True)
    )
    assert not viewer.is_city


def test_city_roles_and_superusers_reach_every_unit(org, other):
    city = StaffFactory(section=org.leadership)
    role_grant(staff=city, role=roles.CITY_LEADER, acting_user=None)
    for viewer in (viewer_for(city.user), viewer_for(org.admin)):
        assert viewer.is_city and viewer.sees_whole_unit
        assert viewer.can_see_staff(org.staff) and viewer.can_see_staff(other.staff)
        assert viewer.unit_filter("section__") == viewer.unit_filter()  # no limit


def test_unit_roles_stop_at_their_unit(org, other):
    for person in (other.personnel, other.director):
        viewer = viewer_for(person.user)
        assert viewer.can_see_staff(other.staff)
        assert not viewer.can_see_staff(org.staff)
        assert not viewer.can_see_section(org.section.pk)
        assert not viewer.oversees_section(org.section.pk)
    assert not viewer_for(other.inspector.user).inspects_unit(org.section.unit_id)
    assert viewer_for(other.inspector.user).inspects_unit(other.unit.pk)


def test_an_account_without_a_unit_sees_no_unit_rows(org):
    from django.contrib.auth.models import Group

    from office.models import Staff

    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.PERSONNEL))
    viewer = viewer_for(user)
    assert viewer.sees_whole_unit and viewer.unit_id is None
    assert not Staff.objects.filter(viewer.staff_filter()).exists()


# --- 政工科 of another unit ------------------------------------------------------------------------


def test_personnel_of_another_unit_never_sees_the_first_units_people(org, other):
    client = login(other.personnel)
    for name in ("people:list", "leave:balances", "attendance:all_sections", "leave:calendar"):
        text = _text(client, reverse(name))
        assert org.staff.name not in text and org.chief.name not in text, name
        if name != "leave:calendar":
            assert other.staff.name in text, name
    detail = client.get(reverse("people:detail", args=[org.staff.pk]))
    assert detail.status_code == 404


def test_personnel_of_another_unit_cannot_adjust_the_first_units_balance(org, other):
    from leave.models import LeaveBalance, LeaveType

    annual = LeaveType.objects.get(code="annual")
    response = login(other.personnel).post(
        reverse("leave:balance_adjust"),
        {"staff": org.staff.pk, "leave_type": annual.pk, "days": "5", "reason": "多给"},
    )
    assert response.status_code in (302, 200)
    assert not LeaveBalance.objects.filter(staff=org.staff).exists()


# --- 督导小组 of another unit ----------------------------------------------------------------------


def _record(acting, *, staff=None, section=None):
    return finding_record(
        item=Item.objects.get(code="1-02"),
        occurred_at=dt.datetime(2026, 11, 17, 10, tzinfo=SHANGHAI),
        description="上班时间离岗",
        staff=staff,
        section=section,
        acting_user=acting.user,
    )


def test_an_inspection_group_records_findings_only_in_its_unit(org, other):
    with pytest.raises(InspectionError, match="不属于您所在单位"):
        _record(other.inspector, staff=org.staff)
    with pytest.raises(InspectionError, match="不属于您所在单位"):
        _record(other.inspector, section=org.section)
    assert _record(other.inspector, staff=other.staff).section_id == other.section.pk


def test_an_inspection_group_cannot_decide_the_first_units_finding(org, other):
    from inspections.services.findings import finding_confirm

    finding = _record(org.inspector, staff=org.staff)
    with pytest.raises(InspectionError, match="不属于您所在单位"):
        finding_confirm(finding=finding, acting_user=other.inspector.user)
    text = _text(login(other.inspector), reverse("inspections:finding_list"))
    assert org.staff.name not in text


def test_the_people_picker_offers_no_other_units_people(org, other):
    url = reverse("inspections:finding_people") + f"?section={org.section.pk}"
    assert org.staff.name not in _text(login(other.inspector), url)
    assert org.staff.name in _text(login(org.inspector), url)


def test_a_city_inspector_records_findings_in_every_unit(org, other):
    city = StaffFactory(section=org.leadership)
    role_grant(staff=city, role=roles.CITY_INSPECTOR, acting_user=None)
    _record(city, staff=org.staff)
    _record(city, staff=other.staff)
    text = _text(login(city), reverse("inspections:finding_list"))
    assert org.staff.name in text and other.staff.name in text


# --- 主任 of another unit ------------------------------------------------------------------------


def test_each_unit_has_its_own_director(org, other):
    assert director(org.section.unit_id) == org.director
    assert director(other.unit.pk) == other.director
    assert approval_chain(org.staff, 10)[-1] == org.director
    assert approval_chain(other.staff, 10)[-1] == other.director


def test_a_director_of_another_unit_does_not_approve_the_first_units_requests(org, other):
    from leave.models import LeaveType
    from leave.services import leave_request_create
    from office.approvals.selectors import step_for_approver, trail

    assert other.director not in approval_chain(org.staff, 10)

    leave = leave_request_create(
        acting_user=org.staff.user,
        leave_type=LeaveType.objects.get(code="personal"),
        start_date=dt.date(2026, 12, 7),
        start_half="am",
        end_date=dt.date(2026, 12, 7),
        end_half="pm",
        reason="家中有事",
    )
    step = next(step for step in trail(leave) if step.is_current)
    with pytest.raises(Http404):
        step_for_approver(other.director, step.pk)
    assert login(other.director).get(reverse("leave:detail", args=[leave.pk])).status_code == 404


# --- city roles, query counts, the single-unit office ---------------------------------------------


def test_a_city_leader_sees_every_units_people(org, other):
    city = StaffFactory(section=org.leadership)
    role_grant(staff=city, role=roles.CITY_LEADER, acting_user=None)
    client = login(city)
    url = reverse("attendance:all_sections")
    assert org.staff.name in _text(client, f"{url}?section={org.section.pk}")
    assert other.staff.name in _text(client, f"{url}?section={other.section.pk}")
    assert other.staff.name not in _text(login(org.director), f"{url}?section={other.section.pk}")


LIST_PAGES = [
    ("personnel", "people:list"),
    ("personnel", "leave:balances"),
    ("personnel", "attendance:all_sections"),
    ("personnel", "leave:overtime_ledger"),
    ("inspector", "inspections:finding_list"),
    ("inspector", "inspections:round_list"),
    ("inspector", "attendance:board"),
    ("director", "leave:calendar"),
]


def _counts(org) -> dict[str, int]:
    counts = {}
    for who, name in LIST_PAGES:
        client = login(getattr(org, who))
        client.get(reverse(name))  # warm the cached reference data
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(queries)
    return counts


def test_list_page_queries_do_not_grow_with_the_number_of_units(org):
    before = _counts(org)
    for n in range(2):
        other = unit_with_roles(name=f"第{n}委", short_name=f"委{n}")
        StaffFactory.create_batch(3, section=other.section)
    assert _counts(org) == before


MAIN_PAGES = [
    "home",
    "attendance:clock",
    "attendance:board",
    "attendance:all_sections",
    "people:list",
    "leave:balances",
    "leave:calendar",
    "inspections:finding_list",
    "inspections:notice_list",
    "approvals:inbox",
]


@pytest.mark.parametrize("who", ["staff", "chief", "director", "personnel", "inspector", "admin"])
def test_a_single_unit_office_shows_no_unit_anywhere(org, who):
    client = login(getattr(org, who))
    for name in MAIN_PAGES:
        response = client.get(reverse(name))
        if response.status_code == 200:
            page = response.content.decode()
            # The administrator's menu keeps 单位管理 (how a second unit is added); no other
            # 单位 — no column, no picker — anywhere.
            assert page.count("单位") == page.count("单位管理"), name
            assert ("单位管理" in page) == (who == "admin"), name
