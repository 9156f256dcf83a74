"""单位管理: only 市级管理员 and superusers list, create and edit units (issue 21)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office import roles
from office.errors import UnitError
from office.models import Unit
from office.services import role_grant, unit_save
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles


@pytest.fixture
def city_admin(org):
    person = StaffFactory(section=org.personnel_section, name="市管理员")
    role_grant(staff=person, role=roles.CITY_ADMIN, acting_user=None)
    return person


@pytest.fixture
def unit_admin(org):
    person = StaffFactory(section=org.personnel_section, name="单位管理员")
    role_grant(staff=person, role=roles.ADMIN, acting_user=None)
    return person


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("city_admin", 200),
        ("superuser", 200),
        ("unit_admin", 403),
        ("personnel", 403),
        ("city_leader", 403),
        ("staff", 403),
    ],
)
def test_only_the_city_administrator_manages_units(org, city_admin, unit_admin, who, expected):
    leader = StaffFactory(section=org.leadership, name="市领导")
    role_grant(staff=leader, role=roles.CITY_LEADER, acting_user=None)
    person = {
        "city_admin": city_admin,
        "superuser": org.admin,
        "unit_admin": unit_admin,
        "personnel": org.personnel,
        "city_leader": leader,
        "staff": org.staff,
    }[who]
    client = login(person)
    unit = Unit.objects.first()
    for url in (reverse("units"), reverse("unit_create"), reverse("unit_edit", args=[unit.pk])):
        assert client.get(url).status_code == expected
    before = Unit.objects.count()
    client.post(reverse("unit_create"), {"name": "市财政局", "short_name": "市财政", "order": 5})
    assert Unit.objects.count() == before + (expected == 200)


def test_the_nav_links_units_for_the_city_administrator_only(org, city_admin, unit_admin):
    link = f'href="{reverse("units")}"'
    assert link in login(city_admin).get(reverse("home")).content.decode()
    assert link in login(org.admin).get(reverse("home")).content.decode()
    assert link not in login(unit_admin).get(reverse("home")).content.decode()
    assert link not in login(org.personnel).get(reverse("home")).content.decode()


def test_the_list_counts_sections_and_people_in_one_query(
    org, city_admin, django_assert_num_queries
):
    client = login(city_admin)
    client.get(reverse("units"))  # warm the session and caches
    with CaptureQueriesContext(connection) as one_unit:
        client.get(reverse("units"))
    unit_with_roles()
    unit_with_roles("市财政局", "市财政")
    with django_assert_num_queries(len(one_unit)) as captured:
        page = client.get(reverse("units")).content.decode()
    assert sum('FROM "office_unit"' in q["sql"] for q in captured.captured_queries) == 1
    # 市发改委: 委领导 and 综合科, five people.
    assert "市发展和改革委员会" in page
    row = page.split("市发展和改革委员会")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[2:4]] == ["2", "5"]


def test_a_unit_is_created_and_edited(org, city_admin):
    client = login(city_admin)
    response = client.post(
        reverse("unit_create"), {"name": "市财政局", "short_name": "市财政", "order": 3}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="市财政局")
    assert (unit.short_name, unit.order) == ("市财政", 3)
    assert unit.history.get().history_user == city_admin.user
    client.post(
        reverse("unit_edit", args=[unit.pk]),
        {"name": "市财政局（市国资委）", "short_name": "市财政", "order": 4},
    )
    unit.refresh_from_db()
    assert (unit.name, unit.order) == ("市财政局（市国资委）", 4)


def test_a_duplicate_name_is_refused_in_chinese(org, city_admin):
    existing = Unit.objects.first()
    response = login(city_admin).post(
        reverse("unit_create"), {"name": existing.name, "short_name": "重复", "order": 0}
    )
    assert response.status_code == 200
    assert "单位全称不能重复" in response.content.decode()
    assert Unit.objects.filter(name=existing.name).count() == 1


def test_the_service_refuses_a_duplicate_but_keeps_a_unit_its_own_name(org):
    unit = unit_save(name="市教育局", short_name="市教育", order=1, acting_user=None)
    same = unit_save(unit=unit, name="市教育局", short_name="教育局", order=2, acting_user=None)
    assert same.short_name == "教育局"
    with pytest.raises(UnitError, match="单位全称不能重复"):
        unit_save(name="市教育局", short_name="x", order=0, acting_user=None)
    with pytest.raises(UnitError, match="请填写"):
        unit_save(name="市水利局", short_name=" ", order=0, acting_user=None)
