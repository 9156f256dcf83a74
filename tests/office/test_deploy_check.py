"""Production mode passes `manage.py check --deploy` with no warnings."""

import os
import secrets

from office.checks import shared_cache_check, trusted_proxies_check
from office.refdata import TIMEOUT
from tests.processes import run_python


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        **os.environ,
        "OFFICE_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "kaoqin.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_REDIS_URL": "redis://127.0.0.1:6379/1",  # read, not connected to, by the check
        "OFFICE_TRUSTED_PROXIES": "127.0.0.1/32,::1/128",
    }
    # The browser tests set this for Playwright in the same process; a server never has it.
    for name in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "OFFICE_PRODUCTION": "1", "DJANGO_ALLOWED_HOSTS": "x"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = run_python("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_deploy_check_warns_without_a_shared_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    [warning] = shared_cache_check()
    assert warning.id == "office.W001"
    # How long a change can go unseen by another process: the reference data's timeout.
    assert f"最多要 {TIMEOUT} 秒才能生效" in warning.msg
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    assert shared_cache_check() == []


def test_deploy_check_warns_without_trusted_proxies(settings):
    settings.OFFICE_TRUSTED_PROXIES = []
    assert [w.id for w in trusted_proxies_check()] == ["office.W002"]
    settings.OFFICE_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert trusted_proxies_check() == []
