"""Writes to the organisation: people, sections and their leaders."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from office import roles
from office.audit import records_actor
from office.auth import user_display
from office.errors import AccountError, UnitError
from office.models import Section, Staff, Unit
from office.notifications import notify
from office.org import Viewer, viewer_for, viewer_for_staff

# Letters and digits that cannot be misread when 政工科 reads a password aloud.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105


def initial_password() -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(10))


@records_actor
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
    acting_user: AbstractBaseUser | None,
) -> tuple[Staff, str]:
    """Create the login account and the staff record together.

    Returns the staff and the one-time initial password (shown once to 政工科, never stored).
    A generated password must be changed at the first login; a chosen one (the demo) need not.
    """
    must_change = password is None
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
            must_change_password=must_change,
        )
    return staff, password


@records_actor
def staff_set_status(*, staff: Staff, status: str, acting_user: AbstractBaseUser | None) -> Staff:
    """在岗/借调/离职. A person who leaves can no longer log in; their records stay."""
    with transaction.atomic():
        staff.status = status
        staff.save(update_fields=["status"])
        user = staff.user
        user.is_active = status != Staff.Status.LEFT
        user.save(update_fields=["is_active"])
    return staff


@records_actor
@transaction.atomic
def section_set_leaders(
    *,
    section: Section,
    chief: Staff | None,
    deputy: Staff | None,
    acting_user: AbstractBaseUser | None,
) -> Section:
    """Appoint a section's chief and deputy director, keeping the role groups in step.

    Only real changes of membership touch the groups, so the account history shows each
    grant and withdrawal once.
    """
    old = [section.chief, section.deputy]
    section.chief, section.deputy = chief, deputy
    section.save(update_fields=["chief", "deputy"])
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (roles.CHIEF, roles.DEPUTY)
    }
    for person in {p for p in old + [chief, deputy] if p is not None}:
        held = set(person.user.groups.filter(name__in=groups).values_list("name", flat=True))
        for group_name, field in ((roles.CHIEF, "chief"), (roles.DEPUTY, "deputy")):
            holds = Section.objects.filter(**{field: person}).exists()
            if holds and group_name not in held:
                person.user.groups.add(groups[group_name])
            elif not holds and group_name in held:
                person.user.groups.remove(groups[group_name])
    return section


@records_actor
def role_grant(*, staff: Staff, role: str, acting_user: AbstractBaseUser | None) -> None:
    staff.user.groups.add(Group.objects.get_or_create(name=role)[0])


RESET_REASON = "重置密码"


def password_reset_refusal(viewer: Viewer, staff: Staff) -> str | None:
    """Why ``viewer`` may not reset ``staff``'s password, or None when they may.

    A reset hands the resetter the account, so 政工科 resets only accounts below its own
    level: ordinary staff and section chiefs. Leaders, 政工科 itself, the inspection group
    (it checks everyone, 政工科 included, so 政工科 must not be able to act as it) and
    administrators are reset by an administrator. Nobody resets their own password here:
    they change it under 修改密码. ``staff.user`` should be loaded (two queries for the roles).
    """
    if not (viewer.is_personnel or viewer.is_admin):
        return "只有政工科或管理员可以重置密码。"
    if viewer.user_id == staff.user_id:
        return "不能在这里重置自己的密码，请在“修改密码”中修改。"
    if staff.status == Staff.Status.LEFT:
        return f"{staff.name}已离职，账号已停用，不能重置密码。"
    if not viewer.can_see_staff(staff):
        return f"{staff.name}不在您的单位，不能重置其密码。"
    if viewer.is_admin:
        return None
    target = viewer_for_staff(staff)
    above = [
        label
        for label, holds in (
            ("管理员", target.is_admin or staff.user.is_staff),
            ("主任", target.is_director),
            ("分管主任", target.is_deputy),
            ("政工科", target.is_personnel),
            ("督导小组", target.is_inspector),
        )
        if holds
    ]
    if above:
        return f"{staff.name}是{above[0]}，其密码只能由管理员重置。"
    return None


@records_actor
def staff_password_reset(
    *, staff: Staff, acting_user: AbstractBaseUser, ip: str | None = None
) -> str:
    """政工科 resets a forgotten password: a new one-time password, shown once, stored hashed.

    The person must change it at their next login; the Staff history records who reset it,
    when and from where, and the person is told.
    """
    with transaction.atomic():
        locked = Staff.objects.select_for_update().select_related("user").get(pk=staff.pk)
        refusal = password_reset_refusal(viewer_for(acting_user), locked)
        if refusal:
            raise AccountError(refusal)
        password = initial_password()
        locked.user.set_password(password)
        locked.user.save(update_fields=["password"])
        locked.must_change_password = True
        locked._history_ip = ip
        locked._change_reason = RESET_REASON
        locked.save(update_fields=["must_change_password"])
        notify(
            user_ids=[locked.user_id],
            title="您的密码已被重置",
            body=f"{user_display(acting_user)}重置了您的登录密码。下次登录时须先设置新密码；"
            "如果不是您本人申请的，请立即联系政工科。",
            acting_user=acting_user,
        )
    return password


@records_actor
def staff_password_changed(*, acting_user: AbstractBaseUser) -> None:
    """The person chose their own password: the one 政工科 handed out no longer binds them."""
    staff = Staff.objects.filter(user=acting_user, must_change_password=True).first()
    if staff is None:
        return
    staff.must_change_password = False
    staff._change_reason = "本人修改密码"
    staff.save(update_fields=["must_change_password"])


@records_actor
def unit_save(
    *,
    unit: Unit | None = None,
    name: str,
    short_name: str,
    order: int,
    acting_user: AbstractBaseUser | None,
) -> Unit:
    """Create a unit (``unit`` None) or rename/reorder one; 单位全称 is unique in the city."""
    name, short_name = name.strip(), short_name.strip()
    if not name or not short_name:
        raise UnitError("请填写单位全称和简称。")
    others = Unit.objects.filter(name=name)
    if unit is not None:
        others = others.exclude(pk=unit.pk)
    if others.exists():
        raise UnitError(f"已有名为“{name}”的单位，单位全称不能重复。")
    unit = unit or Unit()
    unit.name, unit.short_name, unit.order = name, short_name, order
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:  # the same name saved at the same moment
        raise UnitError(f"已有名为“{name}”的单位，单位全称不能重复。") from exc
    return unit
