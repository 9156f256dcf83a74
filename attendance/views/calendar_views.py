"""政工科: the year's work calendar (view, edit a day, import, load from the package, recompute
a year's stored days) and the schedules page. A change that affects stored days redirects to the
progress of the job that recomputes them (office:job)."""

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
from office.dates import cn_date
from office.models import CalendarDay, Job
from office.org import viewer_for
from office.views import require_role


def _personnel(request: HttpRequest):  # noqa: ANN202
    viewer = viewer_for(request.user)
    require_role(viewer, roles.PERSONNEL, roles.ADMIN)
    return viewer


def _after_change(request: HttpRequest, job: Job | None, done: str, back: str) -> HttpResponse:
    """To the recompute's progress if the change queued one, else back with ``done``."""
    if job is None:
        messages.success(request, done)
        return redirect(back)
    messages.success(request, f"{done}受影响的考勤由后台重新计算，进度见下。")
    return redirect("office:job", job_id=job.pk)


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
    _personnel(request)
    date = _parse_day(day)
    row = CalendarDay.objects.filter(date=date).first()
    initial = {"kind": row.kind if row else "ordinary", "name": row.name if row else ""}
    form = CalendarDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.calendar_day_set(day=date, acting_user=request.user, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            return _after_change(
                request, job, f"{cn_date(date)}已更新。", services.calendar_url(date.year)
            )
    return render(request, "attendance/calendar_day.html", {"form": form, "day": date})


@require_POST
def calendar_import(request: HttpRequest) -> HttpResponse:
    _personnel(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 .xlsx 文件。")
        return redirect("attendance:calendar")
    try:
        stored, job = services.calendar_import(
            file=upload, filename=upload.name, size=upload.size, acting_user=request.user
        )
    except AttendanceError as exc:
        messages.error(request, exc.message)
        return redirect("attendance:calendar")
    return _after_change(
        request, job, f"已导入 {stored} 天的安排。", reverse("attendance:calendar")
    )


@require_POST
def calendar_load_package(request: HttpRequest) -> HttpResponse:
    _personnel(request)
    year = _posted_year(request)
    if year is None:
        return redirect("attendance:calendar")
    try:
        stored, job = services.calendar_load_package(year=year, acting_user=request.user)
    except AttendanceError as exc:
        messages.error(request, exc.message)
        return redirect(services.calendar_url(year))
    done = f"已按国务院节假日安排载入{year}年日历，共 {stored} 天。"
    return _after_change(request, job, done, services.calendar_url(year))


def _posted_year(request: HttpRequest) -> int | None:
    """The form's year, or None with the error message shown."""
    year_text = request.POST.get("year", "")
    if not year_text.isdigit() or not year_supported(int(year_text)):
        messages.error(request, f"请填写{FIRST_YEAR}至{LAST_YEAR}之间的年份。")
        return None
    return int(year_text)


@require_POST
def calendar_recompute(request: HttpRequest) -> HttpResponse:
    """Recompute a year's stored days on demand (e.g. after a job failed)."""
    _personnel(request)
    year = _posted_year(request)
    if year is None:
        return redirect("attendance:calendar")
    job = services.days_recompute(
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        acting_user=request.user,
        url=services.calendar_url(year),
    )
    if job is None:
        messages.info(request, f"{year}年尚未开始，没有需要重新计算的考勤。")
        return redirect(services.calendar_url(year))
    return redirect("office:job", job_id=job.pk)


@require_GET
def schedule_list(request: HttpRequest) -> HttpResponse:
    _personnel(request)
    return _schedule_page(request, ScheduleForm(), AssignmentForm(viewer=viewer_for(request.user)))


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
    _personnel(request)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            _, job = services.schedule_create(acting_user=request.user, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            return _after_change(request, job, "作息已保存。", reverse("attendance:schedules"))
    return _schedule_page(request, form, AssignmentForm(viewer=viewer_for(request.user)))


@require_POST
def assignment_new(request: HttpRequest) -> HttpResponse:
    _personnel(request)
    form = AssignmentForm(request.POST, viewer=viewer_for(request.user))
    if form.is_valid():
        try:
            _, job = services.assignment_create(acting_user=request.user, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            done = "作息安排已保存。"
            return _after_change(request, job, done, reverse("attendance:schedules"))
    return _schedule_page(request, ScheduleForm(), form)
