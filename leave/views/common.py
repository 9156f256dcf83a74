"""Helpers shared by the leave views: who is acting, safe redirects, month and year input."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from office.calendar import year_supported
from office.models import Staff
from office.org import Viewer, viewer_for


def acting_staff(request: HttpRequest) -> tuple[Viewer, Staff]:
    """The signed-in person; accounts without a staff record (pure admins) may not apply."""
    viewer = viewer_for(request.user)
    if viewer.staff is None:
        raise PermissionDenied("此账号未关联干部职工信息，不能使用请销假功能。")
    return viewer, viewer.staff


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    # A path of this site only: anything else ("0", a view name) would be taken for a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(target)
    return redirect(fallback)


def month_start(value: str | None) -> dt.date:
    """The first day of the "YYYY-MM" month asked for, or of the current month."""
    try:
        first = dt.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        first = None
    if first is None or not year_supported(first.year):
        # Also keeps "0001-01" from overflowing when the page links to the month before.
        return timezone.localdate().replace(day=1)
    return first


def year_from(value: str) -> int:
    """A plausible year from the query string, else this year."""
    if value.isdigit() and year_supported(int(value)):
        return int(value)
    return timezone.localdate().year
