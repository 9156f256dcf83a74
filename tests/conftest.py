"""One set of people used by every test (STYLE.md): a staff member, their chief, a chief of
another section, the deputy director in charge, the director, 政工科, 督导小组 and an admin.

Organisation:
    综合科: chief `chief`, members `staff`; deputy director `deputy`
    行政科: chief `other_chief`, member `other_staff`; deputy director `other_deputy`
    主任室: `director` (the 主任 group)
    政工科: `personnel`; 督导小组 member `inspector` sits in 行政科
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from office import roles
from office.models import Section, Staff
from office.services import role_grant, section_set_leaders
from tests.factories import PASSWORD, SectionFactory, StaffFactory, UserFactory


@dataclass
class Org:
    section: Section
    other_section: Section
    leadership: Section
    personnel_section: Section
    staff: Staff
    chief: Staff
    deputy: Staff
    other_chief: Staff
    other_staff: Staff
    other_deputy: Staff
    director: Staff
    personnel: Staff
    inspector: Staff
    admin: object


@pytest.fixture
def org(db) -> Org:
    leadership = SectionFactory(name="主任室", order=0)
    section = SectionFactory(name="综合科", order=1)
    other_section = SectionFactory(name="行政科", order=2)
    personnel_section = SectionFactory(name="政工科", order=3)
    director = StaffFactory(name="王主任", section=leadership, position="主任")
    deputy = StaffFactory(name="李副主任", section=leadership, position="副主任")
    other_deputy = StaffFactory(name="赵副主任", section=leadership, position="副主任")
    chief = StaffFactory(name="张科长", section=section, position="科长")
    staff = StaffFactory(name="刘职员", section=section)
    other_chief = StaffFactory(name="陈科长", section=other_section, position="科长")
    other_staff = StaffFactory(name="杨职员", section=other_section)
    personnel = StaffFactory(name="周政工", section=personnel_section)
    inspector = StaffFactory(name="吴督导", section=other_section)
    role_grant(staff=director, role=roles.DIRECTOR, acting_user=None)
    role_grant(staff=personnel, role=roles.PERSONNEL, acting_user=None)
    role_grant(staff=inspector, role=roles.INSPECTOR, acting_user=None)
    section_set_leaders(section=leadership, chief=director, deputy=None, acting_user=None)
    section_set_leaders(section=section, chief=chief, deputy=deputy, acting_user=None)
    section_set_leaders(
        section=other_section, chief=other_chief, deputy=other_deputy, acting_user=None
    )
    section_set_leaders(
        section=personnel_section, chief=personnel, deputy=other_deputy, acting_user=None
    )
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return Org(
        section=section,
        other_section=other_section,
        leadership=leadership,
        personnel_section=personnel_section,
        staff=staff,
        chief=chief,
        deputy=deputy,
        other_chief=other_chief,
        other_staff=other_staff,
        other_deputy=other_deputy,
        director=director,
        personnel=personnel,
        inspector=inspector,
        admin=admin,
    )


@pytest.fixture(autouse=True, scope="session")
def _live_server_one_request_at_a_time():
    """On SQLite in memory the live server's threads share the test's one connection, and two
    requests at once (the 统计看板's charts load together) can hang inside it: there the server
    answers one request at a time. On PostgreSQL each thread has its own connection and the
    server stays threaded, as in production."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        # The live server's own thread already uses the shared connection: nothing to hand on.
        def __init__(self, *args, connections_override=None, **kwargs) -> None:  # noqa: ARG002
            super().__init__(*args, **kwargs)

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = OneAtATime


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run in-process in tests, even in CI's services pass where a broker is configured;
    the tests marked ``celery_worker`` switch this off to go through a real worker."""
    from office.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached reference data (office.refdata) must not outlive the test whose rows made it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A million PBKDF2 rounds per test user would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "office.auth.InitialPasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _no_mfa_requirement(request, monkeypatch):
    """Most tests log in as 政工科/admin without setting up TOTP; MFA tests opt back in."""
    if "mfa_enforced" not in request.keywords:
        from dataclasses import replace

        from office import config

        # Only the default changes: the 系统设置 form still shows the option's label.
        option = replace(config.OPTIONS["mfa_required_roles"], default="")
        monkeypatch.setitem(config.OPTIONS, "mfa_required_roles", option)


def login(person: Staff | object) -> Client:
    """A client logged in as a Staff (or a bare user, for the admin)."""
    client = Client()
    user = person.user if isinstance(person, Staff) else person
    client.force_login(user)
    return client


@pytest.fixture
def as_(org):
    """as_("chief") -> a client logged in as that person of the org fixture."""
    return lambda name: login(getattr(org, name))


__all__ = ["PASSWORD", "login"]
