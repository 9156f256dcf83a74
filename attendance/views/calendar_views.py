"""政工科: the year's work calendar (view, edit a day, import, load from the package) and
the schedules page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attendance.errors import AttendanceError
from attendance.forms import AssignmentForm, CalendarDayForm, ScheduleForm
from attendance.models import Schedule, ScheduleAssignment
from attendance.selectors import month_weeks
from attendance.services import calendar as services
from office import roles
from office.calendar import FIRST_YEAR, LAST_YEAR, year_supported
from office.models import CalendarDay
from office.org import viewer_for
from office.views import require_role


def _personnel(request: HttpRequest):  # noqa: ANN202
    viewer = viewer_for(request.user)
    require_role(viewer, roles.PERSONNEL, roles.ADMIN)
    return viewer


def _year_url(year: int) -> str:
    return f"{reverse('attendance:calendar')}?year={year}"


@require_GET
def calendar_year(request: HttpRequest) -> HttpResponse:
    _personnel(request)
    year_text = request.GET.get("year", "")
    year = (
        int(year_text)
        if year_text.isdigit() and year_supported(int(year_text))
        else timezone.localdate().year
    )
    rows = {row.date: row for row in CalendarDay.objects.filter(date__year=year)}
    months = [(dt.date(year, m, 1), month_weeks(year, m, rows)) for m in range(1, 13)]
    return render(
        request,
        "attendance/calendar_year.html",
        {"year": year, "months": months, "count": len(rows), "today": timezone.localdate()},
    )


def _parse_day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise Http404("日期格式不正确。") from exc
    if not year_supported(day.year):
        raise Http404("日期超出系统支持的范围。")
    return day


@require_http_methods(["GET", "POST"])
def calendar_day_edit(request: HttpRequest, day: str) -> HttpResponse:
    viewer = _personnel(request)
    date = _parse_day(day)
    row = CalendarDay.objects.filter(date=date).first()
    initial = {"kind": row.kind if row else "ordinary", "name": row.name if row else ""}
    form = CalendarDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_day_set(day=date, acting_user=viewer.staff, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{date:%Y年%m月%d日}已更新，当天考勤已重新计算。")
            return redirect(_year_url(date.year))
    return render(request, "attendance/calendar_day.html", {"form": form, "day": date})


@require_POST
def calendar_import(request: HttpRequest) -> HttpResponse:
    viewer = _personnel(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 .xlsx 文件。")
        return redirect("attendance:calendar")
    try:
        stored = services.calendar_import(
            file=upload, filename=upload.name, size=upload.size, acting_user=viewer.staff
        )
    except AttendanceError as exc:
        messages.error(request, exc.message)
        return redirect("attendance:calendar")
    messages.success(request, f"已导入 {stored} 天的安排。")
    return redirect("attendance:calendar")


@require_POST
def calendar_load_package(request: HttpRequest) -> HttpResponse:
    viewer = _personnel(request)
    year_text = request.POST.get("year", "")
    if not year_text.isdigit() or not year_supported(int(year_text)):
        messages.error(request, f"请填写{FIRST_YEAR}至{LAST_YEAR}之间的年份。")
        return redirect("attendance:calendar")
    year = int(year_text)
    try:
        stored = services.calendar_load_package(year=year, acting_user=viewer.staff)
    except AttendanceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已从 chinese-calendar 载入{year}年安排，共 {stored} 天。")
    return redirect(_year_url(year))


@require_GET
def schedule_list(request: HttpRequest) -> HttpResponse:
    _personnel(request)
    return _schedule_page(request, ScheduleForm(), AssignmentForm())


def _schedule_page(
    request: HttpRequest, form: ScheduleForm, assign_form: AssignmentForm
) -> HttpResponse:
    return render(
        request,
        "attendance/schedules.html",
        {
            "schedules": Schedule.objects.all(),
            "assignments": ScheduleAssignment.objects.select_related("section", "staff")[:200],
            "form": form,
            "assign_form": assign_form,
        },
    )


@require_POST
def schedule_new(request: HttpRequest) -> HttpResponse:
    viewer = _personnel(request)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_create(acting_user=viewer.staff, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "作息已保存。")
            return redirect("attendance:schedules")
    return _schedule_page(request, form, AssignmentForm())


@require_POST
def assignment_new(request: HttpRequest) -> HttpResponse:
    viewer = _personnel(request)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_create(acting_user=viewer.staff, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "作息安排已保存。")
            return redirect("attendance:schedules")
    return _schedule_page(request, ScheduleForm(), form)
