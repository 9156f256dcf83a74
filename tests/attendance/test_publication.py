"""考勤公示 (issue 13): 政工科 publishes an ended month once; each person reads the tables of
the sections they may see, counted from the stored days."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.errors import AttendanceError
from attendance.models import AttendanceDay, AttendancePublication, DayStatus
from attendance.services.publication import publication_publish
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
N, L, A, LV, R = (DayStatus.NORMAL, DayStatus.LATE, DayStatus.ABSENT, DayStatus.LEAVE,
                  DayStatus.REST)  # fmt: skip
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=SHANGHAI), tick=False):
        yield


def day(person, date, am, pm):
    AttendanceDay.objects.create(
        staff=person, date=date, am_status=am, pm_status=pm, computed_at=timezone.now()
    )


@pytest.fixture
def published(org):
    day(org.staff, dt.date(2026, 11, 2), N, L)
    day(org.staff, dt.date(2026, 11, 3), A, LV)
    day(org.staff, dt.date(2026, 11, 7), R, R)
    day(org.staff, dt.date(2026, 12, 1), A, A)  # December: not in November's table
    day(org.other_staff, dt.date(2026, 11, 2), N, N)
    return publication_publish(month=NOVEMBER, acting_user=org.personnel.user)


def rows(person, publication) -> dict[str, dict[str, int]]:
    response = login(person).get(reverse("attendance:publication", args=[publication.pk]))
    assert response.status_code == 200
    return {
        row.name: {k: getattr(row, k) for k in ("present", "late", "absent", "leave")}
        for _, section_rows in response.context["groups"]
        for row in section_rows
    }


def test_personnel_publish_a_month_and_staff_read_their_section(org, published):
    assert published.unit_id == org.section.unit_id and published.month == NOVEMBER
    table = rows(org.staff, published)
    assert set(table) == {"张科长", "刘职员"}  # their own section only
    assert table["刘职员"] == {"present": 2, "late": 1, "absent": 1, "leave": 1}
    assert table["张科长"] == {"present": 0, "late": 0, "absent": 0, "leave": 0}


def test_each_role_sees_the_sections_they_may(org, published):
    assert set(rows(org.chief, published)) == {"张科长", "刘职员"}
    assert set(rows(org.other_deputy, published)) >= {"陈科长", "杨职员", "周政工", "吴督导"}
    assert "刘职员" not in rows(org.other_deputy, published)
    everyone = rows(org.director, published)
    assert len(everyone) == 9 and everyone["杨职员"]["present"] == 2


def test_the_publish_form_is_for_personnel_only(org):
    client = login(org.personnel)
    response = client.post(reverse("attendance:publications"), {"month": "2026-11"})
    publication = AttendancePublication.objects.get()
    assert response.url == reverse("attendance:publication", args=[publication.pk])
    assert publication.published_by == org.personnel.user
    assert "发布公示" in client.get(reverse("attendance:publications")).content.decode()
    staff = login(org.staff)
    staff.post(reverse("attendance:publications"), {"month": "2026-10"})
    assert AttendancePublication.objects.count() == 1
    assert "发布公示" not in staff.get(reverse("attendance:publications")).content.decode()


@pytest.mark.parametrize(
    ("month", "message"),
    [
        (dt.date(2026, 12, 1), "只能公示已经结束的月份。"),
        (dt.date(2027, 1, 1), "只能公示已经结束的月份。"),
        (NOVEMBER, "2026年11月的考勤已经公示。"),
    ],
)
def test_refusals(org, published, month, message):
    with pytest.raises(AttendanceError, match=message):
        publication_publish(month=month, acting_user=org.personnel.user)
    assert AttendancePublication.objects.count() == 1


def test_only_personnel_may_publish(org):
    with pytest.raises(AttendanceError, match="考勤公示由本单位政工科发布。"):
        publication_publish(month=NOVEMBER, acting_user=org.director.user)


def test_another_units_people_get_404(org, published):
    other = unit_with_roles()
    for person in (other.personnel, other.director, other.chief):
        url = reverse("attendance:publication", args=[published.pk])
        assert login(person).get(url).status_code == 404
        listed = login(person).get(reverse("attendance:publications")).context["publications"]
        assert list(listed) == []


def test_the_table_reads_in_a_constant_number_of_queries(org, published):
    def count() -> int:
        client = login(org.director)
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("attendance:publication", args=[published.pk]))
        return len(queries)

    before = count()
    for n in range(20):
        person = StaffFactory(section=org.section if n % 2 else org.other_section)
        day(person, dt.date(2026, 11, 4), N, A)
    assert count() == before
