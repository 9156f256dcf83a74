"""委托代批, the leave calendar, 政工科 balances and the overtime pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from leave.models import OvertimeRequest
from leave.services import balance_get, overtime_request_create
from office.approvals.models import Delegation
from office.approvals.services import approval_decide
from tests.conftest import login
from tests.factories import StaffFactory

D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

pytestmark = pytest.mark.usefixtures("frozen")


def text(response) -> str:
    return response.content.decode()


# --- delegations ----------------------------------------------------------------------------


def test_chief_names_and_revokes_a_delegate(org):
    client = login(org.chief)
    response = client.post(
        reverse("leave:delegations"),
        {"delegate": org.other_chief.staff_no, "start": "2026-11-02", "end": "2026-11-06"},
    )
    delegation = Delegation.objects.get()
    assert response.status_code == 302 and delegation.delegate == org.other_chief
    assert "陈科长" in text(client.get(reverse("leave:delegations")))
    client.post(reverse("leave:delegation_revoke", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None


def test_delegation_dates_in_wrong_order_show_the_reason(org):
    response = login(org.chief).post(
        reverse("leave:delegations"),
        {"delegate": org.other_chief.staff_no, "start": "2026-11-06", "end": "2026-11-02"},
    )
    assert "结束日期不能早于开始日期" in text(response)
    assert not Delegation.objects.exists()


def test_staff_cannot_delegate(org):
    assert login(org.staff).get(reverse("leave:delegations")).status_code == 403


def test_someone_elses_delegation_cannot_be_revoked(org):
    delegation = Delegation.objects.create(
        delegator=org.chief, delegate=org.other_chief, start=D(2026, 11, 2), end=D(2026, 11, 6)
    )
    assert (
        login(org.other_chief)
        .post(reverse("leave:delegation_revoke", args=[delegation.pk]))
        .status_code
        == 404
    )
    assert (
        login(org.chief).get(reverse("leave:delegation_revoke", args=[delegation.pk])).status_code
        == 405
    )


# --- calendar -------------------------------------------------------------------------------


def test_chief_sees_who_is_out_in_the_section(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 4), end_half="am")
    for person in (org.chief, org.deputy):
        approval_decide(request_obj=leave, acting_user=person.user, approve=True)
    page = text(login(org.chief).get(reverse("leave:calendar"), {"month": "2026-11"}))
    assert "2026年11月 · 综合科" in page
    assert 'title="事假"' in page and 'title="事假（上午）"' in page
    assert "行政科" not in page


def test_calendar_shows_pending_leave_marked_and_filters_it(org, request_leave):
    request_leave(org.staff, D(2026, 11, 5))  # waiting for the chief: 审批中
    approved = request_leave(org.chief, D(2026, 11, 6))
    for person in (org.deputy, org.director):
        approval_decide(request_obj=approved, acting_user=person.user, approve=True)
    client = login(org.chief)
    url = reverse("leave:calendar")
    page = text(client.get(url, {"month": "2026-11"}))
    pending_cell = page.split("<td>刘职员</td>")[1].split("</tr>")[0]
    assert 'class="out pending" title="事假（审批中）">事假<sup>审</sup>' in pending_cell
    assert (
        'class="out" title="事假">事假</td>' in page.split("<td>张科长</td>")[1].split("</tr>")[0]
    )
    assert "斜纹格带“审”字为审批中的请假" in page
    only_pending = text(client.get(url, {"month": "2026-11", "show": "pending"}))
    assert "事假（审批中）" in only_pending and 'title="事假"' not in only_pending
    only_approved = text(client.get(url, {"month": "2026-11", "show": "approved"}))
    assert "审批中）" not in only_approved and 'title="事假"' in only_approved
    assert 'aria-current="true" href="?section=' in only_approved
    # An unknown filter shows both; the month links keep the filter.
    assert "事假（审批中）" in text(client.get(url, {"month": "2026-11", "show": "x"}))
    assert "&show=pending" in only_pending.split("‹ 上月")[0]


def test_calendar_leaves_out_rejected_and_withdrawn_leave(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 5))
    approval_decide(request_obj=leave, acting_user=org.chief.user, approve=False, comment="工作忙")
    page = text(login(org.chief).get(reverse("leave:calendar"), {"month": "2026-11"}))
    assert "事假" not in page.split("<td>刘职员</td>")[1].split("</tr>")[0]


def test_chief_cannot_open_another_section(org):
    page = text(login(org.chief).get(reverse("leave:calendar"), {"section": org.other_section.pk}))
    assert "· 综合科" in page


def test_director_may_choose_any_section(org):
    page = text(
        login(org.director).get(reverse("leave:calendar"), {"section": org.other_section.pk})
    )
    assert "· 行政科" in page


def test_deputy_sees_the_calendar_of_supervised_sections_only(org):
    client = login(org.deputy)
    assert "· 综合科" in text(client.get(reverse("leave:calendar")))
    page = text(client.get(reverse("leave:calendar"), {"section": org.other_section.pk}))
    assert "· 综合科" in page and f'<option value="{org.other_section.pk}"' not in page


def test_staff_cannot_open_the_calendar(org):
    assert login(org.staff).get(reverse("leave:calendar")).status_code == 403
    assert login(org.chief).post(reverse("leave:calendar")).status_code == 405


@pytest.mark.parametrize("extra", [1, 6])
def test_calendar_query_count_does_not_grow(org, request_leave, django_assert_num_queries, extra):
    for _ in range(extra):
        person = StaffFactory(section=org.section)
        leave = request_leave(person, D(2026, 11, 3))
        approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True)
        request_leave(person, D(2026, 11, 10))  # pending ones come in the same query
    client = login(org.chief)
    client.get(reverse("leave:calendar"))
    # session, user, viewer (staff, sections, groups), sections, people, leave rows, unread
    # count, badge (the calendar is cached by the first visit).
    with django_assert_num_queries(10):
        client.get(reverse("leave:calendar"), {"month": "2026-11"})


# --- balances -------------------------------------------------------------------------------


def test_personnel_see_everyones_balance(org):
    page = text(login(org.personnel).get(reverse("leave:balances"), {"year": 2026}))
    assert "2026年假期余额" in page and "刘职员" in page and "杨职员" in page


@pytest.mark.parametrize("who", ["chief", "staff", "director"])
def test_others_cannot_see_balances(org, who):
    assert login(getattr(org, who)).get(reverse("leave:balances")).status_code == 403


def test_personnel_adjust_with_a_reason(org, types):
    response = login(org.personnel).post(
        reverse("leave:balance_adjust"),
        {
            "staff": org.staff.pk,
            "leave_type": types["annual"].pk,
            "days": "2",
            "reason": "援疆补休",
            "year": "2026",
        },
    )
    assert response.status_code == 302 and response.url.endswith("?year=2026")
    assert balance_get(staff=org.staff, leave_type=types["annual"], year=2026).entitled == 12


def test_adjust_by_a_chief_is_refused(org, types):
    response = login(org.chief).post(
        reverse("leave:balance_adjust"),
        {
            "staff": org.staff.pk,
            "leave_type": types["annual"].pk,
            "days": "2",
            "reason": "x",
            "year": "2026",
        },
    )
    assert response.status_code == 403


@pytest.mark.parametrize("extra", [0, 8])
def test_balances_query_count_does_not_grow(org, django_assert_num_queries, extra):
    StaffFactory.create_batch(extra, section=org.other_section)
    client = login(org.personnel)
    client.get(reverse("leave:balances"))
    # session, user, viewer (staff, sections, groups), count, people page, balance types,
    # stored balances, days pending, unread count, badge (settings are cached by the first
    # visit).
    with django_assert_num_queries(12):
        client.get(reverse("leave:balances"), {"year": 2026})


# --- overtime -------------------------------------------------------------------------------


def post_overtime(client, people):
    return client.post(
        reverse("leave:overtime_new"),
        {
            "date": "2026-11-07",
            "start_time": "09:00",
            "end_time": "12:00",
            "reason": "迎检准备",
            "people": people,
        },
    )


def test_overtime_journey_through_the_pages(org, frozen):
    response = post_overtime(login(org.staff), [org.staff.pk])
    overtime = OvertimeRequest.objects.get()
    assert response.url == overtime.get_absolute_url()
    step = overtime.approval_steps.get()
    login(org.chief).post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"})
    frozen.move_to(dt.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI))
    login(org.staff).post(
        reverse("leave:overtime_record", args=[overtime.pk]), {f"hours_{org.staff.pk}": "2.5"}
    )
    assert (
        login(org.chief).post(reverse("leave:overtime_verify", args=[overtime.pk])).status_code
        == 403
    )
    page = text(login(org.personnel).get(reverse("leave:overtime_ledger"), {"month": "2026-11"}))
    assert "待政工科核实" in page and "刘职员 3.0/2.5/—" in page
    login(org.personnel).post(
        reverse("leave:overtime_verify", args=[overtime.pk]), {"next": "ledger"}
    )
    overtime.refresh_from_db()
    assert overtime.verified_at is not None and overtime.entries.get().verified_hours == Decimal(
        "2.5"
    )


def test_overtime_for_another_section_is_refused_by_the_form(org):
    response = post_overtime(login(org.staff), [org.other_staff.pk])
    assert response.status_code == 200 and not OvertimeRequest.objects.exists()


def test_overtime_detail_outsider_is_404(org):
    overtime = overtime_request_create(
        acting_user=org.staff.user,
        date=D(2026, 11, 7),
        start_time=dt.time(9),
        end_time=dt.time(12),
        reason="x",
        people=[org.staff],
    )
    assert login(org.chief).get(overtime.get_absolute_url()).status_code == 200
    assert login(org.personnel).get(overtime.get_absolute_url()).status_code == 200
    assert login(org.other_staff).get(overtime.get_absolute_url()).status_code == 404
    assert login(org.staff).post(overtime.get_absolute_url()).status_code == 405


def test_ledger_is_for_personnel_only(org):
    assert login(org.chief).get(reverse("leave:overtime_ledger")).status_code == 403


def test_home_panel_shows_balance_and_waiting(org, request_leave):
    request_leave(org.staff, D(2026, 11, 3))
    assert "2026年年休假</div>" in text(login(org.staff).get("/"))
    assert "待我审批" in text(login(org.chief).get("/"))


@pytest.mark.parametrize("count", [1, 4])
def test_ledger_query_count_does_not_grow(org, frozen, django_assert_num_queries, count):
    for day in range(count):
        overtime = overtime_request_create(
            acting_user=org.staff.user,
            date=D(2026, 11, 7 + day),
            start_time=dt.time(9),
            end_time=dt.time(12),
            reason="迎检准备",
            people=[org.staff, org.chief],
        )
        approval_decide(request_obj=overtime, acting_user=org.chief.user, approve=True)
    client = login(org.personnel)
    client.get(reverse("leave:overtime_ledger"))
    # session, user, viewer (staff, sections, groups), overtime with section and applicant,
    # entries, their staff (two prefetch queries), unread count, badge.
    with django_assert_num_queries(10):
        response = client.get(reverse("leave:overtime_ledger"), {"month": "2026-11"})
    assert text(response).count("迎检准备") == 0 and text(response).count("张科长") == count
