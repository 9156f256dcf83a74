"""The Content-Security-Policy: sent on every page, in production too, and no template carries
what it would refuse (inline script, on…= handlers, inline style)."""

import os
import re
import secrets
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import login
from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
ON_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
INLINE_STYLE = re.compile(r"<style\b|<[a-zA-Z][^>]*\sstyle\s*=", re.S)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_strict(header: str) -> None:
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert set(policy["img-src"]) == {"'self'", "data:"}
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_the_login_page_carries_the_policy(db):
    assert_strict(Client().get("/accounts/login/")["Content-Security-Policy"])


@pytest.mark.parametrize("url", ["/", "/attendance/", "/leave/new/", "/attendance/schedules/"])
def test_signed_in_pages_carry_the_policy(org, url):
    response = login(org.personnel).get(url)
    assert response.status_code == 200
    assert_strict(response["Content-Security-Policy"])


def test_the_admin_carries_the_policy(org):
    response = login(org.admin).get("/admin/office/staff/")
    assert response.status_code == 200
    assert_strict(response["Content-Security-Policy"])


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_the_template_scan_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/office.js"></script>')
    assert ON_HANDLER.search('<button type="submit"\n onclick="go()">')
    assert not ON_HANDLER.search("<p>online</p> <a data-confirm='x'>")
    assert INLINE_STYLE.search('<td style="width:1rem">') and INLINE_STYLE.search("<style>")
    assert len(template_files()) > 50


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_handlers_or_styles(path):
    text = re.sub(
        r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", path.read_text(), flags=re.S
    )
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/js/"
    assert not ON_HANDLER.search(text), "on…= handler: use a data- attribute (static/js/office.js)"
    assert not INLINE_STYLE.search(text), "inline style: use a class in static/css/"


PRODUCTION_REQUEST = """
import django
django.setup()
from django.test import Client
# The redirect to the login page: a rendered page would need collectstatic's manifest first.
response = Client().get("/", secure=True, HTTP_HOST="kaoqin.example.gov.cn")
print(response.status_code)
print(response["Content-Security-Policy"])
"""


def test_production_settings_send_the_policy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "office.settings",
        "OFFICE_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "kaoqin.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    for name in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_REDIS_URL"):
        env.pop(name, None)
    result = run_python("-c", PRODUCTION_REQUEST, env=env)
    assert result.returncode == 0, result.stderr
    status, header = result.stdout.strip().splitlines()[-2:]
    assert status == "302"
    assert_strict(header)
