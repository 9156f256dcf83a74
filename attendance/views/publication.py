"""考勤公示: the published months, 政工科's publish form, and one month's tables."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from attendance import selectors
from attendance.errors import AttendanceError
from attendance.services.publication import publication_publish
from office.calendar import month_param
from office.org import viewer_for


@require_http_methods(["GET", "POST"])
def publication_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    if request.method == "POST":
        month = month_param(request.POST.get("month"), today)
        try:
            publication = publication_publish(month=month, acting_user=request.user)
        except AttendanceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{publication}已发布。")
            return redirect(publication.get_absolute_url())
        return redirect("attendance:publications")
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "attendance/publication_list.html",
        {
            "publications": selectors.publications(viewer)[:36],
            "may_publish": viewer.is_personnel and viewer.unit_id is not None,
            "last_month": last_month,
        },
    )


@require_GET
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    publication = selectors.publication_for_viewer(viewer, pk)
    sections = selectors.publication_sections(viewer, publication)
    rows = list(selectors.publication_rows(sections, publication.month))
    groups = [(s, [r for r in rows if r.section_id == s.pk]) for s in sections]
    return render(
        request,
        "attendance/publication_detail.html",
        {"publication": publication, "groups": groups},
    )
