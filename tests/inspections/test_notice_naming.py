"""Only confirmed cases are named: the compile names none other, and publishing refuses a
draft that does (rows gone stale, 反面典型 no longer earned, or prose naming someone)."""

import datetime as dt

import pytest
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from inspections.errors import InspectionError
from inspections.models import Finding, WeeklyNotice
from inspections.services.findings import finding_confirm
from inspections.services.notices import notice_compile, notice_publish, notice_update
from office.demo import demo_unit
from tests.conftest import login
from tests.inspections.factories import FindingFactory

TUESDAY = dt.date(2026, 11, 17)


def _day(person, date=TUESDAY, *, final: bool) -> None:
    AttendanceDay.objects.create(
        staff=person,
        date=date,
        am_status=DayStatus.ABSENT,
        pm_status=DayStatus.ABSENT,
        computed_at=timezone.now(),
        is_final=final,
    )


def _compile() -> WeeklyNotice:
    return notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)


def _absence(person) -> Finding:
    return Finding.objects.get(staff=person, source=Finding.Source.ATTENDANCE)


def test_a_candidate_absence_is_counted_and_never_named(org, monday):
    _day(org.staff, final=True)
    notice = _compile()
    assert notice.data["attendance"] == [] and notice.data["attendance_pending"] == 1
    assert "刘职员" not in str(notice.data)


def test_a_confirmed_absence_on_a_closed_day_is_named_in_both_tables(org, monday):
    _day(org.staff, final=True)
    _compile()
    finding_confirm(finding=_absence(org.staff), acting_user=org.inspector.user)
    data = _compile().data
    assert [(r["person"], r["status"]) for r in data["attendance"]] == [("刘职员", "已确认")]
    assert [r["person"] for r in data["findings"]] == ["刘职员"]
    assert data["attendance_pending"] == 0


def test_a_confirmed_absence_whose_day_is_still_open_is_counted_not_named(org, monday):
    _day(org.staff, final=True)
    _compile()
    finding_confirm(finding=_absence(org.staff), acting_user=org.inspector.user)
    # The day was reopened (a leave approved late recomputes it): not final any more.
    AttendanceDay.objects.filter(staff=org.staff).update(is_final=False)
    data = _compile().data
    assert data["attendance"] == [] and data["findings"] == []
    assert data["attendance_pending"] == 1


def test_publish_refuses_a_draft_naming_a_case_that_is_no_longer_confirmed(org, monday):
    finding = FindingFactory(staff=org.staff)
    draft = _compile()
    assert draft.data["findings"][0]["person"] == "刘职员"
    # Taken back after the compile (the admin set it back to 已登记).
    Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.RECORDED)
    with pytest.raises(InspectionError) as refused:
        notice_publish(notice=draft, acting_user=org.inspector.user)
    assert "通报不能点名尚未认定的问题：刘职员（工作时间玩手机游戏）" in refused.value.message
    draft.refresh_from_db()
    assert not draft.is_published and draft.number is None
    # Compiled again, the draft no longer names it and is published.
    published = notice_publish(notice=_compile(), acting_user=org.inspector.user)
    assert published.is_published and published.data["findings"] == []


def test_publish_refuses_a_draft_whose_rows_were_edited_to_name_a_candidate(org, monday):
    _day(org.staff, final=True)
    draft = _compile()
    candidate = _absence(org.staff)
    WeeklyNotice.objects.filter(pk=draft.pk).update(
        data={**draft.data, "attendance": [{"id": candidate.pk, "person": "刘职员"}]}
    )
    with pytest.raises(InspectionError, match="刘职员"):
        notice_publish(notice=draft, acting_user=org.inspector.user)


def test_publish_refuses_a_row_that_names_no_finding(org, monday):
    draft = _compile()
    WeeklyNotice.objects.filter(pk=draft.pk).update(
        data={**draft.data, "findings": [{"person": "刘职员", "description": "迟到"}]}
    )
    with pytest.raises(InspectionError, match="无法核对"):
        notice_publish(notice=draft, acting_user=org.inspector.user)


def test_publish_refuses_prose_naming_a_person_whose_case_waits(org, monday):
    _day(org.staff, final=True)
    draft = _compile()
    notice_update(
        notice=draft,
        title=draft.title,
        intro=draft.intro + "刘职员无故旷工一天，特予通报。",
        remarks=draft.remarks,
        cc=draft.cc,
        acting_user=org.inspector.user,
    )
    with pytest.raises(InspectionError, match="刘职员"):
        notice_publish(notice=draft, acting_user=org.inspector.user)
    notice_update(
        notice=draft,
        title=draft.title,
        intro=draft.intro,
        remarks=draft.remarks,
        cc=draft.cc,
        acting_user=org.inspector.user,
    )
    assert notice_publish(notice=draft, acting_user=org.inspector.user).is_published


def test_prose_may_name_a_person_the_notice_names_for_a_confirmed_case(org, monday):
    FindingFactory(staff=org.staff)
    draft = _compile()
    notice_update(
        notice=draft,
        title=draft.title,
        intro=draft.intro + "刘职员工作时间玩手机游戏，特予通报。",
        remarks=draft.remarks,
        cc=draft.cc,
        acting_user=org.inspector.user,
    )
    assert notice_publish(notice=draft, acting_user=org.inspector.user).is_published


def test_publish_refuses_a_repeat_offender_no_longer_earned(org, monday):
    first = FindingFactory(
        staff=org.staff, occurred_at=dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC)
    )
    FindingFactory(staff=org.staff)
    draft = _compile()
    assert [r["person"] for r in draft.data["repeat_offenders"]] == ["刘职员"]
    Finding.objects.filter(pk=first.pk).update(status=Finding.Status.RECORDED)
    with pytest.raises(InspectionError, match="刘职员（反面典型）"):
        notice_publish(notice=draft, acting_user=org.inspector.user)


def test_notice_page_tells_the_editor_why_publishing_is_refused(org, monday):
    finding = FindingFactory(staff=org.staff)
    draft = _compile()
    Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.RECORDED)
    page = login(org.inspector).get(f"/inspections/notices/{draft.pk}/").content.decode()
    assert "通报不能点名尚未认定的问题：刘职员" in page
    assert 'type="submit" disabled><i class="bi bi-send"></i> 发布' in page
    response = login(org.inspector).post(f"/inspections/notices/{draft.pk}/publish/", follow=True)
    assert "通报不能点名尚未认定的问题" in response.content.decode()
    assert not WeeklyNotice.objects.get(pk=draft.pk).is_published


def test_pending_anomalies_are_counted_on_the_page(org, monday):
    _day(org.staff, final=True)
    draft = _compile()
    page = login(org.inspector).get(f"/inspections/notices/{draft.pk}/").content.decode()
    assert "另有1人次考勤异常待认定，认定前不予点名。" in page
    assert "本周无经认定的考勤异常。" in page


def test_draft_page_queries_do_not_grow_with_the_named_rows(org, monday, django_assert_num_queries):
    client = login(org.inspector)
    FindingFactory(staff=org.staff)
    small = _compile()
    client.get(f"/inspections/notices/{small.pk}/")  # the settings cache fills once
    for _ in range(20):
        FindingFactory(staff=org.other_staff)
    large = _compile()
    for draft in (small, large):
        # session, user, viewer (staff, groups, led sections), the notice, the naming check
        # (the named findings as they are now, 反面典型 counted again, the people whose cases
        # wait), unread notifications, approvals waiting: the same for 1 or 21 named rows.
        with django_assert_num_queries(11):
            client.get(f"/inspections/notices/{draft.pk}/")
