"""Bad input at the edges of the attendance pages: never a 500; delegates can open what they decide."""

import pytest
from django.urls import reverse

from attendance.services.requests import outing_create
from office.approvals.services import delegation_create
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login


@pytest.mark.parametrize(
    ("month", "shown"),
    [
        ("9999-12", "2026年11月"),
        ("0001-01", "2026年11月"),
        ("abc", "2026年11月"),
        ("2026-13", "2026年11月"),
        ("2026-3", "2026年3月"),  # a real month is shown as asked, so the fallback is seen
    ],
)
def test_a_month_out_of_range_shows_the_current_month(org, frozen, month, shown):
    frozen(at(MONDAY, 9, 0))
    response = login(org.staff).get(reverse("attendance:my_month"), {"month": month})
    assert response.status_code == 200
    assert f'month-current">{shown}</span>' in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_calendar_day_out_of_range_is_404(org, frozen, day):
    frozen(at(MONDAY, 9, 0))
    response = login(org.personnel).post(
        reverse("attendance:calendar_day", args=[day]), {"kind": "holiday"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("year", ["0", "1800", "99999999999999999999"])
def test_loading_the_package_for_an_unsupported_year_is_refused(org, frozen, year):
    frozen(at(MONDAY, 9, 0))
    client = login(org.personnel)
    response = client.post(reverse("attendance:calendar_package"), {"year": year}, follow=True)
    assert "请填写2000至2100之间的年份" in response.content.decode()


def test_a_delegate_can_open_the_outing_they_are_to_decide(org, frozen):
    frozen(at(MONDAY, 9, 0))
    outing = outing_create(
        acting_user=org.staff.user,
        destination="市档案馆",
        reason="查档",
        start=at(MONDAY, 9, 0),
        expected_return=at(MONDAY, 11, 0),
    )
    url = reverse("attendance:request_detail", args=["outing", outing.pk])
    assert login(org.other_staff).get(url).status_code == 404
    delegation_create(
        delegator=org.chief, delegate=org.other_staff, start=MONDAY, end=MONDAY, acting_user=None
    )
    assert login(org.other_staff).get(url).status_code == 200


def test_a_second_identical_outing_is_refused(org, frozen):
    from attendance.errors import AttendanceError
    from attendance.models import OutingRequest

    frozen(at(MONDAY, 9, 0))
    details = {
        "acting_user": org.staff.user,
        "destination": "市档案馆",
        "reason": "查档",
        "start": at(MONDAY, 9, 0),
        "expected_return": at(MONDAY, 11, 0),
    }
    outing_create(**details)
    with pytest.raises(AttendanceError, match="无需重复提交"):
        outing_create(**details)
    assert OutingRequest.objects.count() == 1
