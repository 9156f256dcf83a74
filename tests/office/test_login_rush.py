"""The 08:30 rush through nginx: allauth's per-IP limits count the real client (office.net),
are sized for a whole office behind one NAT address, and guessing stays limited per account."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import Client

from office.models import Staff
from tests.factories import PASSWORD, SectionFactory

LOGIN_URL = "/accounts/login/"
NGINX = "127.0.0.1"
RUSH = dt.datetime(2026, 11, 23, 8, 29, 30, tzinfo=dt.UTC)
LOCKED = "登录失败次数过多，请稍后重试。"


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    settings.OFFICE_TRUSTED_PROXIES = ["127.0.0.1/32"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rush_clock():
    """Every post of the test at the same instant: well within one minute."""
    with time_machine.travel(RUSH, tick=False):
        yield


@pytest.fixture
def office_of_500(db) -> list[str]:
    """500 accounts with their Staff rows, made in bulk (one password hash for all)."""
    section = SectionFactory(name="综合科")
    hashed = make_password(PASSWORD)
    numbers = [f"7{n:03d}" for n in range(500)]
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=number, password=hashed) for number in numbers
    )
    Staff.objects.bulk_create(
        Staff(user=user, staff_no=user.username, name=f"职工{user.username}", section=section)
        for user in users
    )
    return numbers


def post_login(staff_no: str, password: str, *, remote: str = NGINX, forwarded: str | None = None):
    client = Client()
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post(LOGIN_URL, {"login": staff_no, "password": password}, **extra)
    return response, client


def logged_in(response, client) -> bool:
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_500_people_from_500_addresses_through_nginx_all_get_in(office_of_500, rush_clock):
    failed = [
        number
        for n, number in enumerate(office_of_500)
        if not logged_in(*post_login(number, PASSWORD, forwarded=f"10.1.{n // 250}.{n % 250 + 1}"))
    ]
    assert failed == []


def test_500_people_behind_one_office_nat_address_all_get_in_despite_typos(
    office_of_500, rush_clock
):
    """The whole office reaches the server from 203.0.113.7; one in ten mistypes first."""
    failed = []
    for n, number in enumerate(office_of_500):
        if n % 10 == 0:
            response, _ = post_login(number, "typo", forwarded="203.0.113.7")
            assert response.status_code == 200 and LOCKED not in response.content.decode()
        if not logged_in(*post_login(number, PASSWORD, forwarded="203.0.113.7")):
            failed.append(number)
    assert failed == []


def test_30_wrong_passwords_for_one_account_lock_it_whatever_the_address(org, rush_clock):
    """An attacker spreading guesses over 30 addresses still gets five per account."""
    pages = [
        post_login(org.staff.staff_no, f"guess{n}", forwarded=f"198.51.100.{n + 1}")[0]
        for n in range(30)
    ]
    assert [LOCKED in page.content.decode() for page in pages] == [False] * 5 + [True] * 25
    response, client = post_login(org.staff.staff_no, PASSWORD, forwarded="10.1.0.1")
    assert LOCKED in response.content.decode() and not logged_in(response, client)
    # Colleagues are not locked out with the guessed account.
    assert logged_in(*post_login(org.chief.staff_no, PASSWORD, forwarded="10.1.0.1"))


def test_a_forged_header_from_an_untrusted_address_does_not_split_the_per_ip_limit(db, rush_clock):
    """Spraying from 192.0.2.66 with a new X-Forwarded-For each time: still one address."""
    for n in range(100):
        response, _ = post_login(f"9{n:03d}", "guess", remote="192.0.2.66", forwarded=f"10.2.0.{n}")
        assert LOCKED not in response.content.decode()
    response, _ = post_login("9999", "guess", remote="192.0.2.66", forwarded="10.2.1.1")
    assert LOCKED in response.content.decode()
    # The forged addresses were never counted: a real 10.2.0.1 behind nginx is not limited.
    response, _ = post_login("9998", "guess", forwarded="10.2.0.1")
    assert LOCKED not in response.content.decode()


def test_allauth_counts_the_client_behind_nginx_not_the_proxy(rf):
    from allauth.core.internal.ratelimit import get_ip

    behind = rf.post(LOGIN_URL, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="10.1.0.9")
    forged = rf.post(LOGIN_URL, REMOTE_ADDR="192.0.2.66", HTTP_X_FORWARDED_FOR="10.1.0.9")
    assert (get_ip(behind), get_ip(forged)) == ("10.1.0.9", "192.0.2.66")
