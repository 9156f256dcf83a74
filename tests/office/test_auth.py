"""Login by 工号, no public sign-up, allauth's rate limit, and TOTP for the roles that need it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from office.models import Staff
from tests.conftest import login
from tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts failed logins in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


def test_signup_page_says_registration_is_closed(db):
    response = Client().get("/accounts/signup/")
    assert "当前已关闭注册" in response.content.decode()
    assert "<form" not in response.content.decode().split("当前已关闭注册")[1]


def test_posting_to_signup_creates_no_account(db):
    Client().post("/accounts/signup/", {"username": "9999", "password1": "Abcdef#12345"})
    assert not get_user_model().objects.filter(username="9999").exists()


def test_the_login_page_has_no_signup_link(db):
    page = Client().get(LOGIN_URL).content.decode()
    assert "/accounts/signup/" not in page
    assert "工号" in page


def test_login_with_staff_no_and_password(org):
    client = Client()
    response = client.post(LOGIN_URL, {"login": org.staff.staff_no, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "刘职员，您好" in client.get("/").content.decode()


def test_wrong_password_is_refused_in_chinese(org):
    response = Client().post(LOGIN_URL, {"login": org.staff.staff_no, "password": "nope"})
    assert "工号或密码不正确。" in response.content.decode()


def test_a_person_who_left_cannot_log_in(org):
    from office.services import staff_set_status

    staff_set_status(staff=org.staff, status=Staff.Status.LEFT, acting_user=None)
    client = Client()
    response = client.post(LOGIN_URL, {"login": org.staff.staff_no, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/inactive/"
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == f"{LOGIN_URL}?next=/"


def test_five_wrong_passwords_lock_the_staff_no_for_a_while(org):
    client = Client()
    for _ in range(5):
        page = client.post(LOGIN_URL, {"login": org.staff.staff_no, "password": "nope"})
        assert "失败次数过多" not in page.content.decode()
    sixth = client.post(LOGIN_URL, {"login": org.staff.staff_no, "password": PASSWORD})
    assert "登录失败次数过多，请稍后重试。" in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    # The limit is per 工号: a colleague at the same desk can still log in.
    other = client.post(LOGIN_URL, {"login": org.chief.staff_no, "password": PASSWORD})
    assert other.status_code == 302


def test_the_admin_login_goes_through_allauth(db):
    """Django's own admin login would skip the rate limit and the TOTP step."""
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_login_message_names_the_person(org):
    client = Client()
    client.post(LOGIN_URL, {"login": org.staff.staff_no, "password": PASSWORD})
    assert "以 刘职员 成功登录" in client.get("/").content.decode()


def test_password_change_page_is_reachable(org):
    response = login(org.staff).get("/accounts/password/change/")
    assert response.status_code == 200


@pytest.mark.mfa_enforced
def test_personnel_without_totp_is_sent_to_set_it_up(org):
    response = login(org.personnel).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.mfa_enforced
def test_admin_without_totp_is_sent_to_set_it_up(org):
    response = login(org.admin).get("/people/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.mfa_enforced
def test_plain_staff_is_not_asked_for_totp(org):
    assert login(org.staff).get("/").status_code == 200


@pytest.mark.mfa_enforced
def test_personnel_logging_in_lands_on_the_totp_setup_page(org):
    client = Client()
    response = client.post(
        LOGIN_URL, {"login": org.personnel.staff_no, "password": PASSWORD}, follow=True
    )
    # allauth asks for the password once more before any change to two-factor settings.
    reauth_url = response.redirect_chain[-1][0]
    assert reauth_url.startswith("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2F")
    page = client.post(reauth_url, {"password": PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/2fa/totp/activate/")
    assert page.status_code == 200


def test_mfa_turned_on_mid_session_holds_on_the_next_request(org):
    """Issue 10, break 6: an open session was checked once and kept going."""
    from office.config import setting_set

    client = login(org.personnel)
    assert client.get("/people/").status_code == 200
    setting_set(key="mfa_required_roles", value="政工科", acting_user=None)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    # Roles the new value does not name are left alone.
    staff_client = login(org.staff)
    assert staff_client.get("/").status_code == 200


@pytest.mark.mfa_enforced
def test_the_mfa_check_adds_no_query_to_a_page(org):
    """The checked value of the setting sits in the session and the setting in the cache."""
    from allauth.mfa.models import Authenticator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Authenticator.objects.create(user=org.personnel.user, type="totp", data={"secret": "x"})
    client = login(org.personnel)
    assert client.get("/notifications/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/notifications/").status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "mfa_authenticator" not in sql and "office_setting" not in sql
