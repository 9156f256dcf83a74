"""统计看板 (issue 13): each chart's JSON against a hand-built November 2026, the scope by role,
and query counts that do not grow with the staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceDay, DayStatus
from inspections.models import (
    Finding,
    Item,
    SelfInspectionCampaign,
    SelfInspectionReport,
)
from leave.models import LeaveRequest, LeaveType, OvertimeEntry, OvertimeRequest
from office.approvals.models import ApprovalStatus
from office.dashboard import CHARTS
from tests.conftest import login
from tests.factories import StaffFactory
from tests.inspections.factories import FindingFactory

N, L, E, A = DayStatus.NORMAL, DayStatus.LATE, DayStatus.EARLY, DayStatus.ABSENT
LV, R = DayStatus.LEAVE, DayStatus.REST
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=SHANGHAI), tick=False):
        yield


def day(person, date, am, pm):
    AttendanceDay.objects.create(
        staff=person, date=date, am_status=am, pm_status=pm, computed_at=timezone.now()
    )


def chart(person, slug, **params):
    response = login(person).get(reverse("chart_data", args=[slug]), {"month": "2026-11", **params})
    assert response.status_code == 200, response.status_code
    return response.json()


def by_category(data, series=0):
    return dict(zip(data["categories"], data["series"][series]["data"], strict=True))


@pytest.fixture
def month(org):
    """November 2026 in 综合科 (张科长, 刘职员) and 行政科 (陈科长, 杨职员, 吴督导)."""
    day(org.staff, D(2026, 11, 2), N, L)  # 2 present, 1 late
    day(org.staff, D(2026, 11, 3), A, A)  # 2 expected, 2 absent
    day(org.staff, D(2026, 11, 4), LV, LV)  # on leave: expected, not present
    day(org.staff, D(2026, 11, 7), R, R)  # Saturday: not expected
    day(org.chief, D(2026, 11, 2), N, N)
    day(org.chief, D(2026, 11, 9), E, N)  # week of 9 Nov: 1 early, 2 present
    day(org.other_staff, D(2026, 11, 2), N, N)
    day(org.other_staff, D(2026, 10, 30), A, A)  # October: not in November's numbers

    types = {t.code: t for t in LeaveType.objects.all()}

    def leave(person, code, start, days, *, used=None, status=ApprovalStatus.APPROVED):
        LeaveRequest.objects.create(
            applicant=person, leave_type=types[code], start_date=start, end_date=start,
            reason="事由", days=Decimal(days), days_used=used, status=status,
        )  # fmt: skip

    leave(org.staff, "personal", D(2026, 11, 4), "1")
    leave(org.chief, "sick", D(2026, 11, 20), "2", used=Decimal("1.5"))  # reported back early
    leave(org.other_staff, "annual", D(2026, 11, 25), "1")
    leave(org.other_staff, "annual", D(2026, 11, 26), "1", status=ApprovalStatus.PENDING)
    leave(org.other_staff, "annual", D(2026, 12, 1), "3")  # December

    def overtime(section, date, hours, *, verified):
        request = OvertimeRequest.objects.create(
            applicant=section.chief, section=section, date=date, start_time=dt.time(18),
            end_time=dt.time(22), reason="赶材料", status=ApprovalStatus.APPROVED,
            recorded_at=timezone.now(), verified_at=timezone.now() if verified else None,
        )  # fmt: skip
        for person, h in hours:
            OvertimeEntry.objects.create(
                overtime=request, staff=person, planned_hours=Decimal(h),
                actual_hours=Decimal(h), verified_hours=Decimal(h) if verified else None,
            )  # fmt: skip

    overtime(org.section, D(2026, 11, 10), [(org.staff, "3"), (org.chief, "2.5")], verified=True)
    overtime(org.other_section, D(2026, 11, 11), [(org.other_staff, "4")], verified=False)
    overtime(org.section, D(2026, 10, 10), [(org.staff, "8")], verified=True)  # October

    nov = dt.datetime(2026, 11, 17, 10, tzinfo=SHANGHAI)
    item = {c: Item.objects.get(code=c) for c in ("1-07", "2-01", "3-01")}
    FindingFactory(staff=org.staff, item=item["1-07"], occurred_at=nov)
    FindingFactory(staff=org.staff, item=item["2-01"], occurred_at=nov,
                   status=Finding.Status.RECTIFYING, rectify_deadline=D(2026, 11, 20))  # fmt: skip
    FindingFactory(staff=org.other_staff, item=item["1-07"], occurred_at=nov,
                   status=Finding.Status.CLOSED)  # fmt: skip
    FindingFactory(staff=org.other_staff, item=item["3-01"], occurred_at=nov,
                   status=Finding.Status.RECORDED)  # not confirmed: not counted  # fmt: skip
    FindingFactory(staff=org.staff, item=item["3-01"], occurred_at=nov,
                   status=Finding.Status.DISMISSED)  # fmt: skip
    FindingFactory(staff=org.staff, item=item["3-01"], occurred_at=nov - dt.timedelta(days=30))
    # Rectification in 综合科: one closed on time, one closed late; the RECTIFYING one above is
    # past its deadline. 行政科: one closed on time.
    on_time = FindingFactory(staff=org.chief, status=Finding.Status.CLOSED, occurred_at=nov,
                             rectify_deadline=D(2026, 11, 15))  # fmt: skip
    late = FindingFactory(staff=org.chief, status=Finding.Status.CLOSED, occurred_at=nov,
                          rectify_deadline=D(2026, 11, 15))  # fmt: skip
    other = FindingFactory(staff=org.other_chief, status=Finding.Status.CLOSED, occurred_at=nov,
                           rectify_deadline=D(2026, 11, 25))  # fmt: skip
    Finding.objects.filter(pk__in=[on_time.pk, other.pk]).update(
        updated_at=dt.datetime(2026, 11, 14, 16, tzinfo=SHANGHAI)
    )
    Finding.objects.filter(pk=late.pk).update(
        updated_at=dt.datetime(2026, 11, 16, 9, tzinfo=SHANGHAI)
    )

    with time_machine.travel(dt.datetime(2026, 11, 5, 9, tzinfo=SHANGHAI), tick=False):
        campaign = SelfInspectionCampaign.objects.create(
            title="第一轮自查", deadline=D(2026, 11, 30), created_by=org.inspector.user
        )
    SelfInspectionReport.objects.create(
        campaign=campaign, staff=org.staff, status=SelfInspectionReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )  # fmt: skip
    SelfInspectionReport.objects.create(campaign=campaign, staff=org.chief)  # a draft
    SelfInspectionReport.objects.create(
        campaign=campaign, staff=org.other_staff, status=SelfInspectionReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )  # fmt: skip
    return campaign


SECTIONS = ["主任室", "综合科", "行政科", "政工科"]


def test_attendance_rate_by_section(org, month):
    data = chart(org.director, "attendance-rate")
    assert data["categories"] == SECTIONS
    # 综合科: 10 expected halves (刘职员 6, 张科长 4), 6 present; 行政科: 2 of 2.
    assert by_category(data) == {"主任室": None, "综合科": 60.0, "行政科": 100.0, "政工科": None}
    assert data["unit"] == "%" and data["period"] == "2026年11月"
    assert data["links"][1] == (
        f"{reverse('attendance:all_sections')}?month=2026-11&section={org.section.pk}"
    )


def test_attendance_rate_week_by_week(org, month):
    data = chart(org.director, "attendance-trend")
    assert len(data["categories"]) == 12
    assert data["categories"][-1] == "11月30日" and data["categories"][7] == "11月2日"
    values = data["series"][0]["data"]
    # Week of 2 Nov: 刘职员 6 expected / 2 present, 张科长 2/2, 杨职员 2/2; week of 9 Nov: 2/2.
    assert values[7] == 60.0 and values[8] == 100.0
    assert values[6] == 0.0  # week of 26 Oct: 杨职员 absent on the 30th
    assert values[:6] == [None] * 6 and values[9:] == [None] * 3


def test_late_early_absent_by_week(org, month):
    data = chart(org.director, "attendance-anomalies")
    late, early, absent = (s["data"] for s in data["series"])
    assert [s["name"] for s in data["series"]] == ["迟到", "早退", "旷工"]
    assert (late[7], early[7], absent[7]) == (1, 0, 2)
    assert (late[8], early[8], absent[8]) == (0, 1, 0)
    assert absent[6] == 2 and sum(late) == 1 and sum(early) == 1 and sum(absent) == 4
    assert "status=absent" in data["series"][2]["links"][7]


def test_leave_days_by_type(org, month):
    data = chart(org.director, "leave-days")
    values = by_category(data)
    # Approved, starting in November; 病假 counts the 1.5 days actually taken.
    assert (values["事假"], values["病假"], values["年休假"]) == (1.0, 1.5, 1.0)
    assert sum(values.values()) == 3.5


def test_overtime_hours_by_section(org, month):
    data = chart(org.personnel, "overtime-hours")
    assert by_category(data, 0) == {"主任室": 0, "综合科": 5.5, "行政科": 0, "政工科": 0}
    assert by_category(data, 1) == {"主任室": 0, "综合科": 0, "行政科": 4.0, "政工科": 0}
    assert data["links"][0].startswith(reverse("leave:overtime_ledger"))


def test_findings_by_category_and_by_section(org, month):
    data = chart(org.director, "findings-category")
    assert data["categories"] == ["工作纪律", "作风效能", "形象修养", "“三公”消费"]
    # Confirmed, rectifying and closed count; recorded, dismissed and October do not.
    assert data["series"][0]["data"] == [5, 1, 0, 0]
    sections = by_category(chart(org.director, "findings-section"))
    assert sections == {"主任室": 0, "综合科": 4, "行政科": 2, "政工科": 0}


def test_a_findings_bar_opens_the_same_findings_in_the_list(org, month):
    data = chart(org.director, "findings-category")
    listed = login(org.director).get(data["links"][0])
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == data["series"][0]["data"][0]


def test_rectification_on_time_rate(org, month):
    data = chart(org.director, "rectification")
    # 综合科: on time, late, and one past its deadline still open: 1 of 3. 行政科: 1 of 1.
    assert by_category(data) == {"主任室": None, "综合科": 33.3, "行政科": 100.0, "政工科": None}


def test_selfcheck_completion_by_section(org, month):
    data = chart(org.director, "selfcheck")
    # 综合科: 刘职员 submitted, 张科长 a draft; 行政科: 杨职员 of three.
    assert by_category(data) == {"主任室": 0.0, "综合科": 50.0, "行政科": 33.3, "政工科": 0.0}
    assert "第一轮自查" in data["note"]
    assert data["links"][1].endswith(f"/completion/?section={org.section.pk}")


def test_selfcheck_without_a_campaign_says_so(org):
    data = chart(org.director, "selfcheck")
    assert data["categories"] == [] and "没有自查自纠" in data["note"]


# --- who sees what ----------------------------------------------------------------------------


def test_a_chief_sees_their_section_only(org, month):
    data = chart(org.chief, "attendance-rate")
    assert by_category(data) == {"综合科": 60.0}
    assert chart(org.chief, "findings-section")["categories"] == ["综合科"]
    # Findings by category count only their section's.
    assert chart(org.chief, "findings-category")["series"][0]["data"] == [3, 1, 0, 0]


def test_a_chief_asking_for_another_section_is_refused(org, month):
    url = reverse("chart_data", args=["attendance-rate"])
    client = login(org.chief)
    assert client.get(url, {"section": org.other_section.pk}).status_code == 403
    assert client.get(url, {"section": "x"}).status_code == 403
    assert client.get(url, {"section": org.section.pk}).status_code == 200


def test_a_deputy_sees_the_sections_they_supervise(org, month):
    assert chart(org.deputy, "attendance-rate")["categories"] == ["综合科"]
    assert chart(org.other_deputy, "attendance-rate")["categories"] == ["行政科", "政工科"]


def test_the_director_narrows_to_one_section(org, month):
    data = chart(org.director, "attendance-rate", section=org.other_section.pk)
    assert by_category(data) == {"行政科": 100.0}


@pytest.mark.parametrize("slug", sorted(CHARTS))
def test_staff_are_refused_every_chart(org, slug):
    assert login(org.staff).get(reverse("chart_data", args=[slug])).status_code == 403


def test_staff_are_refused_the_page_and_not_shown_the_link(org):
    client = login(org.staff)
    assert client.get(reverse("dashboard")).status_code == 403
    assert reverse("dashboard") not in client.get(reverse("home")).content.decode()


def test_personnel_see_no_findings_chart(org, month):
    """政工科 does not see findings (PRODUCT.md §3): not their numbers either, unless they lead
    a section (周政工 leads 政工科 in ``org``), and then only its own."""
    assert chart(org.personnel, "findings-section")["categories"] == ["政工科"]
    plain = StaffFactory(section=org.personnel_section)
    from office import roles
    from office.services import role_grant

    role_grant(staff=plain, role=roles.PERSONNEL, acting_user=None)
    url = reverse("chart_data", args=["findings-section"])
    assert login(plain).get(url).status_code == 403
    page = login(plain).get(reverse("dashboard")).content.decode()
    assert "attendance-rate" in page and "findings-section" not in page


def test_unknown_chart_is_404_and_post_is_405(org):
    client = login(org.director)
    assert client.get(reverse("chart_data", args=["nothing"])).status_code == 404
    assert client.post(reverse("chart_data", args=["attendance-rate"])).status_code == 405


def test_the_page_lists_every_chart_with_its_endpoint(org):
    page = login(org.director).get(reverse("dashboard"), {"month": "2026-11"}).content.decode()
    for slug in CHARTS:
        assert reverse("chart_data", args=[slug]) in page
    assert 'value="2026-11"' in page and "echarts.min.js" in page


# --- bounded queries --------------------------------------------------------------------------


def _queries(person, slug) -> int:
    client = login(person)
    client.get(reverse("home"))  # the session is saved once; not part of the count
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("chart_data", args=[slug]), {"month": "2026-11"}).status_code == 200
        )
    return len(queries)


@pytest.mark.parametrize("slug", sorted(CHARTS))
def test_query_count_does_not_grow_with_the_staff(org, month, slug):
    before = _queries(org.director, slug)
    for n in range(30):
        person = StaffFactory(section=org.other_section if n % 2 else org.section)
        day(person, D(2026, 11, 2), N, L)
        FindingFactory(staff=person, occurred_at=dt.datetime(2026, 11, 3, 9, tzinfo=SHANGHAI))
    # session, user, viewer (staff, groups, sections), MFA setting, the sections in scope and
    # the chart's own one or two GROUP BY queries.
    assert _queries(org.director, slug) == before <= 9


def test_rates_count_days_that_have_ended(org):
    """On Thursday 3 December at 10:00 the only rows of today are a leave stored ahead: the
    rates stop at yesterday, so this week reads Monday to Wednesday, not 0 %."""
    for date in (D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 2)):
        day(org.staff, date, N, N)
    day(org.chief, D(2026, 12, 3), LV, LV)  # today, stored when the leave was approved
    trend = chart(org.director, "attendance-trend", month="2026-12")
    assert trend["series"][0]["data"][-1] == 100.0
    rates = by_category(chart(org.director, "attendance-rate", month="2026-12"))
    assert rates["综合科"] == 100.0


# --- many sections: grouped by unit, capped, drilled into ------------------------------------


@pytest.fixture
def city(org):
    """A 市级领导, and 40 more sections cheaply: 20 in the demo unit (beside the org's 4, 24 in
    all) and 20 in 第二局 (every one of them at 100 % but 第二局's first, at 0 %), with one
    person each; the org's own sections keep the ``month`` numbers."""
    from django.contrib.auth import get_user_model

    from office import roles
    from office.models import Section, Staff, Unit
    from office.services import role_grant

    User = get_user_model()  # noqa: N806
    leader = StaffFactory(section=org.leadership, name="市领导")
    role_grant(staff=leader, role=roles.CITY_LEADER, acting_user=None)
    demo, second = org.section.unit, Unit.objects.create(name="第二局", short_name="二局", order=9)
    sections = Section.objects.bulk_create(
        [Section(unit=demo, name=f"一局{n:02d}科", order=10 + n) for n in range(20)]
        + [Section(unit=second, name=f"二局{n:02d}科", order=n) for n in range(20)]
    )
    users = User.objects.bulk_create([User(username=f"8{n:03d}") for n in range(40)])
    people = Staff.objects.bulk_create(
        Staff(user=u, section=s, staff_no=u.username, name=f"员{u.username}")
        for u, s in zip(users, sections, strict=True)
    )
    AttendanceDay.objects.bulk_create(
        AttendanceDay(
            staff=p,
            date=D(2026, 11, 2),
            computed_at=timezone.now(),
            am_status=A if p.section == sections[20] else N,
            pm_status=A if p.section == sections[20] else N,
        )  # fmt: skip
        for p in people
    )
    return leader, demo, second, sections


def test_over_twenty_sections_in_several_units_the_bars_are_the_units(org, month, city):
    leader, demo, second, _ = city
    data = chart(leader, "attendance-rate")
    assert data["categories"] == [demo.short_name, "二局"] and data["drill"] == [demo.pk, second.pk]
    # The demo unit: 综合科 6 of 10, 行政科 2 of 2, its 20 new people 40 of 40: 48 of 52 halves
    # (a unit's rate is its people's, not its sections' average). 第二局: 38 of 40.
    assert data["series"][0]["data"] == [92.3, 95.0]
    assert data["links"] == ["", ""] and data["shown"] is None and data["horizontal"] is True
    assert data["caption"] == "按单位汇总：共 2 个单位、44 个科室；点击单位查看其科室"
    hours = chart(leader, "overtime-hours")
    assert hours["series"][0]["data"] == [5.5, 0] and hours["series"][1]["data"] == [4.0, 0]
    assert chart(leader, "findings-section")["series"][0]["data"] == [6, 0]


def test_over_twenty_bars_the_chart_draws_the_worst_fifteen_and_the_json_keeps_every_row(
    org, month, city
):
    """The director's one unit has 24 sections: no unit to group by, so the chart draws the 15
    lowest (sections without a rate are not drawn) and the JSON still holds all 24."""
    data = chart(org.director, "attendance-rate")
    assert len(data["categories"]) == len(data["series"][0]["data"]) == len(data["links"]) == 24
    assert data["drill"] == []
    assert data["caption"] == "共 24 个科室，显示出勤率最低的 15 个"
    shown = [data["categories"][i] for i in data["shown"]]
    assert shown[:2] == ["综合科", "行政科"]  # 60 %, then 100 % in the office's order
    assert len(shown) == 15 and "主任室" not in shown and "政工科" not in shown
    most = chart(org.director, "findings-section")
    assert most["caption"] == "共 24 个科室，显示问题数最多的 15 个"
    assert [most["categories"][i] for i in most["shown"][:2]] == ["综合科", "行政科"]


def test_a_units_bar_drills_into_its_sections(org, month, city):
    leader, _, second, sections = city
    data = chart(leader, "attendance-rate", unit=second.pk)
    assert data["categories"] == [s.name for s in sections[20:]] and data["drill"] == []
    assert data["series"][0]["data"][:2] == [0.0, 100.0] and data["shown"] is None
    assert data["links"][0].endswith(f"section={sections[20].pk}")


def test_a_unit_outside_the_scope_is_refused(org, month, city):
    _, demo, second, _ = city
    url = reverse("chart_data", args=["attendance-rate"])
    director = login(org.director)
    assert director.get(url, {"unit": second.pk}).status_code == 403
    assert director.get(url, {"unit": "x"}).status_code == 403
    assert director.get(url, {"unit": demo.pk}).status_code == 200
    chief = login(org.chief)
    assert chief.get(url, {"unit": second.pk}).status_code == 403
    assert chief.get(url, {"unit": demo.pk}).json()["categories"] == ["综合科"]


# Per chart, as the 市级领导: session, user, viewer (staff, groups, sections), MFA setting, the
# sections in scope (one query with their units), then the chart's own: one GROUP BY, or two for
# the leave types / the checklist's categories / the self-inspection campaign.
CITY_QUERIES = {
    "attendance-rate": 7,
    "attendance-trend": 7,
    "attendance-anomalies": 7,
    "leave-days": 8,
    "overtime-hours": 7,
    "findings-category": 8,
    "findings-section": 7,
    "rectification": 7,
    "selfcheck": 8,
}


@pytest.mark.parametrize("slug", sorted(CHARTS))
def test_the_city_leaders_queries_do_not_grow_with_sections_or_units(org, month, city, slug):
    leader, _, second, _ = city
    assert _queries(leader, slug) == CITY_QUERIES[slug]
    client = login(leader)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        drilled = client.get(
            reverse("chart_data", args=[slug]), {"month": "2026-11", "unit": second.pk}
        )
    assert drilled.status_code == 200 and len(queries) == CITY_QUERIES[slug]


def test_the_city_leaders_section_picker_groups_sections_by_unit(org, city):
    leader, demo, _, _ = city
    page = login(leader).get(reverse("dashboard")).content.decode()
    assert f'<optgroup label="{demo.short_name}">' in page and '<optgroup label="二局">' in page
    assert "<optgroup" not in login(org.director).get(reverse("dashboard")).content.decode()


def test_over_twenty_units_the_chart_draws_the_fifteen_worst_units(org, month, city):
    """22 more units of one section each (none with stored days): 24 units, the two with a
    rate drawn, worst first, and every unit in the JSON to drill into."""
    from office.models import Section, Unit

    leader, demo, second, _ = city
    units = Unit.objects.bulk_create(
        Unit(name=f"第{n}委", short_name=f"{n}委", order=20 + n) for n in range(22)
    )
    Section.objects.bulk_create(Section(unit=u, name=f"{u.short_name}办", order=0) for u in units)
    data = chart(leader, "attendance-rate")
    assert len(data["categories"]) == len(data["drill"]) == 24
    assert data["drill"][:2] == [demo.pk, second.pk]
    assert [data["categories"][i] for i in data["shown"]] == [demo.short_name, "二局"]
    assert data["caption"] == "共 24 个单位，显示出勤率最低的 2 个；点击单位查看其科室"
    most = chart(leader, "findings-section")
    assert len(most["shown"]) == 15 and most["shown"][0] == 0  # the demo unit's 6 first
