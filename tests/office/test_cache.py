"""With Redis unreachable the web keeps working (PRODUCT.md §5): the reference data is read
from the database, and the login limits and TOTP replay check count in the process's memory."""

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from attendance.models import ClockRecord
from office import config
from office.breaker import CACHE
from office.cache import MEMORY
from tests.attendance.conftest import MONDAY, at
from tests.conftest import PASSWORD, login

DEAD_REDIS = {
    "default": {
        "BACKEND": "office.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = DEAD_REDIS
    CACHE.reset()
    MEMORY.clear()
    yield
    CACHE.reset()
    MEMORY.clear()


@time_machine.travel(at(MONDAY, 8, 25), tick=False)
def test_staff_log_in_see_home_and_clock_in_without_redis(org, dead_redis):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": org.staff.staff_no, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "今日打卡" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("attendance:clock_do")).status_code == 302
    assert ClockRecord.objects.filter(staff=org.staff, point="am_in").exists()


def test_settings_are_read_from_the_database_without_redis(org, dead_redis):
    config.setting_set(key="late_absent_minutes", value=45, acting_user=None)
    assert config.get("late_absent_minutes") == 45


def test_reference_data_is_not_kept_in_memory_without_redis(
    db, dead_redis, django_assert_num_queries
):
    # Another process's change must be seen at once: every read goes to the database.
    with django_assert_num_queries(2):
        config.snapshot()
        config.snapshot()


def test_login_limits_keep_counting_without_redis(org, dead_redis):
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": org.staff.staff_no, "password": "nope"})
    sixth = client.post(
        reverse("account_login"), {"login": org.staff.staff_no, "password": PASSWORD}
    )
    assert "登录失败次数过多，请稍后重试。" in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    # Counted per 工号, as with Redis: a colleague can still log in.
    other = client.post(
        reverse("account_login"), {"login": org.chief.staff_no, "password": PASSWORD}
    )
    assert other.status_code == 302


@time_machine.travel(at(MONDAY, 8, 25), tick=False)  # one TOTP period
def test_a_totp_code_is_refused_the_second_time_without_redis(org, dead_redis):
    secret = generate_totp_secret()
    totp = TOTP.activate(org.personnel.user, secret)
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert totp.validate_code(code)
    assert not totp.validate_code(code)


def test_after_a_failure_the_cache_is_skipped_for_a_while(org, dead_redis, monkeypatch):
    login(org.staff).get(reverse("home"))
    assert CACHE.open
    calls = []
    monkeypatch.setattr("redis.Redis.execute_command", lambda *a, **k: calls.append(a))
    login(org.staff).get(reverse("home"))
    assert calls == []
