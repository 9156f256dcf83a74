"""Every attendance page as the allowed role, a wrong role, an outsider, and the wrong method."""

import datetime as dt

import pytest
from django.urls import reverse

from attendance.covers import PROVIDERS
from attendance.models import AttendanceDay, ClockRecord, MakeUpRequest
from attendance.services import clock_in, day_close
from attendance.services.requests import makeup_create, outing_create
from office.approvals.services import approval_decide
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login
from tests.factories import StaffFactory


@pytest.fixture
def monday_morning(frozen):
    frozen(at(MONDAY, 8, 25))


def test_clock_page_shows_server_time_and_schedule(org, monday_morning):
    response = login(org.staff).get(reverse("attendance:clock"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "08:25:00" in text and "上午上班" in text and "csrfmiddlewaretoken" in text


def test_clock_post_records_a_tap_and_redirects(org, monday_morning):
    client = login(org.staff)
    response = client.post(reverse("attendance:clock_do"), REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 302
    record = ClockRecord.objects.get(staff=org.staff)
    assert (record.point, record.ip) == ("am_in", "10.0.0.5")
    page = client.get(reverse("attendance:clock")).content.decode()
    assert "打卡成功" in page


def test_a_tap_is_one_insert(org, monday_morning, django_assert_num_queries):
    client = login(org.staff)
    client.get(reverse("attendance:clock"))  # a returning user: settings and schedules cached
    # session; user with their Staff row; SAVEPOINT; INSERT the record (its own audit row, no
    # history copy); RELEASE. The day's status is counted later (pending_days_refresh).
    with django_assert_num_queries(5):
        response = client.post(reverse("attendance:clock_do"), REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 302
    assert ClockRecord.objects.get(staff=org.staff).status_pending


def test_clock_is_post_only_and_csrf_protected(org, monday_morning):
    client = login(org.staff)
    assert client.get(reverse("attendance:clock_do")).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org.staff.user)
    assert strict.post(reverse("attendance:clock_do")).status_code == 403
    assert not ClockRecord.objects.exists()


def test_clock_outside_network_shows_the_chinese_refusal(org, monday_morning):
    from office.config import setting_set

    setting_set(key="allowed_networks", value="10.0.0.0/8", acting_user=None)
    client = login(org.staff)
    response = client.post(reverse("attendance:clock_do"), REMOTE_ADDR="8.8.8.8", follow=True)
    assert "不在单位办公网络范围内" in response.content.decode()


def test_admin_without_staff_record_gets_403_not_500(org, monday_morning):
    assert login(org.admin).get(reverse("attendance:clock")).status_code == 403


def test_my_month_shows_the_legend_and_statuses(org, frozen):
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 40))
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    day_close(day=MONDAY, acting_user=None)
    response = login(org.staff).get(reverse("attendance:my_month"), {"month": "2026-11"})
    text = response.content.decode()
    assert response.status_code == 200 and "图例" in text and "迟到" in text


def test_chief_sees_a_member_month_but_other_chief_gets_404(org, monday_morning):
    url = reverse("attendance:staff_month", args=[org.staff.pk])
    assert login(org.chief).get(url).status_code == 200
    assert login(org.other_chief).get(url).status_code == 404
    assert login(org.other_staff).get(url).status_code == 404


def test_section_month_for_its_chief_and_deputy_only(org, monday_morning):
    url = reverse("attendance:section_month", args=[org.section.pk])
    assert login(org.chief).get(url).status_code == 200
    assert login(org.deputy).get(url).status_code == 200
    assert login(org.personnel).get(url).status_code == 200
    assert login(org.other_chief).get(url).status_code == 403
    assert login(org.staff).get(url).status_code == 403
    assert login(org.chief).post(url).status_code == 405


def test_all_sections_grid_for_personnel_and_director_only(org, monday_morning):
    url = reverse("attendance:all_sections")
    assert login(org.personnel).get(url).status_code == 200
    assert login(org.director).get(url).status_code == 200
    assert login(org.chief).get(url).status_code == 403
    assert login(org.staff).get(url).status_code == 403
    assert login(org.personnel).post(url).status_code == 405


def _fill(org, per_section):
    for section in (org.section, org.other_section):
        for _ in range(per_section):
            person = StaffFactory(section=section)
            ClockRecord.objects.create(
                staff=person, date=MONDAY, point="am_in", at=at(MONDAY, 8, 20)
            )


@pytest.mark.parametrize("per_section", [1, 6])
def test_all_sections_grid_queries_do_not_grow(org, frozen, django_assert_num_queries, per_section):
    _fill(org, per_section)
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    day_close(day=MONDAY, acting_user=None)
    client = login(org.personnel)
    client.get(reverse("home"))
    with django_assert_num_queries(GRID_QUERIES):
        response = client.get(reverse("attendance:all_sections"), {"month": "2026-11"})
    assert response.status_code == 200


@pytest.mark.parametrize("per_section", [1, 6])
def test_all_sections_grid_counting_pending_taps_in_does_not_grow(
    org, frozen, django_assert_num_queries, per_section
):
    frozen(at(MONDAY, 10, 0))
    for person in StaffFactory.create_batch(per_section, section=org.section):
        clock_in(staff=person, now=at(MONDAY, 8, 20), ip=None, user_agent="", acting_user=None)
    client = login(org.personnel)
    client.get(reverse("home"))
    # The clocks of the pending days now have rows; their covers, one query per provider
    # (schedules, calendar and settings come from the cache), and no write.
    with django_assert_num_queries(GRID_QUERIES + len(PROVIDERS)):
        response = client.get(reverse("attendance:all_sections"), {"month": "2026-11"})
    assert response.text.count("11月23日 上午正常") == per_section
    assert not AttendanceDay.objects.exists()


@pytest.mark.parametrize("per_section", [1, 6])
def test_board_queries_do_not_grow(org, frozen, django_assert_num_queries, per_section):
    _fill(org, per_section)
    frozen(at(MONDAY, 10, 0))
    client = login(org.director)
    client.get(reverse("home"))
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(reverse("attendance:board"))
    assert response.status_code == 200


def test_board_shows_who_is_in_out_and_not_yet_clocked(org, frozen):
    frozen(at(MONDAY, 9, 0))
    ClockRecord.objects.create(staff=org.chief, date=MONDAY, point="am_in", at=at(MONDAY, 8, 20))
    outing = outing_create(
        acting_user=org.staff.user,
        destination="市档案馆",
        reason="查档",
        start=at(MONDAY, 8, 50),
        expected_return=at(MONDAY, 11, 0),
    )
    approval_decide(request_obj=outing, acting_user=org.chief.user, approve=True)
    text = login(org.chief).get(reverse("attendance:board")).content.decode()
    assert "外出：市档案馆" in text and "在岗" in text and "未打卡" in text


def test_board_is_for_leaders_personnel_and_inspectors(org, monday_morning):
    url = reverse("attendance:board")
    for person in (org.chief, org.deputy, org.director, org.personnel, org.inspector):
        assert login(person).get(url).status_code == 200
    assert login(org.staff).get(url).status_code == 403
    assert login(org.chief).post(url).status_code == 405


def test_makeup_form_creates_a_request_and_detail_shows_approve_to_chief(org, frozen):
    frozen(at(MONDAY, 18, 0))
    client = login(org.staff)
    response = client.post(
        reverse("attendance:request_new", args=["makeup"]),
        {"date": "2026-11-23", "point": "am_in", "claimed_time": "08:25", "reason": "忘记打卡"},
    )
    assert response.status_code == 302
    detail = response["Location"]
    assert "同意" not in client.get(detail).content.decode()
    chief_page = login(org.chief).get(detail).content.decode()
    assert "同意" in chief_page and "驳回" in chief_page
    assert login(org.other_staff).get(detail).status_code == 404
    step = MakeUpRequest.objects.get().approval_steps.get()
    decide = reverse("approvals:decide", args=[step.pk])
    assert login(org.chief).get(decide).status_code == 405
    response = login(org.chief).post(decide, {"decision": "approve", "next": detail})
    assert response["Location"] == detail
    assert ClockRecord.objects.get(staff=org.staff).source == "makeup"


def test_makeup_over_the_limit_shows_the_error_on_the_form(org, frozen):
    frozen(at(MONDAY, 18, 0))
    for day in (2, 3, 4):
        makeup_create(
            acting_user=org.staff.user,
            date=dt.date(2026, 11, day),
            point="am_in",
            claimed_time=dt.time(8, 20),
            reason="忘记",
        )
    response = login(org.staff).post(
        reverse("attendance:request_new", args=["makeup"]),
        {"date": "2026-11-23", "point": "am_in", "claimed_time": "08:25", "reason": "忘记打卡"},
    )
    assert response.status_code == 200 and "已达每月上限" in response.content.decode()


def test_request_lists_show_only_my_requests(org, frozen):
    frozen(at(MONDAY, 18, 0))
    makeup_create(
        acting_user=org.other_staff.user,
        date=MONDAY,
        point="am_in",
        claimed_time=dt.time(8, 20),
        reason="别人的补卡",
    )
    text = login(org.staff).get(reverse("attendance:request_list", args=["makeup"])).content
    assert "别人的补卡" not in text.decode()
    assert (
        login(org.staff).get(reverse("attendance:request_list", args=["nothing"])).status_code
        == 404
    )


def test_outing_return_button_closes_it(org, frozen):
    frozen(at(MONDAY, 9, 0))
    outing = outing_create(
        acting_user=org.staff.user,
        destination="市档案馆",
        reason="查档",
        start=at(MONDAY, 9, 0),
        expected_return=at(MONDAY, 11, 0),
    )
    approval_decide(request_obj=outing, acting_user=org.chief.user, approve=True)
    frozen(at(MONDAY, 10, 30))
    login(org.staff).post(reverse("attendance:outing_return", args=[outing.pk]))
    outing.refresh_from_db()
    assert outing.returned_at == at(MONDAY, 10, 30)


def test_calendar_pages_are_for_personnel_only(org, monday_morning):
    assert login(org.personnel).get(reverse("attendance:calendar")).status_code == 200
    assert login(org.chief).get(reverse("attendance:calendar")).status_code == 403
    assert login(org.personnel).post(reverse("attendance:calendar")).status_code == 405
    assert login(org.personnel).get(reverse("attendance:schedules")).status_code == 200
    assert login(org.staff).get(reverse("attendance:schedules")).status_code == 403


def test_personnel_turns_a_saturday_into_a_working_day(org, monday_morning):
    from office.calendar import is_working_day

    saturday = dt.date(2026, 11, 28)
    url = reverse("attendance:calendar_day", args=[saturday.isoformat()])
    login(org.personnel).post(url, {"kind": "workday", "name": "调休上班"})
    assert is_working_day(saturday)
    assert login(org.staff).post(url, {"kind": "holiday"}).status_code == 403


# Each request: session, user, viewer (staff, led/supervised sections, groups) = 5, and the
# base template's unread-notification and 待我审批 counts = 2.
# Grid: section count, section page, staff of the page, their month rows, the clocks of their
# days with taps not yet stored (none), the taps' proofs (门口码/本机 marks), section filter
# choices = 7 (the calendar is cached by the home page visited first). Nothing is written
# (tests/attendance/test_reads_write_nothing.py).
GRID_QUERIES = 5 + 2 + 7
# Board of a viewer of few sections: sections, active staff, today's clocks, one per cover
# provider, current outings = 4 + providers. Of many (the director's summary): the section
# count, sections, one per cover provider, current outings, everyone else counted by section
# and last clock point = 4 + providers, plus the excused people's sections when someone is
# on leave or out (the calendar is cached); either way today's taps counted by proof = 1.
BOARD_QUERIES = 5 + 2 + 4 + len(PROVIDERS) + 1


def test_home_panel_shows_today_and_links_to_clock_in(org, frozen):
    frozen(at(MONDAY, 8, 25))
    ClockRecord.objects.create(staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 20))
    text = login(org.staff).get(reverse("home")).content.decode()
    assert "今日打卡" in text and "08:20:00" in text and reverse("attendance:clock") in text


def test_admin_can_view_but_never_change_or_delete_clock_records(org, frozen):
    frozen(at(MONDAY, 8, 25))
    record = ClockRecord.objects.create(
        staff=org.staff, date=MONDAY, point="am_in", at=at(MONDAY, 8, 20)
    )
    client = login(org.admin)
    change = reverse("admin:attendance_clockrecord_change", args=[record.pk])
    assert client.get(change).status_code == 200
    delete = reverse("admin:attendance_clockrecord_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ClockRecord.objects.filter(pk=record.pk).exists()
    response = client.post(change, {"staff": org.staff.pk, "date": MONDAY, "point": "am_out"})
    assert response.status_code == 403
    assert ClockRecord.objects.get(pk=record.pk).point == "am_in"


def test_staff_have_no_way_to_edit_clock_records(org):
    client = login(org.staff)
    assert client.get("/admin/attendance/clockrecord/").status_code == 302


def test_board_forgets_an_outing_never_closed_the_day_before(org, frozen):
    frozen(at(MONDAY - dt.timedelta(days=1), 9, 0))
    outing = outing_create(
        acting_user=org.staff.user,
        destination="市档案馆",
        reason="查档",
        start=at(MONDAY - dt.timedelta(days=1), 9, 0),
        expected_return=at(MONDAY - dt.timedelta(days=1), 11, 0),
    )
    approval_decide(request_obj=outing, acting_user=org.chief.user, approve=True)
    frozen(at(MONDAY, 9, 0))
    text = login(org.chief).get(reverse("attendance:board")).content.decode()
    assert "市档案馆" not in text


def test_nav_offers_calendar_to_personnel_and_admin_only(org, monday_morning):
    calendar_url = reverse("attendance:calendar")
    assert calendar_url in login(org.personnel).get(reverse("home")).content.decode()
    assert calendar_url in login(org.admin).get(reverse("home")).content.decode()
    assert calendar_url not in login(org.chief).get(reverse("home")).content.decode()


# Base 5 + 2 (see above); section, its staff, their month rows, the clocks of their days with
# taps not yet stored (none), the taps' proofs = 5 (the calendar is cached by the home page
# visited first).
@pytest.mark.parametrize("per_section", [1, 6])
def test_section_month_queries_do_not_grow(org, frozen, django_assert_num_queries, per_section):
    _fill(org, per_section)
    frozen(at(MONDAY + dt.timedelta(days=1), 0, 30))
    day_close(day=MONDAY, acting_user=None)
    client = login(org.chief)
    client.get(reverse("home"))
    with django_assert_num_queries(5 + 2 + 5):
        response = client.get(reverse("attendance:section_month", args=[org.section.pk]))
    assert response.status_code == 200


# Base 5 + 2; the month's stored rows = 1; the clocks of its days with taps not yet stored
# (none) = 1.
@pytest.mark.parametrize("days", [1, 6])
def test_my_month_queries_do_not_grow(org, frozen, django_assert_num_queries, days):
    for offset in range(days):
        day = MONDAY - dt.timedelta(days=offset)
        ClockRecord.objects.create(staff=org.staff, date=day, point="am_in", at=at(day, 8, 20))
        frozen(at(day + dt.timedelta(days=1), 0, 30))
        day_close(day=day, acting_user=None)
    client = login(org.staff)
    client.get(reverse("home"))
    with django_assert_num_queries(5 + 2 + 1 + 1):
        client.get(reverse("attendance:my_month"), {"month": "2026-11"})


# Base 5 + 2; count and page of my requests = 2.
@pytest.mark.parametrize("count", [1, 3])
def test_my_request_list_queries_do_not_grow(org, frozen, django_assert_num_queries, count):
    frozen(at(MONDAY, 18, 0))
    for point in ["am_in", "am_out", "pm_in"][:count]:
        makeup_create(
            acting_user=org.staff.user,
            date=MONDAY,
            point=point,
            claimed_time=dt.time(8, 20),
            reason="忘记打卡",
        )
    client = login(org.staff)
    client.get(reverse("home"))
    with django_assert_num_queries(5 + 2 + 2):
        client.get(reverse("attendance:request_list", args=["makeup"]))


@pytest.fixture
def office_network_behind_nginx(settings, monday_morning):
    from office.config import setting_set

    settings.OFFICE_TRUSTED_PROXIES = ["127.0.0.1/32"]
    setting_set(key="allowed_networks", value="10.0.0.0/8", acting_user=None)


def test_behind_nginx_the_tap_is_checked_and_recorded_with_the_client_s_address(
    org, office_network_behind_nginx
):
    client = login(org.staff)
    response = client.post(
        reverse("attendance:clock_do"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.5"
    )
    assert response.status_code == 302
    assert ClockRecord.objects.get(staff=org.staff).ip == "10.0.0.5"


def test_behind_nginx_a_client_outside_the_office_network_is_refused(
    org, office_network_behind_nginx
):
    response = login(org.staff).post(
        reverse("attendance:clock_do"),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.5, 8.8.8.8",  # the client's own claim, then nginx's entry
        follow=True,
    )
    assert "当前网络（8.8.8.8）不在单位办公网络范围内" in response.content.decode()
    assert not ClockRecord.objects.exists()


def test_a_forged_forwarded_header_from_outside_does_not_open_the_office_network(
    org, office_network_behind_nginx
):
    response = login(org.staff).post(
        reverse("attendance:clock_do"),
        REMOTE_ADDR="8.8.8.8",
        HTTP_X_FORWARDED_FOR="10.0.0.5",
        follow=True,
    )
    assert "当前网络（8.8.8.8）不在单位办公网络范围内" in response.content.decode()
    assert not ClockRecord.objects.exists()


def test_without_trusted_proxies_the_forwarded_header_is_not_read(
    org, office_network_behind_nginx, settings
):
    settings.OFFICE_TRUSTED_PROXIES = []
    response = login(org.staff).post(
        reverse("attendance:clock_do"),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.5",
        follow=True,
    )
    assert "当前网络（127.0.0.1）不在单位办公网络范围内" in response.content.decode()


def test_board_refreshes_in_place_instead_of_reloading_the_page(org, monday_morning):
    client = login(org.chief)
    response = client.get(reverse("attendance:board"))
    page = response.content.decode()
    assert 'http-equiv="refresh"' not in page
    assert 'hx-trigger="every 120s"' in page and "暂停自动刷新" in page
    assert "HX-Request" in response["Vary"]
    fragment = client.get(reverse("attendance:board"), headers={"HX-Request": "true"})
    part = fragment.content.decode()
    assert "<html" not in part and 'id="board"' in part and 'hx-trigger="every 120s"' in part


def test_a_paused_board_stops_polling_and_offers_to_resume(org, monday_morning):
    response = login(org.chief).get(
        reverse("attendance:board"), {"paused": "1"}, headers={"HX-Request": "true"}
    )
    part = response.content.decode()
    assert "hx-trigger" not in part
    assert 'aria-pressed="true"' in part and "恢复自动刷新" in part and "已暂停自动刷新" in part
