"""打卡 page, my month, a person's month."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from attendance import door_selectors, selectors
from attendance.errors import AttendanceError
from attendance.models import ClockPoint
from attendance.services import clock_in
from attendance.views.common import own_staff
from office.calendar import month_param
from office.net import client_ip
from office.org import acting_staff, get_staff_for_viewer

DEVICE_COOKIE = "clock_device"
DEVICE_SALT = "attendance.device"
DEVICE_MAX_AGE = 10 * 365 * 24 * 3600  # bound until the chief approves another device


@require_GET
def clock_page(request: HttpRequest) -> HttpResponse:
    """The phone's camera opens it with ``?door=<code>`` from a 打卡屏: the code rides along in
    the form (after the login if one was needed) and is checked again when the button is
    pressed, since only a fresh one counts."""
    _, staff = acting_staff(request)
    now = timezone.now()
    door_code = request.GET.get("door", "")[:64]
    today = selectors.today_for(staff, now)
    outing = selectors.open_outing(staff, now)
    held = door_selectors.held_today(staff, today.day)
    points = [
        (ClockPoint(point).label, due, today.clocks.get(point), held.get(point))
        for point, due in today.hours.points_list()
    ]
    return render(
        request,
        "attendance/clock.html",
        {
            "today": today,
            "points": points,
            "now": now,
            "staff": staff,
            "outing": outing,
            "outing_overdue": outing is not None and now > outing.expected_return,
            # Taps from a device not yet approved: kept, and counted once the chief approves.
            "held": sorted(held.values(), key=lambda tap: tap.at),
            "door_code": door_code,
            "door": door_selectors.door_code_seen(door_code, staff, now) if door_code else None,
        },
    )


@require_POST
def clock_do(request: HttpRequest) -> HttpResponse:
    staff = own_staff(request)
    device_id = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT)
    response = redirect("attendance:clock")
    try:
        result = clock_in(
            staff=staff,
            now=timezone.now(),
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            acting_user=request.user,
            door_code=request.POST.get("door", "")[:64],
            device_id=device_id,
        )
    except AttendanceError as exc:
        messages.error(request, exc.message)
        return response
    if result.record is None:  # held 待认定: taken, but not yet a clock record
        messages.warning(request, result.message)
    else:
        (messages.success if result.created else messages.info)(request, result.message)
    if result.device_id and result.device_id != device_id:
        response.set_signed_cookie(
            DEVICE_COOKIE,
            result.device_id,
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _month_page(request: HttpRequest, staff_id: int | None) -> HttpResponse:
    viewer, me = acting_staff(request)
    person = me if staff_id is None else get_staff_for_viewer(viewer, staff_id)
    today = timezone.localdate()
    first = month_param(request.GET.get("month"), today)
    year, month = first.year, first.month
    rows = selectors.month_rows(person, year, month)
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    totals: dict[str, int] = {}
    for row in rows.values():
        for status in (row.am_status, row.pm_status):
            totals[status] = totals.get(status, 0) + 1
    return render(
        request,
        "attendance/month.html",
        {
            "person": person,
            "is_me": person.pk == me.pk,
            "first": first,
            "weeks": selectors.month_weeks(year, month, rows),
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "today": today,
            "totals": totals,
        },
    )


@require_GET
def my_month(request: HttpRequest) -> HttpResponse:
    return _month_page(request, None)


@require_GET
def staff_month(request: HttpRequest, staff_id: int) -> HttpResponse:
    return _month_page(request, staff_id)
