"""seed_demo: a demo office with every role, the documented logins, safe to run twice."""

import datetime as dt
import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from office import config, roles
from office.demo import DEMO_PASSWORD, LOGINS, demo_rows, seed_office
from office.models import Section, Staff
from office.org import approval_chain, viewer_for

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The command circulates a PDF (reading.demo): kept out of the project's media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo(db):
    seed_office(today=TODAY)


def viewer(username):
    return viewer_for(get_user_model().objects.get(username=username))


def test_it_builds_ten_sections_and_eighty_people(demo):
    assert Section.objects.count() == 10
    assert Staff.objects.count() == 80
    assert len(set(Staff.objects.values_list("name", flat=True))) == 80
    assert all(s.chief_id for s in Section.objects.all())


def test_every_demo_login_holds_its_role_and_the_documented_password(demo):
    for login in LOGINS:
        user = authenticate(username=login.username, password=DEMO_PASSWORD)
        assert user is not None, login.username
        assert viewer_for(user).has_role(login.role), login.username


def test_demo_roles_are_where_the_readme_says(demo):
    assert viewer("1102").staff.section.name == "综合科"
    assert not viewer("1102").is_chief
    assert viewer("1101").led_section_ids == {Section.objects.get(name="综合科").pk}
    assert len(viewer("1002").supervised_section_ids) == 3
    assert viewer("6001").is_personnel and not viewer("6001").is_chief
    assert viewer("4001").is_inspector and not viewer("4001").is_chief
    assert viewer("admin").is_admin and viewer("admin").staff is None
    assert Staff.objects.filter(user__groups__name=roles.DEPUTY).count() == 3
    assert Staff.objects.filter(user__groups__name=roles.PERSONNEL).count() == 8


def test_the_demo_chain_for_a_long_leave_reaches_the_director(demo):
    staff = Staff.objects.get(staff_no="1102")
    assert [p.staff_no for p in approval_chain(staff, 5)] == ["1101", "1002", "1001"]


def test_every_annual_leave_tier_occurs():
    def tier(row):
        years = (TODAY - row.work_start_date).days // 365
        return 15 if years >= 20 else 10 if years >= 10 else 5 if years >= 1 else 0

    assert {tier(row) for row in demo_rows(today=TODAY)} == {0, 5, 10, 15}


def test_the_demo_is_the_same_every_time():
    assert demo_rows(today=TODAY) == demo_rows(today=TODAY)


def test_running_it_twice_changes_nothing(demo):
    history = Staff.history.count(), Section.history.count()
    assert seed_office(today=TODAY) == 0
    assert Staff.objects.count() == 80
    assert (Staff.history.count(), Section.history.count()) == history


@pytest.mark.mfa_enforced
def test_the_command_turns_mfa_off_and_prints_the_logins(db):
    assert config.get("mfa_required_roles") == "政工科,管理员"
    out = io.StringIO()
    call_command("seed_demo", today=TODAY, stdout=out)
    text = out.getvalue()
    assert config.get("mfa_required_roles") == ""
    assert "两步验证" in text
    assert all(login.username in text for login in LOGINS)
    assert DEMO_PASSWORD in text


def test_the_city_option_builds_three_units_whose_logins_work(db):
    from office.demo import CITY_LOGINS
    from office.models import Unit

    out = io.StringIO()
    call_command("seed_demo", "--city", "--today", "2026-11-24", stdout=out)
    assert Unit.objects.count() == 3
    text = out.getvalue()
    for login in [*LOGINS, *CITY_LOGINS]:
        assert login.username in text
        user = authenticate(username=login.username, password=DEMO_PASSWORD)
        assert user is not None, login.username
        assert viewer_for(user).has_role(login.role), login.username
    assert viewer("9001").is_city and not viewer("2201").is_city
    fgw = Unit.objects.get(short_name="市发改委")
    assert viewer("2201").unit_id == fgw.pk and viewer("2001").is_director
    assert viewer("1102").unit_id != fgw.pk
    czj = Unit.objects.get(short_name="市财政局")
    assert config.get("chain_deputy_max_days", czj.pk) == 5
    assert config.get("chain_deputy_max_days", fgw.pk) == 3
    assert [p.staff_no for p in approval_chain(Staff.objects.get(staff_no="2302"), 5)] == [
        "2301",
        "2002",
        "2001",
    ]
    call_command("seed_demo", "--city", "--today", "2026-11-24", stdout=io.StringIO())
    assert Unit.objects.count() == 3
