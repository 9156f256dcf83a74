"""The board of a viewer of many sections: a summary line per section, names one section at a
time or by search (a city office's whole list was 2 MB of HTML, issue 19)."""

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse

from attendance.covers import PROVIDERS
from attendance.models import ClockRecord
from leave.models import LeaveRequest
from tests.attendance.conftest import MONDAY, at
from tests.attendance.test_views import BOARD_QUERIES
from tests.conftest import login


@pytest.fixture
def many_sections(monkeypatch):
    monkeypatch.setattr("attendance.views.grids.BOARD_OPEN_SECTIONS", 1)


def test_director_sees_counts_per_section_and_no_names(org, frozen, many_sections):
    frozen(at(MONDAY, 9, 0))
    ClockRecord.objects.create(staff=org.chief, date=MONDAY, point="am_in", at=at(MONDAY, 8, 20))
    text = login(org.director).get(reverse("attendance:board")).text
    assert "综合科" in text and "展开名单" in text
    assert "刘职员" not in text and "张科长" not in text
    row = text[text.index(f'id="board-section-{org.section.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "在岗 1" in row and "未打卡 1" in row


def test_expanding_a_section_lists_its_people_only(org, frozen, many_sections):
    frozen(at(MONDAY, 9, 0))
    response = login(org.director).get(
        reverse("attendance:board"), {"section": org.section.pk}, HTTP_HX_REQUEST="true"
    )
    assert "刘职员" in response.text and "张科长" in response.text
    assert "杨职员" not in response.text
    assert f"section={org.section.pk}" in response.text  # the poll keeps the section open


def test_search_by_name_finds_people_in_any_section(org, frozen, many_sections):
    frozen(at(MONDAY, 9, 0))
    text = login(org.director).get(reverse("attendance:board"), {"q": "杨"}).text
    assert "杨职员" in text and "刘职员" not in text
    text = login(org.director).get(reverse("attendance:board"), {"q": "无此人"}).text
    assert "没有找到姓名含“无此人”的人员" in text


def test_chief_sees_names_at_once(org, frozen, many_sections):
    """A chief watches one section: the board lists it in full."""
    frozen(at(MONDAY, 9, 0))
    text = login(org.chief).get(reverse("attendance:board")).text
    assert "刘职员" in text


# The opened section's list: its section, people, today's clocks, one per cover provider and
# its outings under way, on top of the summary's counts.
OPENED = 4 + len(PROVIDERS)


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({}, BOARD_QUERIES),
        ({"section": "org.section"}, BOARD_QUERIES + OPENED),
        ({"q": "职员"}, BOARD_QUERIES),
    ],
)
def test_summary_expanded_and_search_take_the_board_queries(
    org, frozen, many_sections, django_assert_num_queries, params, queries
):
    frozen(at(MONDAY, 10, 0))
    if "section" in params:  # a real section's id (ids differ between databases)
        params = {"section": str(org.section.pk)}
    client = login(org.director)
    client.get(reverse("home"))
    with django_assert_num_queries(queries):
        response = client.get(reverse("attendance:board"), params)
    assert response.status_code == 200
    if "section" in params:
        assert org.staff.name in response.content.decode()  # the section was opened


def _mixed_office(org, frozen) -> None:
    """People in every state: in, off, on leave (morning only for some), out on an outing,
    back from one, a tap held for the chief (待认定), not yet in, and some who left; in two
    sections."""
    from attendance.models import DeviceChangeRequest, HeldClock, OutingRequest
    from attendance.services.requests import outing_create
    from leave.models import LeaveType
    from office.approvals.models import ApprovalStatus
    from office.approvals.services import approval_decide
    from office.models import Staff
    from tests.factories import StaffFactory

    annual = LeaveType.objects.get(code="annual")
    frozen(at(MONDAY, 8, 0))
    people = StaffFactory.create_batch(14, section=org.section)
    people += StaffFactory.create_batch(10, section=org.other_section)
    for i, person in enumerate(people):
        kind = i % 7
        if kind in (0, 1):
            ClockRecord.objects.create(
                staff=person, date=MONDAY, point="am_in", at=at(MONDAY, 8, 9)
            )
        if kind == 1:
            ClockRecord.objects.create(
                staff=person, date=MONDAY, point="pm_out", at=at(MONDAY, 9, 5)
            )
        if kind == 2:
            LeaveRequest.objects.create(
                applicant=person,
                leave_type=annual,
                start_date=MONDAY,
                end_date=MONDAY + dt.timedelta(days=i % 3 * 5),
                end_half="am" if i % 2 else "pm",
                days=1,
                reason="年休假",
                status=ApprovalStatus.APPROVED,
            )
        if kind in (3, 4):
            outing = outing_create(
                acting_user=person.user,
                destination="市财政局",
                reason="送材料",
                start=at(MONDAY, 8, 30),
                expected_return=at(MONDAY, 16, 0),
            )
            chief = org.chief if person.section_id == org.section.pk else org.other_chief
            approval_decide(request_obj=outing, acting_user=chief.user, approve=True)
            if kind == 4:
                # Back at 9:00 (set directly: the service refuses a return before "now").
                OutingRequest.objects.filter(pk=outing.pk).update(returned_at=at(MONDAY, 9, 0))
        if kind == 5 and i % 2:
            change = DeviceChangeRequest.objects.create(
                applicant=person, device_id=f"{i:032d}", label="安卓 · 微信"
            )
            HeldClock.objects.create(
                change=change, date=MONDAY, point="am_in", at=at(MONDAY, 8, 15)
            )
        if kind == 6:
            Staff.objects.filter(pk=person.pk).update(status=Staff.Status.LEFT)


@pytest.mark.parametrize(
    "moment",
    [at(MONDAY, 10, 0), at(MONDAY, 15, 0), at(MONDAY + dt.timedelta(days=5), 10, 0)],
    ids=["morning", "afternoon", "saturday"],
)
def test_summary_counts_equal_counting_everyones_whereabouts(org, frozen, moment):
    from attendance import selectors
    from office.org import viewer_for

    _mixed_office(org, frozen)
    frozen(moment)
    viewer = viewer_for(org.director.user)
    expected = [
        (section, dict(Counter(w.state for w in people)))
        for section, people in selectors.board(viewer, moment)
    ]
    assert selectors.board_counts(viewer, moment) == expected
    states = {state for _, counts in expected for state in counts}
    # Leave covers working days only: on Saturday everyone rests.
    working = {"in", "off", "leave", "outing", "held", "absent"}
    assert states >= ({"rest"} if moment.weekday() == 5 else working)


def test_summary_queries_do_not_grow_with_the_people_excused(
    org, frozen, django_assert_num_queries
):
    from attendance import selectors
    from office.org import viewer_for

    _mixed_office(org, frozen)
    frozen(at(MONDAY, 10, 0))
    viewer = viewer_for(org.director.user)
    selectors.board_counts(viewer, at(MONDAY, 10, 0))  # the schedules and calendar, cached
    # Sections, one per cover provider, outings under way, the excused people's sections,
    # everyone else counted by section and last clock point.
    with django_assert_num_queries(4 + len(PROVIDERS)):
        selectors.board_counts(viewer, at(MONDAY, 10, 0))
