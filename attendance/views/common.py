"""Helpers shared by the attendance views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from office.models import Staff


def own_staff(request: HttpRequest) -> Staff:
    """Just the signed-in person's Staff row, for the clock-in tap: it comes with the user
    (office.auth.StaffBackend), and the roles and sections a full Viewer loads are not needed."""
    staff = getattr(request.user, "staff", None)
    if staff is None:
        raise PermissionDenied("此账号未关联干部职工信息，不能使用考勤功能。")
    return staff
