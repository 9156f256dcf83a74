"""考勤封帐 pages (the pre-close check, close, reopen) and 更正申请 (file, list, detail)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attendance import selectors
from attendance.closing import may_close_unit, month_open_items
from attendance.errors import AttendanceError
from attendance.forms import (
    CorrectionForm,
    CorrectionLineFormSet,
    MonthCloseForm,
    MonthReopenForm,
)
from attendance.models import MonthClose
from attendance.services.closing import (
    LineInput,
    correction_create,
    month_close,
    month_close_refusal,
    month_reopen,
    month_reopen_refusal,
)
from office import roles
from office.approvals.views import request_access
from office.forms import first_error
from office.models import Unit
from office.org import Viewer, acting_staff, viewer_for
from office.views import require_role

MONTHS_LISTED = 12


def _unit_for(viewer: Viewer, unit_id: int) -> Unit:
    """The unit whose months the viewer closes; 404 for any other (no existence leak)."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not may_close_unit(viewer, unit.pk):
        raise Http404("没有找到这个单位，或您无权封帐。")
    return unit


def _ended_months(today: dt.date, count: int) -> list[tuple[int, int]]:
    year, month, found = today.year, today.month, []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        found.append((year, month))
    return found


@require_GET
def close_index(request: HttpRequest) -> HttpResponse:
    """The last twelve ended months of a unit and whether each is closed.

    Queries: the viewer (2), the unit, the closes (one, whatever the number of months)."""
    viewer = viewer_for(request.user)
    require_role(viewer, roles.PERSONNEL)
    wanted = request.GET.get("unit", "")
    unit_id = int(wanted) if wanted.isdigit() and viewer.is_city else viewer.unit_id
    if unit_id is None:
        unit = Unit.objects.order_by("order", "pk").first()
        if unit is None:
            raise Http404("还没有单位。")
        unit_id = unit.pk
    unit = _unit_for(viewer, unit_id)
    closes = selectors.month_closes(unit.pk)
    in_force = {(c.year, c.month): c for c in closes if c.in_force}
    rows = [
        (year, month, in_force.get((year, month)))
        for year, month in _ended_months(timezone.localdate(), MONTHS_LISTED)
    ]
    units = list(Unit.objects.order_by("order", "pk")) if viewer.is_city else []
    return render(
        request, "attendance/close_index.html", {"unit": unit, "rows": rows, "units": units}
    )


def _month_or_404(year: int, month: int) -> None:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404("没有这个月份。")


@require_GET
def close_month_page(request: HttpRequest, unit_id: int, year: int, month: int) -> HttpResponse:
    """The pre-close check: what is still open, the month's close history, close or reopen.

    Queries: the viewer (2), the unit, the history of the month, one per kind of open item."""
    viewer = viewer_for(request.user)
    _month_or_404(year, month)
    unit = _unit_for(viewer, unit_id)
    history = [c for c in selectors.month_closes(unit.pk) if (c.year, c.month) == (year, month)]
    current = next((c for c in history if c.in_force), None)
    items = month_open_items(unit.pk, year, month)
    return render(
        request,
        "attendance/close_month.html",
        {
            "unit": unit,
            "year": year,
            "month": month,
            "items": items,
            "open_total": sum(item.count for item in items),
            "history": history,
            "current": current,
            "close_refusal": None if current else month_close_refusal(viewer, unit.pk, year, month),
            "reopen_refusal": month_reopen_refusal(viewer, current) if current else None,
            "close_form": MonthCloseForm(),
            "reopen_form": MonthReopenForm(),
        },
    )


@require_POST
def close_month_do(request: HttpRequest, unit_id: int, year: int, month: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    _month_or_404(year, month)
    unit = _unit_for(viewer, unit_id)
    form = MonthCloseForm(request.POST)
    form.is_valid()
    try:
        month_close(
            unit=unit,
            year=year,
            month=month,
            confirm_open=form.cleaned_data.get("confirm_open", False),
            acting_user=request.user,
        )
    except AttendanceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{unit.short_name}{year}年{month}月考勤已封帐。")
    return redirect("attendance:close_month", unit.pk, year, month)


@require_POST
def reopen_month_do(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    close = MonthClose.objects.select_related("unit").filter(pk=pk).first()
    if close is None or not may_close_unit(viewer, close.unit_id):
        raise Http404("没有找到这条封帐记录，或您无权查看。")
    form = MonthReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            month_reopen(close=close, reason=form.cleaned_data["reason"], acting_user=request.user)
        except AttendanceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{close.year}年{close.month}月已重新开帐。")
    return redirect("attendance:close_month", close.unit_id, close.year, close.month)


# --- 更正申请 ------------------------------------------------------------------------------------


@require_GET
def correction_list(request: HttpRequest) -> HttpResponse:
    """我的更正申请, or (政工科, ``?scope=unit``) every one of the unit.

    Queries: the viewer (2), the count, the page (with both people), its lines."""
    viewer, _ = acting_staff(request)
    unit_wide = request.GET.get("scope") == "unit" and viewer.is_personnel
    rows = selectors.corrections(viewer, unit_wide=unit_wide)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request, "attendance/correction_list.html", {"page": page, "unit_wide": unit_wide}
    )


@require_http_methods(["GET", "POST"])
def correction_new(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    form = CorrectionForm(request.POST or None, viewer=viewer)
    lines = CorrectionLineFormSet(request.POST or None, prefix="line")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        wanted = [
            LineInput(date=row["date"], half=row["half"], status=row["status"])
            for row in lines.cleaned_data
            if row.get("date") and row.get("status")
        ]
        try:
            obj = correction_create(
                staff=form.cleaned_data["staff"] or staff,
                reason=form.cleaned_data["reason"],
                lines=wanted,
                acting_user=request.user,
            )
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "更正申请已提交，等待政工科审批。")
            return redirect(obj.get_absolute_url())
    may_pick = bool(viewer.led_section_ids) or viewer.is_personnel
    return render(
        request,
        "attendance/correction_form.html",
        {"form": form, "lines": lines, "may_pick": may_pick},
    )


@require_GET
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, _ = acting_staff(request)
    access = request_access(viewer, "correction", pk)
    return render(
        request,
        "attendance/correction_detail.html",
        {"obj": access.obj, "lines": list(access.obj.lines.all()), "access": access},
    )
