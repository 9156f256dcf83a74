"""解除绑定: 政工科 of the person's unit frees a lost or replaced phone; the device's history says
who, when and why, the person is told, and their next tap binds the browser it comes from."""

import pytest
from django.urls import reverse

from attendance.errors import AttendanceError
from attendance.models import ClockDevice, ClockRecord, DeviceChangeRequest
from attendance.services.door import device_unbind
from office import roles
from office.models import Notification
from office.services import role_grant
from tests.attendance.conftest import MONDAY, at
from tests.attendance.test_clock_device import OTHER_PHONE, tap
from tests.conftest import login
from tests.factories import SectionFactory, StaffFactory, UnitFactory
from tests.office.test_people_views import detail_url

LOST = "手机丢失，已换新手机"


def unbind_url(person) -> str:
    return reverse("attendance:device_unbind", args=[person.pk])


@pytest.fixture
def bound(org, device_required):
    return ClockDevice.objects.get(pk=tap(org.staff, "a" * 32).record.device_id)


def test_personnel_unbinds_and_the_next_tap_binds_the_new_phone(
    org, bound, frozen, django_capture_on_commit_callbacks
):
    frozen(at(MONDAY, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        response = login(org.personnel).post(unbind_url(org.staff), {"reason": LOST}, follow=True)
    assert response.redirect_chain[-1][0] == detail_url(org.staff)
    assert "已解除刘职员的打卡设备（安卓 · Chrome）绑定，已通知本人" in response.text
    bound.refresh_from_db()
    assert bound.retired_at == at(MONDAY, 9, 0)
    row = bound.history.latest()
    assert (row.history_user, row.history_change_reason) == (org.personnel.user, LOST)
    told = Notification.objects.get(recipient=org.staff.user)
    assert told.title == "您的打卡设备已解除绑定" and LOST in told.body and "周政工" in told.body
    # The page's 设备记录 names who, when and why.
    assert "解除绑定：安卓 · Chrome" in response.text and f"周政工 · 原因：{LOST}" in response.text
    # The next tap, from the new phone, binds it and counts at once: no request to the chief.
    frozen(at(MONDAY, 12, 1))
    result = tap(org.staff, "b" * 32, at(MONDAY, 12, 1), agent=OTHER_PHONE)
    new = ClockDevice.objects.get(retired_at=None)
    assert (new.device_id, new.label, new.staff) == ("b" * 32, "iPhone · Safari", org.staff)
    assert result.record.device == new and not DeviceChangeRequest.objects.exists()


def test_the_admin_may_unbind(org, bound):
    response = login(org.admin).post(unbind_url(org.staff), {"reason": LOST})
    assert response.status_code == 302
    assert not ClockDevice.objects.filter(retired_at=None).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(org, bound, reason):
    response = login(org.personnel).post(unbind_url(org.staff), {"reason": reason}, follow=True)
    assert "未解除绑定：" in response.text
    assert ClockDevice.objects.get(retired_at=None) == bound


def test_the_service_refuses_a_missing_or_long_reason(org, bound):
    with pytest.raises(AttendanceError, match="请填写解除绑定的原因"):
        device_unbind(staff=org.staff, reason=" ", acting_user=org.personnel.user)
    with pytest.raises(AttendanceError, match="100 字以内"):
        device_unbind(staff=org.staff, reason="丢" * 101, acting_user=org.personnel.user)
    device_unbind(staff=org.staff, reason="丢" * 100, acting_user=org.personnel.user)
    assert not ClockDevice.objects.filter(retired_at=None).exists()


def test_nothing_bound_says_so(org, device_required):
    response = login(org.personnel).post(unbind_url(org.staff), {"reason": LOST}, follow=True)
    assert "刘职员目前没有绑定的打卡设备，无需解除。" in response.text


def test_twice_is_refused_the_second_time(org, bound):
    device_unbind(staff=org.staff, reason=LOST, acting_user=org.personnel.user)
    with pytest.raises(AttendanceError, match="没有绑定的打卡设备"):
        device_unbind(staff=org.staff, reason=LOST, acting_user=org.personnel.user)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 403),  # their own phone: 政工科 decides, not the holder
        ("chief", 403),  # a chief approves a change of device, does not unbind
        ("deputy", 403),
        ("director", 403),
        ("other_chief", 404),
        ("inspector", 404),
    ],
)
def test_other_roles_may_not_unbind(org, bound, who, status):
    response = login(getattr(org, who)).post(unbind_url(org.staff), {"reason": LOST})
    assert response.status_code == status
    assert ClockDevice.objects.get(retired_at=None) == bound
    with pytest.raises(AttendanceError, match="只有本人所在单位的政工科"):
        device_unbind(staff=org.staff, reason=LOST, acting_user=getattr(org, who).user)


def test_another_units_personnel_gets_404(org, bound):
    stranger = StaffFactory(section=SectionFactory(unit=UnitFactory()))
    role_grant(staff=stranger, role=roles.PERSONNEL, acting_user=None)
    assert login(stranger).post(unbind_url(org.staff), {"reason": LOST}).status_code == 404
    with pytest.raises(AttendanceError, match="只有本人所在单位的政工科"):
        device_unbind(staff=org.staff, reason=LOST, acting_user=stranger.user)
    assert ClockDevice.objects.get(retired_at=None) == bound


def test_unbind_is_post_only(org, bound):
    assert login(org.personnel).get(unbind_url(org.staff)).status_code == 405


def test_the_persons_page_shows_the_card_to_personnel_only(org, bound):
    page = login(org.personnel).get(detail_url(org.staff)).text
    assert 'id="person-devices"' in page and "已绑定：<strong>安卓 · Chrome</strong>" in page
    assert unbind_url(org.staff) in page and "首次打卡绑定：安卓 · Chrome" in page
    assert 'for="id_reason"' in page
    for who in ("chief", "director"):
        page = login(getattr(org, who)).get(detail_url(org.staff)).text
        assert "person-devices" not in page and unbind_url(org.staff) not in page


def test_the_card_says_when_nothing_is_bound(org):
    page = login(org.personnel).get(detail_url(org.staff)).text
    assert "尚未绑定打卡设备" in page and "暂无设备记录" in page


def test_held_taps_stay_for_the_chief_after_an_unbind(org, bound, frozen):
    """The new phone tapped before 政工科 unbound the old one: its held tap is still the chief's
    to decide, and approving it later binds that phone and records the tap."""
    from office.approvals.services import approval_decide

    frozen(at(MONDAY, 12, 1))
    tap(org.staff, "b" * 32, at(MONDAY, 12, 1), agent=OTHER_PHONE)
    device_unbind(staff=org.staff, reason=LOST, acting_user=org.personnel.user)
    frozen(at(MONDAY, 14, 1))
    assert tap(org.staff, "b" * 32, at(MONDAY, 14, 1), agent=OTHER_PHONE).record is not None
    approval_decide(
        request_obj=DeviceChangeRequest.objects.get(), acting_user=org.chief.user, approve=True
    )
    assert ClockDevice.objects.get(retired_at=None).device_id == "b" * 32
    assert set(ClockRecord.objects.values_list("point", flat=True)) == {"am_in", "am_out", "pm_in"}
