"""全市概况: attendance and confirmed findings by unit for 市级领导/市级督查 (issue 21)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from inspections.models import Finding, Item
from office import roles
from office.services import role_grant
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles

N, L, E, A = DayStatus.NORMAL, DayStatus.LATE, DayStatus.EARLY, DayStatus.ABSENT
LV, R, P = DayStatus.LEAVE, DayStatus.REST, DayStatus.PENDING
URL = reverse("inspections:city_overview") + "?month=2026-11"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def day(person, date, am, pm):
    AttendanceDay.objects.create(
        staff=person, date=date, am_status=am, pm_status=pm, computed_at=timezone.now()
    )


def city(org, role):
    person = StaffFactory(section=org.leadership, name=f"市{role}")
    role_grant(staff=person, role=role, acting_user=None)
    return person


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("leader", 200),
        ("city_inspector", 200),
        ("superuser", 200),
        ("city_admin", 403),
        ("unit_admin", 403),
        ("personnel", 403),
        ("director", 403),
        ("staff", 403),
    ],
)
def test_only_city_leaders_and_inspectors_see_it(org, who, expected):
    person = {
        "leader": lambda: city(org, roles.CITY_LEADER),
        "city_inspector": lambda: city(org, roles.CITY_INSPECTOR),
        "city_admin": lambda: city(org, roles.CITY_ADMIN),
        "unit_admin": lambda: city(org, roles.ADMIN),
        "superuser": lambda: org.admin,
        "personnel": lambda: org.personnel,
        "director": lambda: org.director,
        "staff": lambda: org.staff,
    }[who]()
    client = login(person)
    assert client.get(URL).status_code == expected
    home = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("inspections:city_overview")}"' in home) == (expected == 200)


def test_the_numbers_of_two_units(org):
    other = unit_with_roles()
    # Office unit: 2 November (Monday) and 3 November, and a weekend day.
    day(org.staff, dt.date(2026, 11, 2), N, L)  # 2 present halves, 1 late
    day(org.staff, dt.date(2026, 11, 3), A, A)  # 2 expected, absent twice
    day(org.chief, dt.date(2026, 11, 2), LV, E)  # leave does not count as present; 1 early
    day(org.chief, dt.date(2026, 11, 7), R, R)  # rest: not expected
    day(org.chief, dt.date(2026, 10, 30), N, N)  # another month
    # 市发改委: 3 expected halves, 2 present (the pending half is not expected yet).
    day(other.staff, dt.date(2026, 11, 30), N, P)
    day(other.chief, dt.date(2026, 11, 30), DayStatus.TRIP, A)
    item = Item.objects.get(code="1-02")  # 工作纪律
    other_item = Item.objects.exclude(category=item.category).first()
    at = dt.datetime(2026, 11, 10, 9, tzinfo=SHANGHAI)
    for section, it, status in [
        (org.section, item, Finding.Status.CONFIRMED),
        (org.section, item, Finding.Status.CLOSED),
        (org.section, item, Finding.Status.DISMISSED),  # not confirmed: not counted
        (other.section, other_item, Finding.Status.CONFIRMED),
    ]:
        Finding.objects.create(
            section=section, item=it, occurred_at=at, description="问题", status=status
        )
    Finding.objects.create(
        section=org.section,
        item=item,
        occurred_at=dt.datetime(2026, 10, 31, 23, tzinfo=SHANGHAI),  # October
        description="问题",
        status=Finding.Status.CONFIRMED,
    )
    response = login(city(org, roles.CITY_LEADER)).get(URL)
    rows = {row.unit.name: row for row in response.context["rows"]}
    categories = response.context["categories"]
    office = rows[org.section.unit.name]
    # expected 4 (staff) + 2 (chief, 2 Nov) = 6 halves = 3 person-days; present 2 + 1 = 3 halves.
    assert (office.expected_days, office.rate) == (3.0, 50.0)
    assert (office.late, office.early, office.absent) == (1, 1, 2)
    assert office.findings[[c.pk for c in categories].index(item.category_id)] == 2
    assert sum(office.findings) == 2
    dev = rows[other.unit.name]
    assert (dev.people, dev.expected_days, dev.rate) == (5, 1.5, 66.7)
    assert (dev.late, dev.early, dev.absent) == (0, 0, 1)
    assert dev.findings[[c.pk for c in categories].index(other_item.category_id)] == 1
    assert sum(dev.findings) == 1
    page = response.content.decode()
    assert "66.7%" in page and "50.0%" in page and len(categories) == 4


def test_a_constant_number_of_queries_for_one_and_three_units(org, django_assert_num_queries):
    client = login(city(org, roles.CITY_INSPECTOR))
    day(org.staff, dt.date(2026, 11, 2), N, N)
    client.get(URL)
    with CaptureQueriesContext(connection) as one_unit:
        assert len(client.get(URL).context["rows"]) == 1
    for name in ("市发展和改革委员会", "市财政局"):
        people = unit_with_roles(name, name[:3])
        day(people.staff, dt.date(2026, 11, 2), N, L)
    with django_assert_num_queries(len(one_unit)):
        assert len(client.get(URL).context["rows"]) == 3
