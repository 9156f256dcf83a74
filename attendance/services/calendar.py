"""政工科's work-calendar and schedule changes; each refreshes the stored days it affects."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.db import transaction
from django.utils import timezone

from attendance.errors import AttendanceError
from attendance.models import Schedule, ScheduleAssignment
from attendance.services.status import day_status_refresh_everyone
from office.calendar import (
    arrangement_from_package,
    calendar_apply_arrangement,
    calendar_changed,
    date_refusal,
)
from office.models import CalendarDay, Section, Staff
from office.uploads import UploadError, XlsxUnreadable, xlsx_rows

ORDINARY = "ordinary"
KIND_WORDS = {"节假日": CalendarDay.Kind.HOLIDAY, "调休上班": CalendarDay.Kind.WORKDAY}
MAX_IMPORT_BYTES = 1024 * 1024
# A year has at most 366 days; the rest is room for blank lines.
MAX_ROWS = 1_000


@transaction.atomic
def calendar_day_set(*, day: dt.date, kind: str, name: str, acting_user: Staff) -> None:
    """Make one day a holiday, a 调休 working day, or back to the plain weekday rule."""
    if kind == ORDINARY:
        for row in CalendarDay.objects.filter(date=day):
            row.delete()  # the history table keeps the removed override
    elif kind in CalendarDay.Kind.values:
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name[:30]})
    else:
        raise AttendanceError("请选择日期类型。")
    day_status_refresh_everyone(start=day, end=day)
    calendar_changed(start=day, end=day)


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
            errors.append(f"第{number}行：{day:%Y年%m月%d日}重复出现。")
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


def calendar_import(*, file: IO[bytes], filename: str, size: int, acting_user: Staff) -> int:
    """Replace a year's arrangement from an .xlsx (日期, 类型, 名称); all or nothing."""
    if not filename.lower().endswith(".xlsx") or size > MAX_IMPORT_BYTES:
        raise AttendanceError("请上传不超过 1 MB 的 .xlsx 文件。")
    try:
        rows = xlsx_rows(file.read(MAX_IMPORT_BYTES + 1), max_rows=MAX_ROWS, max_cols=3, min_row=2)
    except XlsxUnreadable as exc:
        raise AttendanceError("文件无法读取，请确认是 Excel .xlsx 文件。") from exc
    except UploadError as exc:
        raise AttendanceError(str(exc)) from exc
    year, arrangement = parse_arrangement(rows)
    return _apply_year(year, arrangement)


def calendar_load_package(*, year: int, acting_user: Staff) -> int:
    arrangement = arrangement_from_package(year)
    if not arrangement:
        raise AttendanceError(
            f"chinese-calendar 尚未收录{year}年的放假安排，请用 Excel 导入或逐日设置。"
        )
    return _apply_year(year, arrangement)


@transaction.atomic
def _apply_year(year: int, arrangement: dict[dt.date, tuple[str, str]]) -> int:
    stored = calendar_apply_arrangement(arrangement=arrangement, year=year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    day_status_refresh_everyone(start=start, end=end)
    calendar_changed(start=start, end=end)
    return stored


@transaction.atomic
def schedule_create(*, acting_user: Staff, **values: object) -> Schedule:
    """A new schedule version. Past days keep the hours they were judged by."""
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
    day_status_refresh_everyone(start=schedule.valid_from, end=schedule.valid_from)
    return schedule


@transaction.atomic
def assignment_create(
    *,
    acting_user: Staff,
    schedule_name: str,
    valid_from: dt.date,
    section: Section | None = None,
    staff: Staff | None = None,
) -> ScheduleAssignment:
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
    day_status_refresh_everyone(start=valid_from, end=valid_from)
    return assignment
