"""notice_compile on a seeded week: exact counts, idempotence, frozen once published."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.dates import SHANGHAI
from inspections.models import Finding, Item, WeeklyNotice
from inspections.services.notices import notice_compile, notice_publish
from office.demo import demo_unit
from tests.factories import StaffFactory
from tests.inspections.factories import FindingFactory

WEEK = (2026, 47)  # Monday 16 – Sunday 22 November 2026


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def seeded_week(org):
    phone = Item.objects.get(code="1-07")
    late = Item.objects.get(code="1-04")
    banquet = Item.objects.get(code="4-02")
    FindingFactory(staff=org.staff, item=phone, occurred_at=at(16))
    FindingFactory(staff=org.staff, item=late, occurred_at=at(18))
    FindingFactory(staff=org.other_staff, item=banquet, occurred_at=at(22, 23))
    FindingFactory(staff=None, section=org.other_section, item=phone, occurred_at=at(19))
    # Not counted: outside the week (both edges), not confirmed, dismissed.
    FindingFactory(staff=org.staff, item=phone, occurred_at=at(15, 23))
    FindingFactory(staff=org.staff, item=phone, occurred_at=at(23, 0))
    FindingFactory(staff=org.chief, item=phone, occurred_at=at(17), status=Finding.Status.RECORDED)
    FindingFactory(staff=org.chief, item=late, occurred_at=at(17), status=Finding.Status.DISMISSED)
    return org


def test_compile_counts_by_section_and_category_exactly(seeded_week, monday):
    org = seeded_week
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    data = notice.data
    assert data["total"] == 4
    assert data["by_section"] == [
        {"section": "综合科", "count": 2, "people": 1},
        {"section": "行政科", "count": 2, "people": 1},
    ]
    assert data["by_category"] == [
        {"category": "工作纪律", "count": 3},
        {"category": "作风效能", "count": 0},
        {"category": "形象修养", "count": 0},
        {"category": "“三公”消费", "count": 1},
    ]
    assert [f["person"] for f in data["findings"]] == ["刘职员", "刘职员", "", "杨职员"]
    assert data["findings"][0]["when"] == "2026年11月16日 10:00"
    assert data["first"] == "2026年11月16日" and data["last"] == "2026年11月22日"
    assert notice.status == WeeklyNotice.Status.DRAFT
    assert org.staff.name in notice.data["findings"][0]["person"]


def test_repeat_offender_needs_findings_in_two_of_the_last_four_weeks(org, monday):
    FindingFactory(staff=org.staff, occurred_at=at(18))
    FindingFactory(staff=org.staff, occurred_at=at(18, 15))
    FindingFactory(staff=org.other_staff, occurred_at=at(18))
    FindingFactory(staff=org.other_staff, occurred_at=dt.datetime(2026, 10, 26, 9, tzinfo=SHANGHAI))
    FindingFactory(staff=org.chief, occurred_at=at(18))
    # 25 October is the Sunday before the 4-week window (26 Oct – 22 Nov): not counted.
    FindingFactory(staff=org.chief, occurred_at=dt.datetime(2026, 10, 25, 22, tzinfo=SHANGHAI))
    data = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None).data
    assert data["repeat_offenders"] == [
        {
            "staff_id": org.other_staff.pk,
            "person": "杨职员",
            "section": "行政科",
            "weeks": 2,
            "count": 2,
        }
    ]


def test_open_rectifications_are_listed_with_overdue_flag(org, monday):
    FindingFactory(
        staff=org.staff,
        status=Finding.Status.RECTIFYING,
        rectify_deadline=dt.date(2026, 11, 20),
    )
    FindingFactory(
        staff=org.other_staff,
        status=Finding.Status.RECTIFYING,
        rectify_deadline=dt.date(2026, 11, 22),
    )
    rows = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None).data[
        "open_rectifications"
    ]
    assert [(r["person"], r["overdue"]) for r in rows] == [("刘职员", True), ("杨职员", False)]


def test_compiling_twice_updates_the_one_draft(seeded_week, monday):
    first = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    FindingFactory(staff=seeded_week.chief, occurred_at=at(20))
    second = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    assert first.pk == second.pk
    assert WeeklyNotice.objects.count() == 1
    assert second.data["total"] == 5


def test_compile_does_nothing_once_published(seeded_week, monday):
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    notice_publish(notice=notice, acting_user=seeded_week.inspector.user)
    FindingFactory(staff=seeded_week.chief, occurred_at=at(20))
    again = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    assert again.pk == notice.pk
    assert again.data["total"] == 4
    assert again.is_published


def test_inspectors_are_told_when_the_draft_is_ready(
    seeded_week, monday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
        notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    assert list(seeded_week.inspector.user.notifications.values_list("title", flat=True)) == [
        "2026年第47周通报草稿已生成"
    ]


def _compile_queries() -> int:
    unit = demo_unit()
    cache.clear()  # both runs start without cached settings
    with CaptureQueriesContext(connection) as ctx:
        notice_compile(year=2026, week=47, unit=unit, acting_user=None)
    return len(ctx.captured_queries)


def _grow(org, people: int) -> None:
    for index in range(people):
        person = StaffFactory(section=org.section if index % 2 else org.other_section)
        FindingFactory(staff=person, occurred_at=at(16 + index % 7))
        FindingFactory(staff=person, occurred_at=at(9 + index % 7))


def test_compile_query_count_does_not_grow_with_staff_or_findings(org, monday):
    _grow(org, 3)
    WeeklyNotice.objects.all().delete()
    small = _compile_queries()
    _grow(org, 30)
    WeeklyNotice.objects.all().delete()
    large = _compile_queries()
    assert small == large


def test_compile_query_count_is_exact(org, monday, django_assert_num_queries):
    _grow(org, 5)
    unit = demo_unit()
    # settings snapshot; taps still to count (none); attendance facts: absences, late/early,
    # overdue 销假 (none, so nothing is inserted); SAVEPOINT (atomic); SELECT … FOR UPDATE of
    # the unit's notice of the week; by section; by category; named findings; repeat
    # offenders; open rectifications; attendance anomalies; 督办 lapses by section; is there
    # another unit (the issuer)?; SAVEPOINT; INSERT notice; INSERT its history row; RELEASE;
    # the unit's 督导小组 users to notify; RELEASE.
    with django_assert_num_queries(21):
        notice_compile(year=2026, week=47, unit=unit, acting_user=None)
