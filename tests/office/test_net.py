"""office.net.client_ip: X-Forwarded-For is believed only as far as trusted proxies vouch."""

import os

import pytest
from django.test import RequestFactory

from office.net import client_ip, parse_address
from tests.processes import run_python

NGINX = "127.0.0.1"


@pytest.fixture
def behind_nginx(settings):
    settings.OFFICE_TRUSTED_PROXIES = ["127.0.0.1/32", "::1/128", "10.9.0.0/24"]


def ip_of(remote: str, forwarded: str | None = None) -> str | None:
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.OFFICE_TRUSTED_PROXIES = []
    assert ip_of(NGINX, "10.0.0.5") == NGINX


def test_from_a_trusted_proxy_the_forwarded_client_is_taken(behind_nginx):
    assert ip_of(NGINX, "10.0.0.5") == "10.0.0.5"


def test_a_forged_header_from_an_untrusted_address_changes_nothing(behind_nginx):
    assert ip_of("203.0.113.9", "10.0.0.5") == "203.0.113.9"


def test_what_the_client_put_left_of_nginx_s_entry_is_not_believed(behind_nginx):
    # The client sent "X-Forwarded-For: 10.0.0.5"; nginx appended the address it saw.
    assert ip_of(NGINX, "10.0.0.5, 198.51.100.7") == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_right_to_left(behind_nginx):
    assert ip_of(NGINX, "1.2.3.4, 198.51.100.7, 10.9.0.2, 10.9.0.3") == "198.51.100.7"


def test_a_malformed_entry_ends_the_walk_at_the_nearest_trusted_hop(behind_nginx):
    assert ip_of(NGINX, "10.0.0.5, not-an-ip") == NGINX
    assert ip_of(NGINX, "10.0.0.5, garbage, 10.9.0.2") == "10.9.0.2"
    assert ip_of(NGINX, "") == NGINX
    assert ip_of(NGINX) == NGINX


def test_blank_entries_are_skipped(behind_nginx):
    assert ip_of(NGINX, "10.0.0.5,, 198.51.100.7 ,") == "198.51.100.7"


def test_ipv6_ports_and_mapped_addresses(behind_nginx):
    assert ip_of("::1", "[2001:db8::5]:443") == "2001:db8::5"
    assert ip_of("::ffff:127.0.0.1", "198.51.100.7:5000") == "198.51.100.7"
    assert ip_of("2001:db8::9", "10.0.0.5") == "2001:db8::9"


def test_a_missing_or_broken_remote_addr_gives_no_address(behind_nginx):
    assert ip_of("", "10.0.0.5") is None
    assert ip_of("unix:", "10.0.0.5") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10.0.0.5", "10.0.0.5"), (" [::1] ", "::1"), ("::ffff:10.0.0.5", "10.0.0.5"), ("x", None)],
)
def test_parse_address(text, expected):
    parsed = parse_address(text)
    assert (str(parsed) if parsed else None) == expected


def test_a_bad_trusted_proxy_setting_refuses_to_start():
    env = {**os.environ, "OFFICE_TRUSTED_PROXIES": "127.0.0.1/32,nginx"}
    result = run_python("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "OFFICE_TRUSTED_PROXIES" in result.stderr
