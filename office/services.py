"""Writes to the organisation: people, sections and their leaders."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import transaction

from office import roles
from office.models import Section, Staff

# Letters and digits that cannot be misread when 政工科 reads a password aloud.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105


def initial_password() -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(10))


def staff_create(
    *,
    staff_no: str,
    name: str,
    section: Section,
    position: str = "",
    work_start_date: dt.date | None = None,
    hire_date: dt.date | None = None,
    phone: str = "",
    password: str | None = None,
) -> tuple[Staff, str]:
    """Create the login account and the staff record together.

    Returns the staff and the one-time initial password (shown once to 政工科, never stored).
    """
    password = password or initial_password()
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=staff_no, password=password, first_name=name[:150]
        )
        user.groups.add(Group.objects.get_or_create(name=roles.STAFF)[0])
        staff = Staff.objects.create(
            user=user,
            staff_no=staff_no,
            name=name,
            section=section,
            position=position,
            work_start_date=work_start_date,
            hire_date=hire_date,
            phone=phone,
        )
    return staff, password


def staff_set_status(*, staff: Staff, status: str) -> Staff:
    """在岗/借调/离职. A person who leaves can no longer log in; their records stay."""
    with transaction.atomic():
        staff.status = status
        staff.save(update_fields=["status"])
        user = staff.user
        user.is_active = status != Staff.Status.LEFT
        user.save(update_fields=["is_active"])
    return staff


@transaction.atomic
def section_set_leaders(*, section: Section, chief: Staff | None, deputy: Staff | None) -> Section:
    """Appoint a section's chief and deputy director, keeping the role groups in step."""
    old = [section.chief, section.deputy]
    section.chief, section.deputy = chief, deputy
    section.save(update_fields=["chief", "deputy"])
    for group_name, field in ((roles.CHIEF, "chief"), (roles.DEPUTY, "deputy")):
        group = Group.objects.get_or_create(name=group_name)[0]
        for person in {p for p in old + [chief, deputy] if p is not None}:
            holds = Section.objects.filter(**{field: person}).exists()
            if holds:
                person.user.groups.add(group)
            else:
                person.user.groups.remove(group)
    return section


def role_grant(*, staff: Staff, role: str) -> None:
    staff.user.groups.add(Group.objects.get_or_create(name=role)[0])


class AccountError(Exception):
    """A refused change to a login account; the message is for the user."""


def staff_password_reset(*, staff: Staff, acting_user: AbstractBaseUser) -> str:
    """政工科 resets a forgotten password: a new one-time password, shown once, stored hashed."""
    with transaction.atomic():
        locked = Staff.objects.select_for_update().select_related("user").get(pk=staff.pk)
        if locked.status == Staff.Status.LEFT:
            raise AccountError(f"{locked.name}已离职，账号已停用，不能重置密码。")
        password = initial_password()
        locked.user.set_password(password)
        locked.user.save(update_fields=["password"])
    return password
