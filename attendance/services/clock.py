"""打卡: one tap, server time, office network only, one record per clock point."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from attendance.door import new_device_id
from attendance.door_selectors import door_code_check
from attendance.engine import point_for
from attendance.errors import AttendanceError
from attendance.models import ClockRecord, DeviceChangeRequest
from attendance.services.door import device_check, held_clock_add
from attendance.services.status import Context
from office.audit import records_actor
from office.config import parse_clock_time, parse_networks
from office.models import Staff


@dataclass(frozen=True)
class ClockResult:
    record: ClockRecord | None  # None: held 待认定 (a device not yet approved)
    created: bool
    message: str
    # The device the browser should keep in its cookie (set when the schedule asks for one).
    device_id: str = ""


def clock_opens_at(settings: dict) -> dt.time:
    """The earliest time of day a tap is taken (setting ``clock_earliest``)."""
    return parse_clock_time(settings["clock_earliest"])


def network_allowed(ip: str | None, networks_setting: str) -> bool:
    """An empty list allows anywhere (PRODUCT.md §3); otherwise the address must be inside."""
    networks = parse_networks(networks_setting)
    if not networks:
        return True
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in networks)


@records_actor
def clock_in(
    *,
    staff: Staff,
    now: dt.datetime,
    ip: str | None,
    user_agent: str,
    acting_user: AbstractBaseUser | None,
    door_code: str = "",
    device_id: str = "",
) -> ClockResult:
    """Record the tap for the clock point the time belongs to.

    A second tap for the same point returns the first record unchanged (the database's unique
    constraint settles two simultaneous taps). The day's stored status is left to
    pending_days_refresh (the minute job; pages count pending taps in on read without
    writing): the tap itself is one insert (the record is its own audit row, with no history
    copy), with the schedule, calendar and settings read from the cache.

    The person's schedule says which proofs the tap needs (network by default; a fresh
    ``door_code`` of a 打卡屏, the bound ``device_id``); a door code carried where none is
    needed is kept when it is good and ignored when not, as before there were screens.
    """
    local = timezone.localtime(now)
    day = local.date()
    context = Context.load(day, day)
    settings = context.settings_for(staff.section_id)  # the person's unit's, over the city's
    proofs = context.proofs_for(staff.pk, staff.section_id, day)
    if "network" in proofs and not network_allowed(ip, settings["allowed_networks"]):
        raise AttendanceError(
            f"当前网络（{ip or '未知地址'}）不在单位办公网络范围内，不能打卡。请连接办公室网络后再试。"
        )
    if staff.status != Staff.Status.ACTIVE:
        raise AttendanceError("您的人员状态不是在岗，不需要打卡。如有疑问请联系政工科。")
    earliest = clock_opens_at(context.settings)
    if local.time() < earliest:
        # A tap just after midnight is not an on-time 上午上班 for the day that starts then.
        raise AttendanceError(
            f"{earliest:%H:%M} 之前不能打卡（现在是 {local:%H:%M:%S}）。"
            f"请在 {earliest:%H:%M} 以后再打卡。"
        )
    point = point_for(context.hours_for(staff.pk, staff.section_id, day), local.time())
    screen_id, door_proof = _door_proof(
        door_code, proofs, section_id=staff.section_id, now=now, settings=context.settings
    )
    device = None
    if "device" in proofs:
        device_id = device_id or new_device_id()
        outcome = device_check(
            staff=staff, device_id=device_id, user_agent=user_agent, acting_user=acting_user
        )
        if outcome.change is not None:
            return _held(
                staff,
                outcome.change,
                local=local,
                point=point,
                ip=ip,
                screen_id=screen_id,
                door_proof=door_proof,
                device_id=device_id,
                acting_user=acting_user,
            )
        device = outcome.device
    else:
        device_id = ""
    try:
        with transaction.atomic():
            record = ClockRecord.objects.create(
                staff=staff,
                date=day,
                point=point,
                at=now,
                ip=ip or None,
                user_agent=user_agent[:300],
                status_pending=True,
                recorded_at=now,
                screen_id=screen_id,
                door_proof=door_proof,
                device=device,
            )
    except IntegrityError:
        record = ClockRecord.objects.get(staff=staff, date=day, point=point)
        return ClockResult(record, False, _already(record), device_id)
    return ClockResult(
        record, True, f"打卡成功：{record.get_point_display()} {local:%H:%M:%S}。", device_id
    )


def _already(record: ClockRecord) -> str:
    at = timezone.localtime(record.at)
    return f"已打卡：{record.get_point_display()} {at:%H:%M:%S}，无需重复打卡。"


def _door_proof(
    code: str, proofs: frozenset[str], *, section_id: int, now: dt.datetime, settings: dict
) -> tuple[int | None, str]:
    """The screen whose fresh code the tap carries, and the code; refused when the schedule
    asks for one that does not count (without that proof a bad code is ignored, as before)."""
    if not code and "door" not in proofs:
        return None, ""
    checked = (
        door_code_check(code, section_id=section_id, now=now, seconds=settings["door_code_seconds"])
        if code
        else "请用手机扫描单位门口打卡屏上的二维码打卡。"
    )
    if isinstance(checked, str):
        if "door" in proofs:
            raise AttendanceError(checked)
        return None, ""
    return checked[0].pk, checked[1]


def _held(
    staff: Staff,
    change: DeviceChangeRequest,
    *,
    local: dt.datetime,
    point: str,
    ip: str | None,
    screen_id: int | None,
    door_proof: str,
    device_id: str,
    acting_user: AbstractBaseUser | None,
) -> ClockResult:
    """待认定: the tap from an unapproved device is kept for the chief, not yet recorded."""
    record = ClockRecord.objects.filter(staff=staff, date=local.date(), point=point).first()
    if record is not None:
        # Clocked already, from the bound device (or a moment ago from another browser that won
        # the first binding): nothing to hold, but this browser is still not the bound one.
        return ClockResult(
            record,
            False,
            f"{_already(record)}这台设备（{change.label}）不是您绑定的打卡设备，"
            "是否换用由科长认定；在此之前请用绑定的设备打卡。",
            device_id,
        )
    held, created = held_clock_add(
        acting_user=acting_user,
        change=change,
        date=local.date(),
        point=point,
        at=local,
        ip=ip or None,
        screen_id=screen_id,
        door_proof=door_proof,
    )
    at = timezone.localtime(held.at)
    return ClockResult(
        None,
        created,
        f"这台设备（{change.label}）不是您绑定的打卡设备：本次{held.get_point_display()}"
        f"（{at:%H:%M:%S}）已记下，待科长认定后计入考勤。",
        device_id,
    )
