"""Attacks on session 7's change (解除绑定, the several-people picker, report_download, the
dashboard's ``unit=`` drill-down), each kept for the hole it found or the rule it guards:

- 政工科 could unbind their own device, skipping the chief's 认定 of their new phone;
- the dashboard answered 500 to an id like "²", a thousand digits or one too big for the key;
- a repeated POST of a large report's button started one more job each time.

The picker's refusal that told another unit's people apart from nobody is closed in
tests/office/test_pickers.py and the three forms' view tests.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attendance.errors import AttendanceError
from attendance.models import ClockDevice
from attendance.services.door import device_unbind
from office.models import ExportFile, Job
from tests.attendance.conftest import device_required, frozen  # noqa: F401 (fixtures)
from tests.attendance.test_clock_device import tap
from tests.conftest import login
from tests.office.test_people_views import detail_url

LOST = "手机丢失"


def unbind_url(person) -> str:
    return reverse("attendance:device_unbind", args=[person.pk])


# --- 解除绑定 ------------------------------------------------------------------------------------


def test_personnel_may_not_unbind_their_own_device(org):
    own = ClockDevice.objects.create(
        staff=org.personnel, device_id="p" * 32, label="安卓 · Chrome", bound_at=timezone.now()
    )
    client = login(org.personnel)
    assert client.post(unbind_url(org.personnel), {"reason": LOST}).status_code == 403
    with pytest.raises(AttendanceError, match="不能解除自己的打卡设备绑定"):
        device_unbind(staff=org.personnel, reason=LOST, acting_user=org.personnel.user)
    assert ClockDevice.objects.get(retired_at=None) == own
    # Their own page offers no unbind; a colleague's still does.
    assert "person-devices" not in client.get(detail_url(org.personnel)).text
    assert "person-devices" in client.get(detail_url(org.staff)).text


def test_an_unbind_without_the_csrf_token_is_refused(org, device_required):  # noqa: F811
    bound = ClockDevice.objects.get(pk=tap(org.staff, "a" * 32).record.device_id)
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.personnel.user)
    assert client.post(unbind_url(org.staff), {"reason": LOST}).status_code == 403
    assert ClockDevice.objects.get(retired_at=None) == bound


# --- the dashboard's ids -------------------------------------------------------------------------


@pytest.mark.parametrize("param", ["unit", "section"])
@pytest.mark.parametrize("value", ["²", "9" * 5000, "1" * 30, "-1"])
def test_an_odd_unit_or_section_id_is_refused_not_a_500(org, param, value):
    url = reverse("chart_data", args=["attendance-rate"])
    client = Client(raise_request_exception=False)
    client.force_login(org.director.user)
    response = client.get(url, {param: value})
    assert response.status_code == 403
    assert "只能查看" in response.content.decode()


# --- report_download: a repeated POST ------------------------------------------------------------


@pytest.fixture
def large(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("office.report_views.INLINE_MAX_ROWS", -1)  # even an empty one


@pytest.mark.parametrize("url", ["performance:sheet", "vehicles:sheet"])
def test_a_repeated_post_follows_the_job_already_started(org, large, url):
    link = reverse(url) + "?month=2026-11"
    client = login(org.personnel)
    assert client.get(link).status_code == 200 and not Job.objects.exists()  # GET starts nothing
    first = client.post(link)
    second = client.post(link)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ExportFile.objects.count() == Job.objects.count() == 1
    # Another month is another export; once the job is done, asking again writes anew.
    client.post(reverse(url) + "?month=2026-10")
    Job.objects.update(status=Job.Status.DONE)
    client.post(link)
    assert ExportFile.objects.count() == Job.objects.count() == 3
