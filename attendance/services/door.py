"""打卡屏 issued and revoked by 政工科; a tap's device bound, held 待认定 or refused; the
change of device approved (the door code itself is checked by attendance.door_selectors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from attendance import door
from attendance.closing import closed_or_raise
from attendance.errors import AttendanceError
from attendance.models import ClockDevice, ClockRecord, DeviceChangeRequest, DoorScreen, HeldClock
from attendance.services.status import day_status_refresh
from office import roles
from office.approvals.models import ApprovalStatus
from office.approvals.services import ApprovalError, approval_start
from office.audit import records_actor
from office.auth import user_display
from office.models import Staff, Unit
from office.notifications import notify
from office.org import Viewer, chief_of, viewer_for


def screen_manage_refusal(viewer: Viewer, unit_id: int | None) -> str | None:
    """政工科 issues and revokes their own unit's screens (the administrator any)."""
    if viewer.is_admin:
        return None
    if not viewer.has_role(roles.PERSONNEL) or unit_id is None or viewer.unit_id != unit_id:
        return "只有本单位政工科可以发放或吊销打卡屏。"
    return None


@records_actor
def door_screen_issue(
    *, unit: Unit, name: str, acting_user: AbstractBaseUser
) -> tuple[DoorScreen, str]:
    """A new screen and its key: the key is returned this once (only its hash is stored)."""
    name = name.strip()
    if not name:
        raise AttendanceError("请填写打卡屏的名称，如 东门。")
    key, hashed = door.new_key()
    screen = DoorScreen.objects.create(
        unit=unit,
        name=name[:30],
        key_hash=hashed,
        issued_at=timezone.now(),
        issued_by=acting_user,
    )
    return screen, key


@records_actor
def door_screen_revoke(*, screen: DoorScreen, acting_user: AbstractBaseUser) -> DoorScreen:
    """吊销: the screen's page stops showing codes and its codes stop counting at once."""
    with transaction.atomic():
        locked = DoorScreen.objects.select_for_update().get(pk=screen.pk)
        if locked.revoked_at is not None:
            raise AttendanceError("这块打卡屏已经吊销。")
        locked.revoked_at = timezone.now()
        locked.revoked_by = acting_user
        locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


UNBIND_REASON_MAX = 100  # kept as the history row's reason (simple-history's column)


def device_unbind_refusal(viewer: Viewer, staff: Staff) -> str | None:
    """政工科 of the person's unit (and the administrator) unbind a lost or replaced phone; a
    chief decides only a change to a device the person has already tapped from. Nobody unbinds
    their own: that would skip the chief's 认定 of their new device."""
    if not ((viewer.is_personnel or viewer.is_admin) and viewer.unit_has_section(staff.section_id)):
        return "只有本人所在单位的政工科可以解除打卡设备的绑定。"
    if viewer.staff is not None and viewer.staff.pk == staff.pk:
        return (
            "不能解除自己的打卡设备绑定：换用手机请直接用新手机打卡，由科长认定；"
            "手机丢失请由政工科其他同志解除。"
        )
    return None


@records_actor
def device_unbind(*, staff: Staff, reason: str, acting_user: AbstractBaseUser) -> ClockDevice:
    """解除绑定: the person's device stops being theirs; their next tap, from whatever browser,
    binds that one. The history row of the device names who, when and why; the person is told.
    Taps already held under a change request stay for the chief to decide."""
    if refusal := device_unbind_refusal(viewer_for(acting_user), staff):
        raise AttendanceError(refusal)
    reason = reason.strip()
    if not reason:
        raise AttendanceError("请填写解除绑定的原因，如 手机丢失、更换手机。")
    if len(reason) > UNBIND_REASON_MAX:
        raise AttendanceError(f"原因请写在 {UNBIND_REASON_MAX} 字以内。")
    with transaction.atomic():
        device = (
            ClockDevice.objects.select_for_update().filter(staff=staff, retired_at=None).first()
        )
        if device is None:
            raise AttendanceError(f"{staff.name}目前没有绑定的打卡设备，无需解除。")
        device.retired_at = timezone.now()
        device._change_reason = reason
        device.save(update_fields=["retired_at"])
        notify(
            user_ids=[staff.user_id],
            title="您的打卡设备已解除绑定",
            body=f"{user_display(acting_user)}解除了您的打卡设备（{device.label}）的"
            f"绑定，原因：{reason}。您下次打卡所用的手机或电脑将绑定为本人打卡设备。",
            url=reverse("attendance:clock"),
            acting_user=acting_user,
        )
    return device


@dataclass(frozen=True)
class DeviceOutcome:
    """The bound device a tap came from, or the open change request it is held under."""

    device: ClockDevice | None = None
    change: DeviceChangeRequest | None = None


def _tell_chiefs_of_shared_device(staff: Staff, owner: ClockDevice, user_agent: str) -> None:
    people = [staff, owner.staff]
    chiefs = {c.user_id for c in (chief_of(p) for p in people) if c is not None}
    notify(
        user_ids=chiefs,
        title=f"代打卡嫌疑：{staff.name}用{owner.staff.name}的设备打卡被拒",
        body=f"{staff.name}（{staff.section.name}）试图用{owner.staff.name}"
        f"（{owner.staff.section.name}）绑定的设备（{door.agent_summary(user_agent)}）打卡。",
        acting_user=None,
    )


@records_actor
def device_check(
    *, staff: Staff, device_id: str, user_agent: str, acting_user: AbstractBaseUser | None
) -> DeviceOutcome:
    """One device per person: the first device binds; another is held for the chief; a device
    bound to someone else is refused and both chiefs are told. One query on the usual path."""
    in_force = list(
        ClockDevice.objects.filter(Q(device_id=device_id) | Q(staff=staff), retired_at=None)
    )
    owner = next((d for d in in_force if d.device_id == device_id), None)
    if owner is not None and owner.staff_id != staff.pk:
        owner = ClockDevice.objects.select_related("staff__section").get(pk=owner.pk)
        _tell_chiefs_of_shared_device(
            Staff.objects.select_related("section").get(pk=staff.pk), owner, user_agent
        )
        raise AttendanceError(
            "这台设备已绑定其他人员，不能为您打卡。请用本人的手机或电脑打卡；"
            "如设备确属您本人，请联系科长。"
        )
    if owner is not None:
        return DeviceOutcome(device=owner)
    if not in_force:
        try:
            with transaction.atomic():
                return DeviceOutcome(
                    device=ClockDevice.objects.create(
                        staff=staff,
                        device_id=device_id,
                        label=door.agent_summary(user_agent),
                        bound_at=timezone.now(),
                    )
                )
        except IntegrityError:
            # Bound a moment ago by another tap of the same person or device: decide again.
            return device_check(
                staff=staff, device_id=device_id, user_agent=user_agent, acting_user=acting_user
            )
    return DeviceOutcome(change=_open_change(staff, device_id, user_agent, acting_user))


def _open_change(
    staff: Staff, device_id: str, user_agent: str, acting_user: AbstractBaseUser | None
) -> DeviceChangeRequest:
    """The person's open request for this device, started (and the chief told) if none; two
    first taps at once start one (the database's constraint settles it)."""
    open_ones = DeviceChangeRequest.objects.filter(
        applicant=staff, device_id=device_id, status=ApprovalStatus.PENDING
    )
    if (found := open_ones.first()) is not None:
        return found
    try:
        with transaction.atomic():
            change = DeviceChangeRequest.objects.create(
                applicant=staff,
                device_id=device_id,
                label=door.agent_summary(user_agent),
                user_agent=user_agent[:300],
            )
            approval_start(request_obj=change, acting_user=acting_user)
    except IntegrityError:
        return open_ones.get()
    return change


@records_actor
def held_clock_add(
    *,
    change: DeviceChangeRequest,
    date: dt.date,
    point: str,
    acting_user: AbstractBaseUser | None,
    **tap: object,
) -> tuple[HeldClock, bool]:
    """Keep the tap under the open change (a second tap for the same point keeps the first)."""
    return HeldClock.objects.get_or_create(change=change, date=date, point=point, defaults=tap)


def device_change_on_approved(
    request_obj: DeviceChangeRequest, *, acting_user: AbstractBaseUser | None
) -> None:
    """The new device replaces the bound one; the held taps become clock records."""
    now = timezone.now()
    held = list(request_obj.held_clocks.all())
    for tap in held:
        closed_or_raise(request_obj.applicant.section_id, tap.date)
    in_force = ClockDevice.objects.select_for_update().filter(
        Q(device_id=request_obj.device_id) | Q(staff_id=request_obj.applicant_id), retired_at=None
    )
    for old in in_force:
        if old.staff_id != request_obj.applicant_id:
            raise ApprovalError("这台设备已绑定其他人员，不能认定为本人设备，请驳回。")
        old.retired_at = now
        old.save(update_fields=["retired_at"])  # one by one: the history keeps who retired it
    device = ClockDevice.objects.create(
        staff_id=request_obj.applicant_id,
        device_id=request_obj.device_id,
        label=request_obj.label,
        bound_at=now,
        change=request_obj,
    )
    taken = set(
        ClockRecord.objects.filter(
            staff_id=request_obj.applicant_id, date__in={h.date for h in held}
        ).values_list("date", "point")
    )
    ClockRecord.objects.bulk_create(
        ClockRecord(
            staff_id=request_obj.applicant_id,
            date=h.date,
            point=h.point,
            at=h.at,
            ip=h.ip,
            user_agent=request_obj.user_agent,
            screen_id=h.screen_id,
            door_proof=h.door_proof,
            device=device,
            recorded_at=now,
        )
        for h in held
        if (h.date, h.point) not in taken
    )
    if held:
        day_status_refresh(
            staff_ids=[request_obj.applicant_id],
            start=min(h.date for h in held),
            end=max(h.date for h in held),
            acting_user=acting_user,
        )
