"""考勤自动: attendance facts of the week become candidate findings, never twice."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from inspections.models import Finding, Item
from inspections.services.findings import finding_confirm, finding_dismiss
from inspections.services.notices import notice_compile
from leave.models import LeaveRequest, LeaveType
from leave.services import leave_request_create
from office.demo import demo_unit
from tests.factories import StaffFactory

N, L, E, A = DayStatus.NORMAL, DayStatus.LATE, DayStatus.EARLY, DayStatus.ABSENT


def day(person, date, am, pm, *, final=True):
    """A stored day as the night close leaves it (final), or still open."""
    AttendanceDay.objects.create(
        staff=person,
        date=date,
        am_status=am,
        pm_status=pm,
        computed_at=timezone.now(),
        is_final=final,
    )


def week_days(person, *halves):
    """Monday 16 November onwards, one (am, pm) pair per day."""
    for offset, (am, pm) in enumerate(halves):
        day(person, dt.date(2026, 11, 16) + dt.timedelta(days=offset), am, pm)


def candidates():
    return Finding.objects.filter(source=Finding.Source.ATTENDANCE).order_by("staff_id", "auto_day")


def test_absence_becomes_one_candidate_per_person_and_day(org, monday):
    week_days(org.staff, (N, N), (A, A), (N, A))
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    found = list(candidates().values_list("auto_day", "auto_kind", "status", "item__code"))
    assert found == [
        (dt.date(2026, 11, 17), "absent", "candidate", "1-01"),
        (dt.date(2026, 11, 18), "absent", "candidate", "1-01"),
    ]
    assert candidates().first().description == "2026年11月17日全天旷工（无打卡且无请假、外出审批）"
    # Candidates are not confirmed findings: counted as waiting, never named.
    assert notice.data["attendance"] == []
    assert notice.data["attendance_pending"] == 2
    assert notice.data["total"] == 0


def test_late_early_at_the_threshold_is_a_candidate_one_below_is_not(org, monday):
    week_days(org.staff, (L, N), (N, E), (L, N))  # 3 times: the default threshold
    week_days(org.other_staff, (L, E), (N, N))  # 2 times
    notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    found = candidates().get()
    assert (found.staff, found.auto_kind, found.auto_day) == (
        org.staff,
        "late_early",
        dt.date(2026, 11, 16),
    )
    assert found.description.endswith("迟到早退3次")


def test_overdue_report_back_becomes_a_candidate(org, monday):
    leave = leave_request_create(
        acting_user=org.staff.user,
        leave_type=LeaveType.objects.get(code="personal"),
        start_date=dt.date(2026, 11, 18),
        start_half="am",
        end_date=dt.date(2026, 11, 18),
        end_half="pm",
        reason="家中有事",
        attachment=None,
    )
    LeaveRequest.objects.filter(pk=leave.pk).update(overdue_at=timezone.now())
    notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    found = candidates().get()
    assert (found.auto_kind, found.auto_day, found.item.code) == (
        "report_back",
        dt.date(2026, 11, 18),
        "1-11",
    )
    assert "未按时销假" in found.description


def test_compiling_again_files_nothing_twice(org, monday):
    week_days(org.staff, (A, A), (L, L), (E, N))
    notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    before = list(candidates().values_list("pk", flat=True))
    day(org.staff, dt.date(2026, 11, 19), A, N)
    notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    assert candidates().count() == len(before) + 1
    assert set(before) <= set(candidates().values_list("pk", flat=True))
    assert all(f.history.count() == 1 for f in candidates())


def test_a_dismissed_candidate_is_not_filed_again(org, monday):
    week_days(org.staff, (A, A))
    notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    finding_dismiss(
        finding=candidates().get(), reason="当天在外开会，补办手续", acting_user=org.inspector.user
    )
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    assert candidates().count() == 1 and notice.data["attendance"] == []


def test_a_confirmed_candidate_is_named_in_the_notice(org, monday):
    week_days(org.staff, (A, N))
    notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    finding_confirm(finding=candidates().get(), acting_user=org.inspector.user)
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    assert notice.data["findings"][0]["person"] == "刘职员"
    assert notice.data["findings"][0]["source"] == "考勤自动"


def test_the_database_refuses_a_duplicate_candidate(org):
    item = Item.objects.get(code="1-01")
    values = {
        "staff": org.staff,
        "section": org.section,
        "item": item,
        "occurred_at": timezone.now(),
        "description": "旷工",
        "source": "attendance",
        "status": "candidate",
        "auto_kind": "absent",
        "auto_day": dt.date(2026, 11, 17),
    }
    Finding.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(**values)


def _facts(org, people: int) -> None:
    for _ in range(people):
        person = StaffFactory(section=org.section)
        week_days(person, (A, N), (L, E), (L, N))


@pytest.mark.parametrize("people", [2, 10])
def test_autofind_query_count_is_fixed(org, monday, people, django_assert_num_queries):
    # Reads are constant; the two inserts would split into batches only past SQLite's
    # parameter limit (about 39 history rows), beyond these sizes.
    _facts(org, people)
    unit = demo_unit()
    # settings; taps still to count (none); absences; late/early; overdue 销假; existing
    # candidates; items; INSERT candidates; re-read candidates; INSERT their history;
    # SAVEPOINT; lock the unit's notice; 7 notice tables; another unit? (for the issuer);
    # SAVEPOINT; INSERT notice; INSERT history; RELEASE; the unit's 督导小组 users; RELEASE.
    with django_assert_num_queries(26):
        notice_compile(year=2026, week=47, unit=unit, acting_user=None)
    assert candidates().count() == people * 2
