"""Every page but the login pages needs a login (PRODUCT.md §2: no public access).

The URL conf is walked at test time, so URLs that other apps add later are covered too.
"""

import re
import uuid
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

# Pages an anonymous visitor must reach: logging in (and the steps of it), the closed sign-up
# page, and the password-reset pages allauth keeps (they send nothing: no e-mail is collected).
PUBLIC_NAMES = {
    "account_login",
    "account_signup",
    "account_logout",
    "account_confirm_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reauthenticate",
    "mfa_authenticate",
    "admin:login",
    "favicon",  # the browser asks for it on the login page too
    # The 打卡屏 at the door signs in with its own key (a signed cookie), not a person's login.
    "attendance:kiosk",
    "attendance:kiosk_signin",
    "attendance:kiosk_codes",
}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
DUMMY = {"int": "1", "uuid": str(uuid.UUID(int=1)), "path": "x", "slug": "x", "str": "x"}
_CONVERTER = re.compile(r"<(?:(?P<type>[^>:]+):)?(?P<name>\w+)>")


def _route(pattern: object) -> str:
    if isinstance(pattern, RoutePattern):
        return _CONVERTER.sub(lambda m: DUMMY.get(m["type"] or "str", "1"), str(pattern))
    if isinstance(pattern, RegexPattern):
        template, params = normalize(pattern.regex.pattern)[0]
        return template % dict.fromkeys(params, "1")
    raise TypeError(pattern)


def walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + _route(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield "/" + prefix + _route(entry.pattern), name


def all_urls() -> list[tuple[str, str]]:
    return sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_apps_urls():
    urls = dict(all_urls())
    assert urls.get("/people/import/") == "people:import"
    assert "/" in urls and "/settings/" in urls


@pytest.mark.django_db
def test_anonymous_get_of_every_private_url_goes_to_login():
    client = Client(raise_request_exception=False)
    problems = []
    for url, name in all_urls():
        if name in PUBLIC_NAMES or url.startswith("/static/"):
            continue
        response = client.get(url)
        location = response.get("Location", "")
        if response.status_code in (404, 405):
            continue
        if response.status_code != 302 or not location.startswith(LOGIN_PAGES):
            problems.append(f"{url} ({name}): {response.status_code} {location}")
    assert problems == []


@pytest.mark.django_db
def test_public_pages_answer_without_error():
    client = Client(raise_request_exception=False)
    for url, name in all_urls():
        if name in PUBLIC_NAMES:
            assert client.get(url).status_code < 500, url
