"""The 打卡屏's rotating code: fresh, one step old, two steps old, forged, another screen's,
a revoked screen's; the same code for two people; proofs off = the taps of before."""

import pytest

from attendance import door
from attendance.errors import AttendanceError
from attendance.models import ClockRecord, DoorScreen
from attendance.services import clock_in
from attendance.services.door import door_screen_revoke
from tests.attendance.conftest import MONDAY, at
from tests.attendance.proofs import SECONDS, code_at, require_proofs, screen
from tests.factories import SectionFactory, StaffFactory, UnitFactory

NOW = at(MONDAY, 8, 20, 5)


def tap(staff, code="", moment=NOW):
    return clock_in(
        staff=staff,
        now=moment,
        ip="10.1.2.3",
        user_agent="Mozilla/5.0 (iPhone) Safari",
        acting_user=staff.user,
        door_code=code,
    )


@pytest.fixture
def door_required(org, frozen, django_capture_on_commit_callbacks):
    frozen(NOW)
    require_proofs(org.section, django_capture_on_commit_callbacks, door_code=True)


def test_a_fresh_code_is_taken_and_the_record_keeps_its_screen_and_code(org, door_required):
    east, _ = screen(org)
    code = code_at(east.pk, NOW)
    record = tap(org.staff, code).record
    assert (record.screen, record.door_proof, record.proof) == (east, code, "门口码")


def test_a_code_one_step_old_is_taken(org, door_required):
    east, _ = screen(org)
    assert tap(org.staff, code_at(east.pk, NOW, steps_back=1)).record.screen == east


def test_a_code_two_steps_old_is_refused(org, door_required):
    east, _ = screen(org)
    with pytest.raises(AttendanceError, match="门口码已过期"):
        tap(org.staff, code_at(east.pk, NOW, steps_back=2))
    assert not ClockRecord.objects.exists()


def test_a_code_sent_ahead_is_not_taken_before_its_step(org, door_required):
    east, _ = screen(org)
    ahead = door.code_for(east.pk, door.step_of(NOW, SECONDS) + 1)
    with pytest.raises(AttendanceError, match="门口码无效"):
        tap(org.staff, ahead)


@pytest.mark.parametrize("mangle", ["0" * 20, "", "a-b-c", "garbage"])
def test_a_forged_signature_is_refused(org, door_required, mangle):
    east, _ = screen(org)
    step = door.step_of(NOW, SECONDS)
    forged = f"{east.pk}-{step}-{mangle}" if mangle in ("0" * 20, "") else mangle
    with pytest.raises(AttendanceError, match="门口码无效"):
        tap(org.staff, forged)
    assert not ClockRecord.objects.exists()


def test_another_screens_code_is_refused(org, door_required):
    east, _ = screen(org)
    west, _ = screen(org, "西门")
    east_code = code_at(east.pk, NOW)
    as_west = east_code.replace(f"{east.pk}-", f"{west.pk}-", 1)
    with pytest.raises(AttendanceError, match="门口码无效"):
        tap(org.staff, as_west)


def test_another_units_screen_is_refused(org, door_required):
    elsewhere, _ = screen(org, "财政局东门", unit=UnitFactory())
    with pytest.raises(AttendanceError, match="其他单位的打卡屏"):
        tap(org.staff, code_at(elsewhere.pk, NOW))


def test_a_revoked_screens_code_is_refused_at_once(org, door_required):
    east, _ = screen(org)
    code = code_at(east.pk, NOW)
    door_screen_revoke(screen=east, acting_user=org.personnel.user)
    with pytest.raises(AttendanceError, match="已停用"):
        tap(org.staff, code)
    with pytest.raises(AttendanceError, match="已经吊销"):
        door_screen_revoke(screen=east, acting_user=org.personnel.user)


def test_the_same_code_for_two_people_is_taken_for_both(org, door_required):
    # It proves presence at the door, not identity: two colleagues arriving together.
    east, _ = screen(org)
    colleague = StaffFactory(section=org.section)
    code = code_at(east.pk, NOW)
    first, second = tap(org.staff, code), tap(colleague, code)
    assert first.created and second.created
    assert {r.screen_id for r in ClockRecord.objects.all()} == {east.pk}


def test_a_door_schedule_refuses_a_tap_without_a_code(org, door_required):
    with pytest.raises(AttendanceError, match="扫描单位门口打卡屏"):
        tap(org.staff)


def test_the_schedule_decides_who_needs_the_code(org, door_required):
    # 行政科 keeps the default schedule: no code needed, as before.
    assert tap(org.other_staff).record.proof == "仅网络"


def test_without_the_door_proof_a_bad_code_changes_nothing(org, frozen):
    frozen(NOW)
    record = tap(org.staff, "1-2-forged").record
    assert (record.screen, record.door_proof, record.device) == (None, "", None)


def test_without_the_door_proof_a_good_code_is_still_kept(org, frozen):
    frozen(NOW)
    east, _ = screen(org)
    assert tap(org.staff, code_at(east.pk, NOW)).record.screen == east


def test_network_off_lets_a_door_tap_in_from_the_phone_network(
    org, frozen, django_capture_on_commit_callbacks
):
    from office.config import setting_set

    frozen(NOW)
    setting_set(key="allowed_networks", value="10.0.0.0/8", acting_user=None)
    require_proofs(org.section, django_capture_on_commit_callbacks, network=False, door_code=True)
    east, _ = screen(org)
    record = clock_in(
        staff=org.staff,
        now=NOW,
        ip="203.0.113.9",
        user_agent="",
        acting_user=org.staff.user,
        door_code=code_at(east.pk, NOW),
    ).record
    assert (record.ip, record.screen) == ("203.0.113.9", east)


def test_the_key_is_kept_only_as_its_hash(org):
    east, key = screen(org)
    stored = DoorScreen.objects.get(pk=east.pk)
    assert key not in stored.key_hash and stored.key_hash == door.key_hash(key)
    assert stored.history.count() == 1 and stored.issued_by == org.personnel.user


def test_a_screen_needs_a_name(org):
    with pytest.raises(AttendanceError, match="名称"):
        screen(org, "  ")


def test_the_code_length_is_a_setting(org, frozen):
    from office.config import setting_set

    setting_set(key="door_code_seconds", value=60, acting_user=None)
    frozen(NOW)
    east, _ = screen(org)
    # 50 s old: two 20-second steps, but under one 60-second step.
    old = door.code_for(east.pk, door.step_of(NOW, 60) - 1)
    assert tap(org.staff, old).record.screen == east


def test_a_section_of_another_unit_sees_its_own_screens_only(org, door_required):
    unit = UnitFactory()
    stranger = StaffFactory(section=SectionFactory(unit=unit))
    east, _ = screen(org)
    record = tap(stranger, code_at(east.pk, NOW)).record
    assert record.screen is None  # not required of them, and not their unit's screen
