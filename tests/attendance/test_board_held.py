"""A tap held for the chief (待认定, from a device not yet approved) puts the person on the 去向
board as 打卡待确认, not 未打卡: they did tap, the chief has yet to say it counts."""

import pytest
from django.urls import reverse

from attendance import selectors
from attendance.models import ClockRecord
from office.approvals.services import approval_decide
from office.org import viewer_for
from tests.attendance.conftest import MONDAY, at
from tests.attendance.proofs import require_proofs
from tests.attendance.test_clock_device import OTHER_PHONE, tap
from tests.conftest import login


@pytest.fixture
def held_at_nine(org, frozen, django_capture_on_commit_callbacks):
    """刘职员 bound a phone last week; this morning they tap from another one: held."""
    frozen(at(MONDAY, 8, 50))
    require_proofs(
        [org.section, org.other_section], django_capture_on_commit_callbacks, device=True
    )
    tap(org.staff, "a" * 32, at(MONDAY, 8, 50))
    ClockRecord.objects.all().delete()  # the binding tap was last week's: today none counts yet
    frozen(at(MONDAY, 9, 0))
    result = tap(org.staff, "b" * 32, at(MONDAY, 9, 0), agent=OTHER_PHONE)
    assert result.record is None
    frozen(at(MONDAY, 9, 30))
    return result


def states(org, moment):
    viewer = viewer_for(org.director.user)
    listed = {
        w.staff.name: (w.state, w.label)
        for _, people in selectors.board(viewer, moment)
        for w in people
    }
    return listed, dict(selectors.board_counts(viewer, moment))


def test_a_held_tap_shows_as_awaiting_the_chief_in_the_list_and_the_counts(org, held_at_nine):
    listed, counts = states(org, at(MONDAY, 9, 30))
    assert listed["刘职员"] == ("held", "打卡待确认")
    assert listed["张科长"] == ("absent", "未打卡")
    assert counts[org.section] == {"held": 1, "absent": 1}


def test_a_clock_record_after_the_held_tap_decides_again(org, held_at_nine, frozen):
    # Back on the bound phone at noon: the last tap is a record, so the board follows it.
    frozen(at(MONDAY, 12, 1))
    tap(org.staff, "a" * 32, at(MONDAY, 12, 1))
    listed, counts = states(org, at(MONDAY, 12, 5))
    assert listed["刘职员"][0] == "in"
    assert counts[org.section] == {"in": 1, "absent": 1}


def test_an_approved_change_makes_the_tap_a_record(org, held_at_nine):
    change = held_at_nine_change(org)
    approval_decide(request_obj=change, acting_user=org.chief.user, approve=True)
    listed, counts = states(org, at(MONDAY, 9, 30))
    assert listed["刘职员"][0] == "in" and counts[org.section]["in"] == 1


def test_a_rejected_change_leaves_the_person_not_in(org, held_at_nine):
    change = held_at_nine_change(org)
    approval_decide(
        request_obj=change, acting_user=org.chief.user, approve=False, comment="不是本人"
    )
    listed, counts = states(org, at(MONDAY, 9, 30))
    assert listed["刘职员"][0] == "absent" and counts[org.section] == {"absent": 2}


def test_yesterdays_held_tap_does_not_count_today(org, held_at_nine, frozen):
    import datetime as dt

    tuesday = MONDAY + dt.timedelta(days=1)
    frozen(at(tuesday, 9, 30))
    listed, counts = states(org, at(tuesday, 9, 30))
    assert listed["刘职员"][0] == "absent" and counts[org.section] == {"absent": 2}


def test_the_board_page_shows_and_counts_it(org, held_at_nine):
    text = login(org.chief).get(reverse("attendance:board")).text
    assert "打卡待确认 1" in text and "wb-held" in text


def held_at_nine_change(org):
    from attendance.models import DeviceChangeRequest

    return DeviceChangeRequest.objects.get(applicant=org.staff)
