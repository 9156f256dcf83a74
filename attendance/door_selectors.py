"""Reads of proof of presence: a tap's door code checked, the screens 政工科 manages, the held
taps of a 待认定, the proof marks of the chief's grid and the 去向 board's count of unproven taps.

The screens are reference data (a handful of rows, read by every tap that carries a code):
they are cached by office.refdata with the sections of their unit, so checking a code costs no
query; issuing or revoking one sets a new generation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from attendance import door
from attendance.models import ClockDevice, ClockRecord, DeviceChangeRequest, DoorScreen, HeldClock
from attendance.models.clock import proof_label
from office import config, refdata
from office.approvals.models import ApprovalStatus
from office.auth import user_display
from office.models import Staff
from office.org import Viewer

SCREENS_CACHE = "door-screens"


def _screen_rows() -> list[tuple]:
    return list(
        DoorScreen.objects.filter(revoked_at=None).values_list("pk", "name", "unit__sections__id")
    )


@dataclass(frozen=True)
class ScreenSeen:
    """An active screen as a tap sees it: its name and the sections of its unit."""

    pk: int
    name: str
    section_ids: frozenset[int]


def active_screens() -> dict[int, ScreenSeen]:
    """The screens not revoked (cached; one query when not)."""
    names: dict[int, str] = {}
    sections: dict[int, set[int]] = {}
    for pk, name, section_id in refdata.rows(SCREENS_CACHE, _screen_rows):
        names[pk] = name
        sections.setdefault(pk, set()).add(section_id)
    return {pk: ScreenSeen(pk, names[pk], frozenset(sections[pk])) for pk in names}


def door_code_check(
    code: str, *, section_id: int, now: dt.datetime, seconds: int
) -> tuple[ScreenSeen, str] | str:
    """The screen a fresh, genuine code of the person's own unit came from (with the code, kept
    as the proof), or the Chinese reason the code does not count."""
    checked = door.code_refusal(code, now, seconds)
    if isinstance(checked, str):
        return checked
    screen = active_screens().get(checked.screen_id)
    if screen is None:
        return "这块打卡屏已停用，它的二维码不能再打卡。请扫描其他打卡屏，或联系政工科。"
    if section_id not in screen.section_ids:
        return "这是其他单位的打卡屏，请扫描本单位门口的二维码。"
    return screen, code


def screen_for_key(key: str) -> DoorScreen | None:
    """The active screen a key opens (the kiosk's one-time sign-in)."""
    if not key.strip():
        return None
    return DoorScreen.objects.filter(key_hash=door.key_hash(key), revoked_at=None).first()


def screens_for(viewer: Viewer) -> QuerySet[DoorScreen]:
    """The screens of the viewer's unit (the administrator: every unit's)."""
    screens = DoorScreen.objects.select_related("unit", "issued_by", "revoked_by")
    return screens if viewer.is_admin else screens.filter(unit_id=viewer.unit_id)


def screen_for_viewer(viewer: Viewer, pk: int) -> DoorScreen:
    screen = screens_for(viewer).filter(pk=pk).first()
    if screen is None:
        raise Http404("没有找到这块打卡屏。")
    return screen


def held_clocks(change: DeviceChangeRequest) -> list[HeldClock]:
    return list(change.held_clocks.select_related("screen"))


def bound_device(staff: Staff) -> ClockDevice | None:
    return ClockDevice.objects.filter(staff=staff, retired_at=None).first()


@dataclass(frozen=True)
class DeviceEvent:
    at: dt.datetime
    what: str
    label: str
    by: str
    reason: str


def device_events(staff: Staff, limit: int) -> list[DeviceEvent]:
    """The person's devices bound and unbound, newest first, from the devices' history (who,
    when and why each time): one query."""
    rows = (
        ClockDevice.history.filter(staff_id=staff.pk)
        .select_related("history_user__staff")
        .order_by("-history_date", "-history_id")[:limit]
    )
    events = []
    for row in rows:
        if row.history_type == "+":
            what = "经科长认定换用" if row.change_id else "首次打卡绑定"
        elif row.retired_at is not None:
            what = "解除绑定" if row.history_change_reason else "换用新设备，停用"
        else:
            continue
        by = "系统" if row.history_user is None else user_display(row.history_user)
        events.append(
            DeviceEvent(row.history_date, what, row.label, by, row.history_change_reason or "")
        )
    return events


def held_today(staff: Staff, day: dt.date) -> dict[str, HeldClock]:
    """The person's taps of the day held for the chief (待认定), by clock point: one query."""
    held = HeldClock.objects.filter(
        change__applicant=staff, change__status=ApprovalStatus.PENDING, date=day
    ).select_related("change")
    return {tap.point: tap for tap in held}


def month_proof_marks(
    staff_ids: Iterable[int], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], str]:
    """(person, day) -> what every tap of that day proves (门口码, 本机, both, or 仅网络 when
    one of them proves neither); empty when no tap of the range proves anything, so an office
    that requires no proof sees its grid as before. One query, grouped in the database."""
    rows = (
        ClockRecord.objects.filter(
            staff_id__in=list(staff_ids),
            date__range=(start, end),
            source=ClockRecord.Source.CLOCK,
        )
        .order_by()
        .values_list("staff_id", "date")
        .annotate(taps=Count("pk"), at_door=Count("screen_id"), on_device=Count("device_id"))
    )
    marks, any_proof = {}, False
    for staff_id, day, taps, at_door, on_device in rows:
        any_proof = any_proof or bool(at_door or on_device)
        marks[staff_id, day] = proof_label(at_door == taps, on_device == taps)
    return marks if any_proof else {}


@dataclass(frozen=True)
class ProofCounts:
    door: int = 0
    device: int = 0
    unproven: int = 0

    @property
    def shown(self) -> bool:
        """Worth a line on the board once some tap proved something: an office that requires
        no proof sees its board as before."""
        return bool(self.door or self.device)


def proof_counts(section_ids: Iterable[int], day: dt.date) -> ProofCounts:
    """Today's taps of the sections by proof: one aggregate query whatever the number of
    people (taps held 待认定 are in the chiefs' inboxes, not yet taps)."""
    ids = list(section_ids)
    taps = ClockRecord.objects.filter(
        date=day, source=ClockRecord.Source.CLOCK, staff__section_id__in=ids
    ).aggregate(
        at_door=Count("pk", filter=Q(screen__isnull=False)),
        on_device=Count("pk", filter=Q(device__isnull=False)),
        unproven=Count("pk", filter=Q(screen__isnull=True, device__isnull=True)),
    )
    return ProofCounts(taps["at_door"], taps["on_device"], taps["unproven"])


@dataclass(frozen=True)
class DoorSeen:
    ok: bool
    text: str


def door_code_seen(code: str, staff: Staff, now: dt.datetime) -> DoorSeen:
    """What the clock page says of the code the camera opened it with (the tap checks again)."""
    checked = door_code_check(
        code, section_id=staff.section_id, now=now, seconds=config.get("door_code_seconds")
    )
    if isinstance(checked, str):
        return DoorSeen(False, checked)
    return DoorSeen(True, f"已扫描“{checked[0].name}”打卡屏的二维码，请在二维码更换前按下打卡。")
