"""Every leave URL answers the wrong HTTP method with 405, never 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login

GET_ONLY = [
    ("leave:mine", []),
    ("leave:preview", []),
    ("leave:detail", [1]),
    ("leave:attachment", [1]),
    ("approvals:inbox", []),
    ("leave:calendar", []),
    ("leave:balances", []),
    ("leave:overtime_detail", [1]),
    ("leave:overtime_ledger", []),
]
POST_ONLY = [
    ("leave:report_back", [1]),
    ("approvals:withdraw", ["leave", 1]),
    ("approvals:cancel", ["overtime", 1]),
    ("approvals:decide", [1]),
    ("approvals:bulk_approve", []),
    ("leave:delegation_revoke", [1]),
    ("leave:balance_adjust", []),
    ("leave:overtime_record", [1]),
    ("leave:overtime_verify", [1]),
]


@pytest.mark.parametrize(("name", "args"), GET_ONLY)
def test_get_only_pages_refuse_post(org, name, args):
    assert login(org.personnel).post(reverse(name, args=args)).status_code == 405


@pytest.mark.parametrize(("name", "args"), POST_ONLY)
def test_actions_refuse_get(org, name, args):
    assert login(org.personnel).get(reverse(name, args=args)).status_code == 405


@pytest.mark.parametrize("name", ["leave:new", "leave:delegations", "leave:overtime_new"])
def test_forms_refuse_put(org, name):
    assert login(org.chief).put(reverse(name)).status_code == 405


@pytest.mark.parametrize(
    ("name", "args"),
    [("leave:detail", [999]), ("leave:overtime_detail", [999]), ("leave:report_back", [999])],
)
def test_missing_objects_are_404(org, name, args):
    client = login(org.staff)
    response = (
        client.get(reverse(name, args=args))
        if name != "leave:report_back"
        else client.post(reverse(name, args=args))
    )
    assert response.status_code == 404


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "abc", "", "2026-03"])
def test_odd_months_fall_back_to_this_month(org, month):
    today = timezone.localdate()
    shown = "2026年3月" if month == "2026-03" else f"{today.year}年{today.month}月"
    client = login(org.personnel)
    calendar = client.get(reverse("leave:calendar"), {"month": month})
    assert calendar.status_code == 200
    assert f"<strong>{shown} · " in calendar.content.decode()
    ledger = client.get(reverse("leave:overtime_ledger"), {"month": month})
    assert ledger.status_code == 200
    assert f"{shown}加班台账</h1>" in ledger.content.decode()


@pytest.mark.parametrize("year", ["99999", "-1", "x"])
def test_odd_years_fall_back_to_this_year(org, year):
    assert (
        "2026年假期余额"
        in login(org.personnel).get(reverse("leave:balances"), {"year": year}).content.decode()
    )
