"""The audit trail covers accounts too: the user, their roles (groups) and their TOTP device."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.test import Client

from office import roles
from office.services import role_grant, section_set_leaders, staff_set_status
from tests.conftest import login
from tests.factories import PASSWORD


def group_names(record) -> set[str]:
    return {row.group.name for row in record.groups.select_related("group")}


def test_a_role_grant_leaves_a_history_row_naming_who_did_it(org):
    user = org.staff.user
    before = user.history.count()
    role_grant(staff=org.staff, role=roles.INSPECTOR, acting_user=org.admin)
    assert user.history.count() == before + 1
    record = user.history.first()
    assert record.history_user == org.admin
    assert roles.INSPECTOR in group_names(record)
    assert roles.INSPECTOR not in group_names(record.prev_record)


def test_a_role_granted_in_the_admin_names_the_admin_and_the_address(org):
    user = org.staff.user
    inspector = Group.objects.get(name=roles.INSPECTOR)
    staff_group = Group.objects.get(name=roles.STAFF)
    response = login(org.admin).post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "is_active": "on",
            "groups": [staff_group.pk, inspector.pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "08:00:00",
        },
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = user.history.first()
    assert (record.history_user, record.history_ip) == (org.admin, "10.9.8.7")
    assert group_names(record) == {roles.STAFF, roles.INSPECTOR}


def test_reappointing_the_same_leaders_writes_no_account_history(org):
    before = org.chief.user.history.count()
    section_set_leaders(section=org.section, chief=org.chief, deputy=org.deputy, acting_user=None)
    assert org.chief.user.history.count() == before


def test_disabling_an_account_is_in_its_history(org):
    staff_set_status(staff=org.staff, status="left", acting_user=None)
    record = org.staff.user.history.first()
    assert record.is_active is False


def test_activating_totp_leaves_a_history_row_without_the_secret(org):
    client = Client()
    client.post("/accounts/login/", {"login": org.staff.staff_no, "password": PASSWORD})
    # allauth asks for the password once more before any change to two-factor settings.
    reauth = client.get("/accounts/2fa/totp/activate/")["Location"]
    client.post(reauth, {"password": PASSWORD}, follow=True)
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code}, REMOTE_ADDR="10.1.1.9")
    assert response.status_code == 302
    totp = Authenticator.objects.get(user=org.staff.user, type=Authenticator.Type.TOTP)
    record = totp.history.get()
    assert (record.history_type, record.history_user) == ("+", org.staff.user)
    assert record.history_ip == "10.1.1.9"
    assert not hasattr(record, "data")


def test_logging_in_writes_no_account_history(org):
    before = org.staff.user.history.count()
    response = Client().post(
        "/accounts/login/", {"login": org.staff.staff_no, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert org.staff.user.history.count() == before
