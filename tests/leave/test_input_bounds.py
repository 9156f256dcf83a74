"""Issue 10, break 3: a leave's dates lie where the office can mean them, a stored over-wide day
count no longer breaks pages, and recorded overtime stays within what was approved (and the past).
"""

import datetime as dt
import decimal
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.urls import reverse

from leave.models import LeaveRequest
from leave.services import LeaveError, OvertimeError, overtime_record_actual
from leave.services import overtime_request_create as apply
from office import config
from office.approvals.services import approval_decide
from tests.conftest import login

D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
TODAY = D(2026, 11, 2)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(1, 1, 1), D(9999, 12, 31)),
        (D(2000, 1, 3), D(2100, 12, 31)),  # inside the years the pages accept
        (D(2026, 11, 2), D(9999, 12, 31)),
        (D(1, 1, 3), D(2026, 11, 2)),
    ],
)
def test_a_leave_with_a_date_the_office_cannot_mean_is_refused(org, request_leave, start, end):
    with pytest.raises(LeaveError, match="须在.*年至.*年之间"):
        request_leave(org.staff, start, end)
    assert not LeaveRequest.objects.exists()


def test_a_leave_over_one_year_is_refused_and_one_just_under_is_counted(org, request_leave):
    with pytest.raises(LeaveError, match="不能超过一年"):
        request_leave(org.staff, D(2026, 11, 2), D(2027, 11, 2))
    leave = request_leave(org.staff, D(2026, 11, 2), D(2027, 11, 1))
    assert 240 < leave.days < 270


def test_the_form_shows_the_refusal_and_the_live_count_too(org, types):
    client = login(org.staff)
    data = {
        "leave_type": types["personal"].pk,
        "start_date": "0001-01-01",
        "start_half": "am",
        "end_date": "9999-12-31",
        "end_half": "pm",
    }
    response = client.post(reverse("leave:new"), data | {"reason": "家中有事"})
    assert response.status_code == 200
    assert "请检查所填日期" in response.content.decode()
    assert not LeaveRequest.objects.exists()
    preview = client.get(reverse("leave:preview"), data)
    assert "请检查所填日期" in preview.content.decode()


def _store_overwide(leave: LeaveRequest) -> None:
    """What the unbounded form stored: 0001–9999, 2.6 million days in a DECIMAL(5, 1)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE leave_leaverequest SET start_date = %s, end_date = %s, days = %s WHERE id = %s",
            ["0001-01-01", "9999-12-31", 2609999, leave.pk],
        )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL refuses the over-wide value on insert"
)
def test_a_stored_overwide_leave_is_repaired_and_every_page_reads(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 10))
    _store_overwide(leave)
    with pytest.raises(decimal.InvalidOperation):
        LeaveRequest.objects.get(pk=leave.pk)
    migration = import_module("leave.migrations.0006_repair_overwide_days")
    migration.clamp_overwide(apps, SimpleNamespace(connection=connection))
    assert LeaveRequest.objects.get(pk=leave.pk).days == Decimal("9999.9")

    chief, staff = login(org.chief), login(org.staff)
    assert str(leave.pk) in chief.get(reverse("approvals:inbox")).content.decode()
    for page in ("home", "leave:mine", "leave:new"):
        assert staff.get(reverse(page)).status_code == 200
    assert staff.get(reverse("leave:detail", args=[leave.pk])).status_code == 200
    admin = login(org.admin)
    assert admin.get(reverse("admin:leave_leaverequest_changelist")).status_code == 200
    change = reverse("admin:leave_leaverequest_change", args=[leave.pk])
    assert admin.get(change).status_code == 200
    # A new request is answered (it overlaps the broken one), and the broken one can go.
    refused = staff.post(
        reverse("leave:new"),
        {
            "leave_type": leave.leave_type_id,
            "start_date": "2026-11-20",
            "start_half": "am",
            "end_date": "2026-11-20",
            "end_half": "pm",
            "reason": "家中有事",
        },
    )
    assert refused.status_code == 200
    staff.post(reverse("approvals:withdraw", args=["leave", leave.pk]))
    assert LeaveRequest.objects.get(pk=leave.pk).status == "withdrawn"


# ------------------------------------------------------------------------------ overtime


def _approved(org, start: dt.time, end: dt.time, day: dt.date = TODAY):
    overtime = apply(
        acting_user=org.staff.user,
        date=day,
        start_time=start,
        end_time=end,
        reason="准备会议材料",
        people=[org.staff],
    )
    return approval_decide(request_obj=overtime, acting_user=org.chief.user, approve=True)


def _record(org, overtime, hours: str):
    return overtime_record_actual(
        overtime=overtime, hours={org.staff.pk: Decimal(hours)}, acting_user=org.staff.user
    )


def test_ten_approved_minutes_cannot_record_24_hours(org, frozen):
    overtime = _approved(org, dt.time(18, 0), dt.time(18, 10))
    frozen.move_to(dt.datetime(2026, 11, 4, 9, 0, tzinfo=SHANGHAI))
    with pytest.raises(OvertimeError, match="最多为批准时长加2小时"):
        _record(org, overtime, "24")
    with pytest.raises(OvertimeError, match="最多"):
        _record(org, overtime, "2.3")
    assert _record(org, overtime, "2.2").entries.get().actual_hours == Decimal("2.2")


def test_the_margin_is_a_setting(org, frozen):
    config.setting_set(key="overtime_record_margin_hours", value=0, acting_user=None)
    overtime = _approved(org, dt.time(18, 0), dt.time(20, 0))
    frozen.move_to(dt.datetime(2026, 11, 4, 9, 0, tzinfo=SHANGHAI))
    with pytest.raises(OvertimeError, match="加0小时"):
        _record(org, overtime, "2.1")


def test_hours_still_to_come_cannot_be_recorded(org, frozen):
    overtime = _approved(org, dt.time(18, 0), dt.time(20, 0))
    with travel(17, 59, 59), pytest.raises(OvertimeError, match="尚未开始"):
        _record(org, overtime, "0")
    with travel(19, 0, 0), pytest.raises(OvertimeError, match="尚未发生"):
        _record(org, overtime, "1.1")
    with travel(19, 0, 1):
        assert _record(org, overtime, "1").entries.get().actual_hours == 1


def travel(*hms: int):
    return time_machine.travel(dt.datetime(2026, 11, 2, *hms, tzinfo=SHANGHAI), tick=False)


def test_an_overtime_date_in_9999_is_refused(org):
    with pytest.raises(OvertimeError, match="须在"):
        _approved(org, dt.time(18, 0), dt.time(20, 0), day=D(9999, 12, 31))
