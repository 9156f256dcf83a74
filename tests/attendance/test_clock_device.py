"""One device per person: the first tap binds, another device is held 待认定 for the chief,
a device bound to one person cannot clock in for a second."""

import pytest
from django.urls import reverse

from attendance.errors import AttendanceError
from attendance.models import ClockDevice, ClockRecord, DeviceChangeRequest, HeldClock
from attendance.services import clock_in
from office.approvals.services import ApprovalError, approval_decide
from office.models import Notification
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login

PHONE = "Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile"
OTHER_PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"


def tap(staff, device_id, moment=None, agent=PHONE):
    return clock_in(
        staff=staff,
        now=moment or at(MONDAY, 8, 20),
        ip="10.1.2.3",
        user_agent=agent,
        acting_user=staff.user,
        device_id=device_id,
    )


def test_the_first_tap_binds_the_browser(org, device_required):
    result = tap(org.staff, "")
    device = ClockDevice.objects.get(staff=org.staff)
    assert result.device_id == device.device_id and len(device.device_id) == 32
    assert device.label == "安卓 · Chrome" and device.retired_at is None
    assert (result.record.device, result.record.proof) == (device, "本机")


def test_the_bound_device_taps_again_without_a_second_binding(org, device_required, frozen):
    first = tap(org.staff, "")
    frozen(at(MONDAY, 12, 1))
    second = tap(org.staff, first.device_id, at(MONDAY, 12, 1))
    assert second.created and second.record.device == first.record.device
    assert ClockDevice.objects.count() == 1


def test_another_device_is_held_for_the_chief(
    org, device_required, frozen, django_capture_on_commit_callbacks
):
    tap(org.staff, "a" * 32)
    frozen(at(MONDAY, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        held = tap(org.staff, "b" * 32, at(MONDAY, 12, 1), agent=OTHER_PHONE)
    assert held.record is None and held.device_id == "b" * 32 and "待科长认定" in held.message
    assert ClockRecord.objects.filter(staff=org.staff).count() == 1
    change = DeviceChangeRequest.objects.get(applicant=org.staff)
    assert (change.status, change.label) == ("pending", "iPhone · Safari")
    assert HeldClock.objects.get(change=change).point == "am_out"
    assert Notification.objects.filter(recipient=org.chief.user, title__contains="换用打卡设备")
    # A second tap from it joins the same request.
    frozen(at(MONDAY, 14, 1))
    tap(org.staff, "b" * 32, at(MONDAY, 14, 1), agent=OTHER_PHONE)
    assert DeviceChangeRequest.objects.count() == 1 and HeldClock.objects.count() == 2


def test_the_chiefs_approval_binds_the_new_device_and_records_the_held_taps(
    org, device_required, frozen
):
    old = ClockDevice.objects.get(pk=tap(org.staff, "a" * 32).record.device_id)
    frozen(at(MONDAY, 12, 1))
    tap(org.staff, "b" * 32, at(MONDAY, 12, 1), agent=OTHER_PHONE)
    change = DeviceChangeRequest.objects.get()
    approval_decide(request_obj=change, acting_user=org.chief.user, approve=True)
    old.refresh_from_db()
    new = ClockDevice.objects.get(retired_at=None)
    assert old.retired_at is not None and (new.device_id, new.change) == ("b" * 32, change)
    record = ClockRecord.objects.get(staff=org.staff, point="am_out")
    assert (record.at, record.device, record.recorded_at) == (
        at(MONDAY, 12, 1),
        new,
        at(MONDAY, 12, 1),
    )
    # From now on the new device is the bound one; the old one is held in turn.
    frozen(at(MONDAY, 14, 1))
    assert tap(org.staff, "b" * 32, at(MONDAY, 14, 1)).record.device == new
    assert tap(org.staff, "a" * 32, at(MONDAY, 17, 31)).record is None


def test_a_rejection_leaves_the_held_taps_unrecorded(org, device_required, frozen):
    tap(org.staff, "a" * 32)
    frozen(at(MONDAY, 12, 1))
    tap(org.staff, "b" * 32, at(MONDAY, 12, 1))
    change = DeviceChangeRequest.objects.get()
    with pytest.raises(ApprovalError, match="理由"):
        approval_decide(request_obj=change, acting_user=org.chief.user, approve=False)
    approval_decide(
        request_obj=change, acting_user=org.chief.user, approve=False, comment="不是本人手机"
    )
    assert not ClockRecord.objects.filter(point="am_out").exists()
    assert ClockDevice.objects.get(retired_at=None).device_id == "a" * 32


def test_a_device_bound_to_one_person_cannot_clock_in_for_another(
    org, device_required, django_capture_on_commit_callbacks
):
    bound = tap(org.staff, "").device_id
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(AttendanceError, match="已绑定其他人员"),
    ):
        tap(org.other_staff, bound)
    assert not ClockRecord.objects.filter(staff=org.other_staff).exists()
    told = set(
        Notification.objects.filter(title__contains="代打卡").values_list("recipient_id", flat=True)
    )
    assert told == {org.chief.user_id, org.other_chief.user_id}


def test_the_device_cookie_is_signed_long_lived_and_refuses_a_colleague(org, device_required):
    client = login(org.staff)
    response = client.post(reverse("attendance:clock_do"), HTTP_USER_AGENT=PHONE)
    cookie = response.cookies["clock_device"]
    assert cookie["httponly"] and int(cookie["max-age"]) > 365 * 24 * 3600
    device_id = ClockDevice.objects.get(staff=org.staff).device_id
    assert device_id in cookie.value and cookie.value != device_id  # signed, not bare
    colleague = login(org.other_staff)
    colleague.cookies["clock_device"] = cookie.value
    page = colleague.post(reverse("attendance:clock_do"), follow=True).content.decode()
    assert "已绑定其他人员" in page
    assert not ClockRecord.objects.filter(staff=org.other_staff).exists()


def test_a_forged_device_cookie_counts_as_a_new_browser(org, device_required):
    tap(org.staff, "a" * 32)
    client = login(org.staff)
    client.cookies["clock_device"] = "a" * 32  # unsigned
    client.post(reverse("attendance:clock_do"))
    assert DeviceChangeRequest.objects.filter(applicant=org.staff).exists()


def test_the_change_request_page_shows_the_held_taps_to_the_chief_only(
    org, device_required, frozen
):
    tap(org.staff, "a" * 32)
    frozen(at(MONDAY, 12, 1))
    tap(org.staff, "b" * 32, at(MONDAY, 12, 1), agent=OTHER_PHONE)
    url = DeviceChangeRequest.objects.get().get_absolute_url()
    page = login(org.chief).get(url).content.decode()
    assert "iPhone · Safari" in page and "上午下班 12:01:00" in page and "同意" in page
    assert login(org.other_staff).get(url).status_code == 404
    assert (
        login(org.staff).get(reverse("attendance:request_new", args=["device"])).status_code == 404
    )


def test_proofs_off_set_no_cookie_and_bind_nothing(org, frozen):
    frozen(at(MONDAY, 8, 20))
    response = login(org.staff).post(reverse("attendance:clock_do"))
    assert "clock_device" not in response.cookies
    assert not ClockDevice.objects.exists()
    assert ClockRecord.objects.get().proof == "仅网络"


def test_the_clock_page_says_the_held_tap_waits_for_the_chief(org, device_required, frozen):
    tap(org.staff, "a" * 32)
    frozen(at(MONDAY, 12, 1))
    tap(org.staff, "b" * 32, at(MONDAY, 12, 1), agent=OTHER_PHONE)
    page = login(org.staff).get(reverse("attendance:clock")).text
    assert 'id="clock-held"' in page and "1 次打卡来自尚未认定的设备（iPhone · Safari）" in page
    assert "12:01:00 待科长认定" in page
    assert DeviceChangeRequest.objects.get().get_absolute_url() in page
    # Once rejected it is no longer waiting: the page says nothing of it.
    approval_decide(
        request_obj=DeviceChangeRequest.objects.get(),
        acting_user=org.chief.user,
        approve=False,
        comment="不是本人手机",
    )
    page = login(org.staff).get(reverse("attendance:clock")).text
    assert "clock-held" not in page and "待科长认定" not in page


def test_another_device_on_a_point_already_clocked_is_told_it_is_not_the_bound_one(
    org, device_required, frozen
):
    first = tap(org.staff, "a" * 32)
    frozen(at(MONDAY, 8, 25))
    again = tap(org.staff, "b" * 32, at(MONDAY, 8, 25), agent=OTHER_PHONE)
    assert (again.record, again.created) == (first.record, False)
    assert "已打卡：上午上班 08:20:00" in again.message
    assert "这台设备（iPhone · Safari）不是您绑定的打卡设备，是否换用由科长认定" in again.message
    assert not HeldClock.objects.exists()
    assert DeviceChangeRequest.objects.get().device_id == "b" * 32
