"""政工科's work-calendar and schedule changes.

The change itself is saved in the caller's transaction; the stored days it affects (everyone's,
up to today) are recomputed by a background job (``attendance.tasks.recompute_days``) that the
change queues once it commits. Each service returns that job, or None when no stored day is
affected (a date still to come), so the page can show its progress.
"""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attendance.errors import AttendanceError
from attendance.models import Schedule, ScheduleAssignment
from attendance.tasks import recompute_days
from office.audit import records_actor
from office.calendar import (
    arrangement_from_package,
    calendar_apply_arrangement,
    calendar_changed,
    date_refusal,
)
from office.dates import cn_date
from office.jobs import job_start
from office.models import CalendarDay, Job, Section, Staff
from office.uploads import UploadError, XlsxUnreadable, xlsx_rows

ORDINARY = "ordinary"
KIND_WORDS = {"节假日": CalendarDay.Kind.HOLIDAY, "调休上班": CalendarDay.Kind.WORKDAY}
MAX_IMPORT_BYTES = 1024 * 1024
# A year has at most 366 days; the rest is room for blank lines.
MAX_ROWS = 1_000
RECOMPUTE = "attendance.recompute"


@records_actor
def days_recompute(
    *,
    start: dt.date,
    end: dt.date,
    acting_user: AbstractBaseUser | None,
    url: str = "",
    after_change: bool = False,
) -> Job | None:
    """Queue the recompute of everyone's stored days from ``start`` to ``end`` (up to today).

    None if the range has not begun. The same range is not queued twice; ``after_change``
    says the caller has just changed the calendar or schedules, which a job already running
    may have read before: one more job then follows it.
    """
    end = min(end, timezone.localdate())
    if start > end:
        return None
    span = f"{cn_date(start)}" if start == end else f"{cn_date(start)}至{cn_date(end)}"
    return job_start(
        kind=RECOMPUTE,
        key=f"{start.isoformat()}/{end.isoformat()}",
        label=f"重新计算考勤：{span}",
        requested_by=acting_user,
        task=recompute_days,
        url=url,
        share_running=not after_change,
        start=start.isoformat(),
        end=end.isoformat(),
    )


def calendar_url(year: int) -> str:
    """The year's calendar page: where a recompute's progress page leads back to."""
    return f"{reverse('attendance:calendar')}?year={year}"


@records_actor
@transaction.atomic
def calendar_day_set(
    *, day: dt.date, kind: str, name: str, acting_user: AbstractBaseUser | None
) -> Job | None:
    """Make one day a holiday, a 调休 working day, or back to the plain weekday rule."""
    if kind == ORDINARY:
        for row in CalendarDay.objects.filter(date=day):
            row.delete()  # the history table keeps the removed override
    elif kind in CalendarDay.Kind.values:
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name[:30]})
    else:
        raise AttendanceError("请选择日期类型。")
    calendar_changed(start=day, end=day, acting_user=acting_user)
    return days_recompute(
        start=day, end=day, acting_user=acting_user, url=calendar_url(day.year), after_change=True
    )


def _cell_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        return None


def parse_arrangement(rows: list[tuple]) -> tuple[int, dict[dt.date, tuple[str, str]]]:
    """Rows (日期, 类型, 名称) after the header -> (year, arrangement); every error, numbered."""
    errors, arrangement, years = [], {}, set()
    for number, row in enumerate(rows, start=2):
        cells = list(row) + [None] * 3
        if all(c in (None, "") for c in cells[:3]):
            continue
        day = _cell_date(cells[0])
        kind = KIND_WORDS.get(str(cells[1] or "").strip())
        if day is None:
            errors.append(f"第{number}行：日期“{cells[0] or ''}”无法识别，请写成 2027-01-01。")
            continue
        if kind is None:
            errors.append(f"第{number}行：类型须为“节假日”或“调休上班”。")
            continue
        if day in arrangement:
            errors.append(f"第{number}行：{cn_date(day)}重复出现。")
            continue
        years.add(day.year)
        arrangement[day] = (kind, str(cells[2] or "").strip()[:30])
    if len(years) > 1:
        errors.append("一个文件只能包含同一年的安排。")
    if not arrangement and not errors:
        errors.append("文件中没有任何安排。")
    if errors:
        raise AttendanceError("导入失败，未做任何修改：" + "；".join(errors))
    return years.pop(), arrangement


@records_actor
def calendar_import(
    *, file: IO[bytes], filename: str, size: int, acting_user: AbstractBaseUser | None
) -> tuple[int, Job | None]:
    """Replace a year's arrangement from an .xlsx (日期, 类型, 名称); all or nothing.
    Returns the days stored and the recompute job."""
    if not filename.lower().endswith(".xlsx") or size > MAX_IMPORT_BYTES:
        raise AttendanceError("请上传不超过 1 MB 的 .xlsx 文件。")
    try:
        rows = xlsx_rows(file.read(MAX_IMPORT_BYTES + 1), max_rows=MAX_ROWS, max_cols=3, min_row=2)
    except XlsxUnreadable as exc:
        raise AttendanceError("文件无法读取，请确认是 Excel .xlsx 文件。") from exc
    except UploadError as exc:
        raise AttendanceError(str(exc)) from exc
    year, arrangement = parse_arrangement(rows)
    return _apply_year(year, arrangement, acting_user=acting_user)


@records_actor
def calendar_load_package(
    *, year: int, acting_user: AbstractBaseUser | None
) -> tuple[int, Job | None]:
    arrangement = arrangement_from_package(year)
    if not arrangement:
        raise AttendanceError(
            f"系统尚未收录{year}年的国务院节假日安排，请用 Excel 导入或逐日设置。"
        )
    return _apply_year(year, arrangement, acting_user=acting_user)


@transaction.atomic
def _apply_year(
    year: int,
    arrangement: dict[dt.date, tuple[str, str]],
    *,
    acting_user: AbstractBaseUser | None,
) -> tuple[int, Job | None]:
    stored = calendar_apply_arrangement(arrangement=arrangement, year=year, acting_user=acting_user)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    calendar_changed(start=start, end=end, acting_user=acting_user)
    job = days_recompute(
        start=start, end=end, acting_user=acting_user, url=calendar_url(year), after_change=True
    )
    return stored, job


@records_actor
@transaction.atomic
def schedule_create(
    *, acting_user: AbstractBaseUser | None, **values: object
) -> tuple[Schedule, Job | None]:
    """A new schedule version. Past days keep the hours they were judged by; one starting
    today has today's stored days recomputed (the job returned)."""
    today = timezone.localdate()
    if values["valid_from"] < today:
        raise AttendanceError("生效日期不能早于今天：作息调整不改变已经过去的日子。")
    if refusal := date_refusal(values["valid_from"], "生效日期"):
        raise AttendanceError(refusal)
    if values["am_end"] <= values["am_start"]:
        raise AttendanceError("上午下班时间必须晚于上午上班时间。")
    for start, end in (("summer_pm_start", "summer_pm_end"), ("winter_pm_start", "winter_pm_end")):
        if values[end] <= values[start] or values[start] < values["am_end"]:
            raise AttendanceError("下午时间须在上午下班之后，且下班晚于上班。")
    if Schedule.objects.filter(name=values["name"], valid_from=values["valid_from"]).exists():
        raise AttendanceError("同名作息在该日期已有一个版本，请换一个生效日期。")
    schedule = Schedule.objects.create(**values)
    return schedule, _recompute_from(schedule.valid_from, acting_user)


def _recompute_from(day: dt.date, acting_user: AbstractBaseUser | None) -> Job | None:
    return days_recompute(
        start=day,
        end=day,
        acting_user=acting_user,
        url=reverse("attendance:schedules"),
        after_change=True,
    )


@records_actor
@transaction.atomic
def assignment_create(
    *,
    acting_user: AbstractBaseUser | None,
    schedule_name: str,
    valid_from: dt.date,
    section: Section | None = None,
    staff: Staff | None = None,
) -> tuple[ScheduleAssignment, Job | None]:
    if (section is None) == (staff is None):
        raise AttendanceError("请选择一个科室或一个人（二选一）。")
    if valid_from < timezone.localdate():
        raise AttendanceError("生效日期不能早于今天。")
    if refusal := date_refusal(valid_from, "生效日期"):
        raise AttendanceError(refusal)
    if not Schedule.objects.filter(name=schedule_name).exists():
        raise AttendanceError("没有这个作息。")
    assignment = ScheduleAssignment.objects.create(
        schedule_name=schedule_name, valid_from=valid_from, section=section, staff=staff
    )
    return assignment, _recompute_from(valid_from, acting_user)
