"""The 考勤封帐 and 更正申请 pages: who may open them, what they do, and their query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from attendance.models import CorrectionRequest, DayStatus, MonthClose
from attendance.services.closing import LineInput, correction_create
from attendance.services.requests import makeup_create
from tests.attendance.conftest import at, close_month
from tests.attendance.test_month_close import DEC_WED, NOV_FRI, NOV_THU, settle_november
from tests.conftest import login
from tests.factories import StaffFactory, UserFactory, unit_with_roles


def month_url(org, name="attendance:close_month", year=2026, month=11):
    return reverse(name, args=[org.section.unit_id, year, month])


def test_personnel_sees_the_pre_close_check_with_counts_and_links(org, frozen):
    frozen(at(NOV_FRI, 10, 0))
    makeup_create(
        acting_user=org.staff.user,
        date=NOV_THU,
        point="am_in",
        claimed_time=dt.time(8, 25),
        reason="门禁故障",
    )
    frozen(at(DEC_WED, 10, 0))
    page = login(org.personnel).get(month_url(org))
    assert page.status_code == 200
    text = page.content.decode()
    assert "封帐前检查" in text and "补卡申请未审批" in text
    assert f'href="{reverse("approvals:inbox")}">1 项' in text
    assert "我已知晓以上未办结事项，仍要封帐" in text


@pytest.mark.parametrize("who", ["staff", "chief", "director", "inspector"])
def test_other_roles_cannot_open_the_close_pages(org, frozen, who):
    frozen(at(DEC_WED, 10, 0))
    client = login(getattr(org, who))
    assert client.get(reverse("attendance:close_index")).status_code == 403
    assert client.get(month_url(org)).status_code == 404
    assert client.post(month_url(org, "attendance:close_month_do")).status_code == 404
    assert not MonthClose.objects.exists()


def test_another_units_personnel_gets_404_for_this_unit(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    other = login(unit_with_roles().personnel)
    assert other.get(month_url(org)).status_code == 404
    assert other.post(month_url(org, "attendance:close_month_do")).status_code == 404
    # Their own index shows their own unit, never this one.
    index = other.get(reverse("attendance:close_index"), {"unit": org.section.unit_id})
    assert index.status_code == 200
    assert org.section.unit.name not in index.content.decode()
    close = close_month(org)
    assert other.post(reverse("attendance:reopen_month", args=[close.pk])).status_code == 404


def test_the_city_admin_picks_any_unit(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    other = unit_with_roles()
    admin = login(UserFactory(is_superuser=True, is_staff=True))
    page = admin.get(reverse("attendance:close_index"), {"unit": other.unit.pk})
    assert page.status_code == 200
    assert other.unit.name in page.content.decode()
    assert admin.get(month_url(org)).status_code == 200


def test_close_needs_the_confirmation_when_items_are_open(org, frozen):
    frozen(at(NOV_FRI, 10, 0))
    makeup_create(
        acting_user=org.staff.user,
        date=NOV_THU,
        point="am_in",
        claimed_time=dt.time(8, 25),
        reason="门禁故障",
    )
    frozen(at(DEC_WED, 10, 0))
    client = login(org.personnel)
    response = client.post(month_url(org, "attendance:close_month_do"), follow=True)
    assert "请勾选确认" in response.content.decode()
    assert not MonthClose.objects.exists()
    response = client.post(
        month_url(org, "attendance:close_month_do"), {"confirm_open": "on"}, follow=True
    )
    assert "2026年11月考勤已封帐" in response.content.decode()
    assert MonthClose.objects.get().open_items == "补卡申请未审批1项"


def test_reopen_through_the_page_requires_a_reason(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    close = close_month(org)
    client = login(org.personnel)
    url = reverse("attendance:reopen_month", args=[close.pk])
    client.post(url, {"reason": ""})
    close.refresh_from_db()
    assert close.in_force
    response = client.post(url, {"reason": "补录病假证明"}, follow=True)
    assert "已重新开帐" in response.content.decode()
    close.refresh_from_db()
    assert close.reopen_reason == "补录病假证明"


def test_close_and_reopen_are_post_only(org, frozen):
    frozen(at(DEC_WED, 10, 0))
    client = login(org.personnel)
    assert client.get(month_url(org, "attendance:close_month_do")).status_code == 405
    assert client.get(reverse("attendance:reopen_month", args=[1])).status_code == 405
    assert client.post(reverse("attendance:close_index")).status_code == 405


# Every page: the session, the user, the viewer (Staff, groups, sections), and the layout's
# two badges (unread notifications, 待我审批); plus the settings, which a test reads from the
# database after a close: the close changed reference data (office.refdata) in the test's
# transaction, which never commits, so the cache is not trusted for the rest of the test.
PAGE = 2 + 3 + 2 + 1


@pytest.mark.parametrize("extra", [1, 8])
def test_close_page_queries_do_not_grow(org, frozen, django_assert_num_queries, extra):
    settle_november(org, frozen)
    for _ in range(extra):
        StaffFactory(section=org.section)
    close_month(org)
    client = login(org.personnel)
    client.get(reverse("home"))
    # the unit; the month's closes; one query counting every kind of open item (leave,
    # overtime, 补卡, 外出, 销假, 未到, 更正).
    with django_assert_num_queries(PAGE + 1 + 1 + 1):
        response = client.get(month_url(org))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_correction_list_queries_do_not_grow(org, frozen, django_assert_num_queries, count):
    settle_november(org, frozen)
    close_month(org)
    for _ in range(count):
        correction_create(
            staff=org.staff,
            reason="漏报公出",
            lines=[LineInput(NOV_FRI, "am", DayStatus.TRIP)],
            acting_user=org.staff.user,
        )
    client = login(org.personnel)
    client.get(reverse("home"))
    # the count; the page (with both people and the section); the lines of the page.
    with django_assert_num_queries(PAGE + 3):
        response = client.get(reverse("attendance:corrections"), {"scope": "unit"})
    assert response.status_code == 200
    assert response.content.decode().count("漏报公出") == count


def test_correction_filed_through_the_page_and_approved_on_its_detail(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    client = login(org.staff)
    assert client.get(reverse("attendance:correction_new")).status_code == 200
    response = client.post(
        reverse("attendance:correction_new"),
        {
            "staff": "",
            "reason": "当天在市档案馆查档，有登记",
            "line-TOTAL_FORMS": "2",
            "line-INITIAL_FORMS": "0",
            "line-0-date": "2026-11-27",
            "line-0-half": "day",
            "line-0-status": "trip",
            "line-1-date": "",
            "line-1-half": "am",
            "line-1-status": "",
        },
    )
    request_obj = CorrectionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request_obj.get_absolute_url()
    detail = login(org.personnel).get(request_obj.get_absolute_url())
    assert "同意" in detail.content.decode()
    step = request_obj.approval_steps.get()
    login(org.personnel).post(
        reverse("approvals:decide", args=[step.pk]), {"decision": "approve", "comment": ""}
    )
    request_obj.refresh_from_db()
    assert request_obj.is_approved and request_obj.applied_at is not None


def test_a_refused_correction_shows_the_chinese_reason(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    response = login(org.staff).post(
        reverse("attendance:correction_new"),
        {
            "reason": "补",
            "line-TOTAL_FORMS": "1",
            "line-INITIAL_FORMS": "0",
            "line-0-date": "2026-12-01",
            "line-0-half": "am",
            "line-0-status": "normal",
        },
    )
    assert response.status_code == 200
    assert "2026年12月尚未封帐" in response.content.decode()


def test_a_correction_is_404_for_outsiders_and_visible_to_its_people(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    request_obj = correction_create(
        staff=org.staff,
        reason="漏报公出",
        lines=[LineInput(NOV_FRI, "am", DayStatus.TRIP)],
        acting_user=org.staff.user,
    )
    url = request_obj.get_absolute_url()
    for person in (org.staff, org.chief, org.personnel, org.director):
        assert login(person).get(url).status_code == 200
    for person in (org.other_staff, org.other_chief, unit_with_roles().personnel):
        assert login(person).get(url).status_code == 404
    mine = login(org.other_staff).get(reverse("attendance:corrections"))
    assert "漏报公出" not in mine.content.decode()


def test_a_correction_waits_in_personnels_inbox(org, frozen):
    settle_november(org, frozen)
    close_month(org)
    request_obj = correction_create(
        staff=org.staff,
        reason="漏报公出",
        lines=[LineInput(NOV_FRI, "am", DayStatus.TRIP)],
        acting_user=org.staff.user,
    )
    inbox = login(org.personnel).get(reverse("approvals:inbox")).content.decode()
    assert "更正：刘职员，漏报公出" in inbox
    assert request_obj.get_absolute_url() in inbox
    assert "漏报公出" not in login(org.chief).get(reverse("approvals:inbox")).content.decode()
