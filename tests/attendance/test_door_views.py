"""打卡屏 pages: 政工科's list (issue, revoke) by role, the screen's sign-in, page and codes,
the clock page opened from a code, and what a tap with proofs costs in queries."""

import pytest
from django.test import Client
from django.urls import reverse

from attendance import door
from attendance.models import ClockRecord, DoorScreen, Schedule
from attendance.services.door import door_screen_revoke
from tests.attendance.conftest import MONDAY, at
from tests.attendance.proofs import SECONDS, code_at, commit_setup, require_proofs, screen
from tests.conftest import login
from tests.factories import SectionFactory, StaffFactory, UnitFactory

NOW = at(MONDAY, 8, 20, 5)


@pytest.fixture
def monday(frozen):
    frozen(NOW)


def signed_in_screen(key: str) -> Client:
    client = Client()
    response = client.post(reverse("attendance:kiosk_signin"), {"key": key})
    assert response.status_code == 302 and response.url == reverse("attendance:kiosk")
    return client


def test_personnel_lists_and_issues_screens_and_sees_the_key_once(org):
    client = login(org.personnel)
    assert client.get(reverse("attendance:screens")).status_code == 200
    response = client.post(reverse("attendance:screen_issue"), {"name": "东门"})
    page = response.content.decode()
    assert response.status_code == 200 and "只显示这一次" in page
    east = DoorScreen.objects.get()
    key = page.split('id="screen-key">')[1].split("<")[0]
    assert door.key_hash(key) == east.key_hash and east.unit == org.section.unit
    listing = client.get(reverse("attendance:screens")).content.decode()
    assert "东门" in listing and key not in listing


def test_an_empty_name_is_refused_in_chinese(org):
    response = login(org.personnel).post(reverse("attendance:screen_issue"), {"name": ""})
    assert response.status_code == 400 and not DoorScreen.objects.exists()


@pytest.mark.parametrize("who", ["staff", "chief", "director", "inspector"])
def test_other_roles_cannot_manage_screens(org, who):
    client = login(getattr(org, who))
    assert client.get(reverse("attendance:screens")).status_code == 403
    assert client.post(reverse("attendance:screen_issue"), {"name": "东门"}).status_code == 403
    assert not DoorScreen.objects.exists()


def test_personnel_revokes_a_screen_and_the_history_keeps_who(org):
    east, _ = screen(org)
    client = login(org.personnel)
    assert client.get(reverse("attendance:screen_revoke", args=[east.pk])).status_code == 405
    client.post(reverse("attendance:screen_revoke", args=[east.pk]))
    east.refresh_from_db()
    assert east.revoked_at is not None and east.revoked_by == org.personnel.user
    assert east.history.first().history_user == org.personnel.user


def test_another_units_personnel_gets_404_for_the_screen(org):
    east, _ = screen(org)
    stranger = StaffFactory(section=SectionFactory(unit=UnitFactory()))
    from office import roles
    from office.services import role_grant

    role_grant(staff=stranger, role=roles.PERSONNEL, acting_user=None)
    response = login(stranger).post(reverse("attendance:screen_revoke", args=[east.pk]))
    assert response.status_code == 404
    assert DoorScreen.objects.get().revoked_at is None


def test_the_screen_signs_in_once_and_shows_the_code_without_a_staff_login(org, monday):
    east, key = screen(org)
    client = signed_in_screen(key)
    page = client.get(reverse("attendance:kiosk")).content.decode()
    assert "东门" in page and "<svg" in page and "网络中断" in page
    codes = client.get(reverse("attendance:kiosk_codes")).json()
    step = door.step_of(NOW, SECONDS)
    assert codes["seconds"] == SECONDS and [c["step"] for c in codes["codes"]] == [
        step,
        step + 1,
        step + 2,
        step + 3,
    ]
    assert all(c["until"] - c["from"] == SECONDS * 1000 for c in codes["codes"])


def test_a_wrong_key_does_not_sign_in(org):
    screen(org)
    response = Client().post(reverse("attendance:kiosk_signin"), {"key": "guess"})
    assert response.status_code == 200 and "密钥不正确" in response.content.decode()
    assert "door_screen" not in response.cookies


def test_a_revoked_screen_is_signed_out_at_once(org, monday):
    east, key = screen(org)
    client = signed_in_screen(key)
    door_screen_revoke(screen=east, acting_user=org.personnel.user)
    assert client.get(reverse("attendance:kiosk")).url == reverse("attendance:kiosk_signin")
    assert client.get(reverse("attendance:kiosk_codes")).status_code == 403
    assert Client().post(reverse("attendance:kiosk_signin"), {"key": key}).status_code == 200


def test_the_screen_pages_refuse_other_methods(org):
    _, key = screen(org)
    client = signed_in_screen(key)
    assert client.post(reverse("attendance:kiosk")).status_code == 405
    assert client.post(reverse("attendance:kiosk_codes")).status_code == 405


def test_a_forged_screen_cookie_shows_nothing(org):
    east, _ = screen(org)
    client = Client()
    client.cookies["door_screen"] = f"{east.pk}:{east.key_hash}"
    assert client.get(reverse("attendance:kiosk")).status_code == 302
    assert client.get(reverse("attendance:kiosk_codes")).status_code == 403


def test_scanning_opens_the_clock_page_with_the_code_in_its_form(org, monday):
    east, _ = screen(org)
    code = code_at(east.pk, NOW)
    client = login(org.staff)
    page = client.get(reverse("attendance:clock"), {"door": code}).content.decode()
    assert "已扫描“东门”打卡屏的二维码" in page and f'name="door" value="{code}"' in page
    client.post(reverse("attendance:clock_do"), {"door": code})
    assert ClockRecord.objects.get().screen == east


def test_the_clock_page_says_when_the_scanned_code_is_stale(org, monday):
    east, _ = screen(org)
    stale = code_at(east.pk, NOW, steps_back=2)
    page = login(org.staff).get(reverse("attendance:clock"), {"door": stale}).content.decode()
    assert "门口码已过期" in page


def test_scanning_before_logging_in_comes_back_to_the_code(org, monday):
    east, _ = screen(org)
    url = reverse("attendance:clock") + f"?door={code_at(east.pk, NOW)}"
    response = Client().get(url)
    assert response.status_code == 302 and "next=" in response.url
    assert "door%3D" in response.url  # the code survives the login


def test_a_tap_with_door_and_device_proofs_is_one_query_more(
    org, monday, frozen, django_assert_num_queries, django_capture_on_commit_callbacks
):
    require_proofs(org.section, django_capture_on_commit_callbacks, door_code=True, device=True)
    east, _ = screen(org)
    commit_setup()
    client = login(org.staff)
    client.post(reverse("attendance:clock_do"), {"door": code_at(east.pk, NOW)})  # binds
    frozen(at(MONDAY, 12, 1))
    code = code_at(east.pk, at(MONDAY, 12, 1))
    # The camera opens the clock page with the code: reference data (the screens too) cached.
    client.get(reverse("attendance:clock"), {"door": code})
    # session; user with their Staff row; the bound device (the one more); SAVEPOINT; INSERT
    # the record; RELEASE. The screens, like the schedules and settings, come from the cache.
    with django_assert_num_queries(6):
        client.post(reverse("attendance:clock_do"), {"door": code}, REMOTE_ADDR="10.0.0.5")
    assert ClockRecord.objects.filter(screen=east, device__isnull=False).count() == 2


def test_personnel_chooses_the_proofs_of_a_schedule(org, monday):
    client = login(org.personnel)
    fields = {
        "name": "窗口作息",
        "valid_from": "2026-11-24",
        "points": 4,
        "am_start": "08:30",
        "am_end": "12:00",
        "summer_pm_start": "14:30",
        "summer_pm_end": "17:30",
        "winter_pm_start": "14:00",
        "winter_pm_end": "17:00",
        "summer_start_month": 5,
        "summer_start_day": 1,
        "summer_end_month": 9,
        "summer_end_day": 30,
        "grace_minutes": 0,
        "proof_door": "on",
        "proof_device": "on",
    }
    client.post(reverse("attendance:schedule_new"), fields)
    saved = Schedule.objects.get(name="窗口作息")
    assert (saved.proof_network, saved.proof_door, saved.proof_device) == (False, True, True)
    assert "门口码、本人设备" in client.get(reverse("attendance:schedules")).content.decode()


def test_the_screens_page_says_where_a_device_is_unbound(org):
    page = login(org.personnel).get(reverse("attendance:screens")).text
    assert "解除绑定" in page and reverse("people:list") in page
