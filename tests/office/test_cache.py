"""With Redis unreachable the web keeps working (PRODUCT.md §5): the cache only misses."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from attendance.models import ClockRecord
from office import config
from office.cache import ResilientRedisCache
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
    ResilientRedisCache._down_until = 0.0
    yield
    ResilientRedisCache._down_until = 0.0


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
    config.setting_set(key="late_absent_minutes", value=45)
    assert config.get("late_absent_minutes") == 45


def test_after_a_failure_the_cache_is_skipped_for_a_while(org, dead_redis, monkeypatch):
    login(org.staff).get(reverse("home"))
    assert ResilientRedisCache._down_until > 0
    calls = []
    monkeypatch.setattr("redis.Redis.execute_command", lambda *a, **k: calls.append(a))
    login(org.staff).get(reverse("home"))
    assert calls == []
