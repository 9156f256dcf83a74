"""Fault 2: the database drops a web process's kept connection (restart, failover,
``pg_terminate_backend``). The next request checks the connection before using it and
reconnects (CONN_HEALTH_CHECKS) instead of failing. PostgreSQL only."""

from __future__ import annotations

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.concurrency import postgres_only

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def serve(handler: WSGIHandler, path: str, cookie: str) -> int:
    """One request as gunicorn's worker serves it: through the WSGI handler, in this thread,
    with the request signals that open, check and keep the thread's connection."""
    environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
    statuses: list[str] = []
    body = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(body)
    finally:
        body.close()  # request_finished: the connection is kept (CONN_MAX_AGE)
    return int(statuses[0].split()[0])


def terminate(pid: int) -> None:
    """From a second connection, as an operator or a failover would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)


def test_a_dropped_connection_does_not_fail_the_next_request(org, settings):
    postgres_only()
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60  # kept between requests, as in production
    client = Client()
    client.force_login(org.staff.user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    handler = WSGIHandler()

    assert serve(handler, reverse("home"), cookie) == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    terminate(pid)

    assert serve(handler, reverse("home"), cookie) == 200
    assert serve(handler, reverse("leave:mine"), cookie) == 200
