"""委托代批, the section leave calendar and 政工科's balances page."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leave.forms import BalanceAdjustForm, DelegationForm
from leave.selectors import (
    CALENDAR_SHOW,
    balance_lines,
    balance_people,
    balance_types,
    calendar_sections,
    section_month,
)
from leave.services import BalanceError, balance_adjust
from office import config, roles
from office.approvals.selectors import (
    delegation_given_by,
    delegations_given,
    delegations_received,
)
from office.approvals.services import ApprovalError, delegation_create
from office.approvals.services import delegation_revoke as delegation_revoke_service
from office.calendar import is_working, month_param, overrides_between, year_param
from office.org import acting_staff, viewer_for
from office.views import require_role


@require_http_methods(["GET", "POST"])
def delegations(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    require_role(viewer, roles.CHIEF, roles.DEPUTY, roles.DIRECTOR)
    form = DelegationForm(request.POST or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            delegation_create(delegator=staff, **form.cleaned_data, acting_user=request.user)
        except ApprovalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已委托，受托人已收到通知。")
            return redirect("leave:delegations")
    today = timezone.localdate()
    return render(
        request,
        "leave/delegations.html",
        {
            "form": form,
            "given": delegations_given(staff),
            "received": delegations_received(staff, day=today),
            "today": today,
        },
    )


@require_POST
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    delegation = delegation_given_by(staff, pk)
    try:
        delegation_revoke_service(delegation=delegation, acting_user=request.user)
    except ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "委托已撤销。")
    return redirect("leave:delegations")


@require_GET
def leave_calendar(request: HttpRequest) -> HttpResponse:
    """Who is out which day, for the sections the viewer manages (all for 主任/政工科)."""
    viewer = viewer_for(request.user)
    sections = calendar_sections(viewer)
    if not sections:
        raise PermissionDenied("只有科长、分管主任、主任和政工科可以查看请假日历。")
    wanted = request.GET.get("section", "")
    section = next((s for s in sections if str(s.pk) == wanted), sections[0])
    first = month_param(request.GET.get("month"), timezone.localdate())
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    overrides = overrides_between(first, last)
    days = [first + dt.timedelta(days=i) for i in range(last.day)]
    show = request.GET.get("show", "all")
    show = show if show in CALENDAR_SHOW else "all"
    return render(
        request,
        "leave/calendar.html",
        {
            "sections": sections,
            "section": section,
            "month": first,
            "previous": (first - dt.timedelta(days=1)).replace(day=1),
            "next": last + dt.timedelta(days=1),
            "days": [(d, is_working(d, overrides)) for d in days],
            "rows": section_month(section, first, last, show),
            "show": show,
            "show_choices": [(key, label) for key, (label, _) in CALENDAR_SHOW.items()],
        },
    )


@require_GET
def balances(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_role(viewer, roles.PERSONNEL)
    year = year_param(request.GET.get("year"), timezone.localdate())
    query = request.GET.get("q", "").strip()
    page = Paginator(balance_people(viewer, query), 50).get_page(request.GET.get("page"))
    types = balance_types()
    lines = balance_lines(list(page), year, types, config.get("annual_leave_tiers"))
    return render(
        request,
        "leave/balances.html",
        {
            "year": year,
            "types": types,
            "page": page,
            "rows": [(person, lines[person.pk]) for person in page],
            "query": query,
        },
    )


@require_POST
def balance_adjust_view(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    require_role(viewer, roles.PERSONNEL)
    form = BalanceAdjustForm(request.POST)
    form.fields["staff"].queryset = balance_people(viewer, "")  # only the unit's people
    year = year_param(request.POST.get("year"), timezone.localdate())
    if not form.is_valid():
        messages.error(request, "请填写假别、调整天数和理由。")
    else:
        data = form.cleaned_data
        try:
            balance_adjust(
                staff=data["staff"],
                leave_type=data["leave_type"],
                year=year,
                days=data["days"],
                reason=data["reason"],
                acting_user=request.user,
            )
        except BalanceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"已调整{data['staff'].name}的{data['leave_type'].name}额度。"
            )
    return redirect(f"{reverse('leave:balances')}?year={year}")
