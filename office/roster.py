"""花名册导入 (PRODUCT.md §4): 政工科 fills an .xlsx template and uploads it.

Parsing is pure (rows of cell values in, ``RosterRow``s and ``RowError``s out) so every kind of
bad row is testable without a database. ``roster_import`` is all-or-nothing: if any row is bad
nothing is written, and a good file creates or updates people by 工号 in one transaction with a
bounded number of queries whatever the size of the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from openpyxl.utils.datetime import from_excel
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from office import roles
from office.audit import records_actor
from office.auth import initial_hasher
from office.errors import RosterError, RowError, UploadError, XlsxUnreadable
from office.models import Section, Staff, Unit
from office.org import Viewer
from office.services import initial_password, staff_set_status
from office.uploads import xlsx_rows

HEADERS = ["工号", "姓名", "科室", "职务", "参加工作时间", "入职日期", "联系电话", "状态"]
# The city administrator's file of several units names each person's unit first.
UNIT_HEADER = "单位"
CITY_HEADERS = [UNIT_HEADER, *HEADERS]
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# Rows read from the sheet: the header, the people and room for blank lines between them.
MAX_SHEET_ROWS = MAX_ROWS + 1_000
STATUS_BY_LABEL = {label: value for value, label in Staff.Status.choices}
# The fields an import may change, with the labels the result page shows.
FIELD_LABELS = {
    "name": "姓名",
    "section_id": "科室",
    "position": "职务",
    "work_start_date": "参加工作时间",
    "hire_date": "入职日期",
    "phone": "联系电话",
    "status": "状态",
}
CHANGE_REASON = "花名册导入"
# The template's example row carries this mark instead of a 工号, and the parser skips it
# without an error. A real-looking 工号 (the template once used 1102) overwrote a real person
# when the template was uploaded unchanged; "示例" can never be a 工号 (工号 are ASCII letters
# and digits), so the example is never taken for a person, and a file that keeps it above the
# real rows still imports them.
EXAMPLE_MARK = "示例"
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


_TOO_BIG = RowError(None, f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请拆分后上传。")


@dataclass(frozen=True)
class RosterRow:
    row: int
    staff_no: str
    name: str
    section_name: str
    position: str = ""
    work_start_date: dt.date | None = None
    hire_date: dt.date | None = None
    phone: str = ""
    status: str = Staff.Status.ACTIVE
    # The 单位 column of the city administrator's file; empty in a unit's own file.
    unit_name: str = ""

    @property
    def status_label(self) -> str:
        return str(Staff.Status(self.status).label)

    @property
    def section_key(self) -> tuple[str, str]:
        """The row's section as ``RosterScope.sections`` keys it."""
        return (self.unit_name, self.section_name)


@dataclass(frozen=True)
class RosterScope:
    """Where an importer's file may put people.

    A unit's 政工科 (or 管理员) imports into its own unit: ``unit_id`` is set, sections are keyed
    ("", name) and ``elsewhere`` names the sections only other units have, so a row naming one
    is told why. The city administrator of a city of several units imports a file with a 单位
    column: ``unit_id`` is None and sections are keyed (unit name, section name).
    """

    unit_id: int | None
    sections: dict[tuple[str, str], Section]
    elsewhere: frozenset[str] = frozenset()
    unit_names: tuple[str, ...] = ()

    @property
    def by_units(self) -> bool:
        return self.unit_id is None

    @property
    def headers(self) -> list[str]:
        return CITY_HEADERS if self.by_units else HEADERS

    def sections_by_unit(self) -> dict[str, list[str]]:
        """Each unit's section names, units in their order (a city file's scope)."""
        units: dict[str, list[str]] = {name: [] for name in self.unit_names}
        for unit_name, section_name in self.sections:
            units.setdefault(unit_name, []).append(section_name)
        return units

    @property
    def section_names(self) -> list[str]:
        """The section names of a unit's own file."""
        return [name for _, name in self.sections]


def roster_scope(viewer: Viewer) -> RosterScope:
    """The importer's scope: one query for a unit's importer (the sections), two for a city
    role (the units, then the sections). A city of one unit imports as that unit does, so a
    single-unit office never sees a 单位 column."""
    if viewer.is_city:
        units = list(Unit.objects.values_list("pk", "name"))
        if len(units) != 1:
            sections = Section.objects.select_related("unit")
            return RosterScope(
                unit_id=None,
                sections={(s.unit.name, s.name): s for s in sections},
                unit_names=tuple(name for _, name in units),
            )
        unit_id = units[0][0]
    elif viewer.unit_id is None:
        raise RosterError([RowError(None, "此账号不属于任何单位，不能导入花名册。")])
    else:
        unit_id = viewer.unit_id
    own: dict[tuple[str, str], Section] = {}
    others: set[str] = set()
    for section in Section.objects.all():
        if section.unit_id == unit_id:
            own["", section.name] = section
        else:
            others.add(section.name)
    return RosterScope(
        unit_id=unit_id, sections=own, elsewhere=frozenset(others - {n for _, n in own})
    )


@dataclass
class ImportResult:
    added: list[tuple[Staff, str | None]] = field(default_factory=list)
    updated: list[tuple[Staff, list[str]]] = field(default_factory=list)
    unchanged: list[Staff] = field(default_factory=list)


# --- parsing (pure) ----------------------------------------------------------------------------


def read_rows(data: bytes) -> list[tuple[Any, ...]]:
    """The first sheet's rows as cell values; refuses what is not a readable .xlsx, and an
    archive or a sheet too big to read safely (``office.uploads.xlsx_rows``)."""
    if len(data) > MAX_BYTES:
        raise RosterError([_TOO_BIG])
    try:
        return xlsx_rows(data, max_rows=MAX_SHEET_ROWS, max_cols=len(CITY_HEADERS))
    except XlsxUnreadable as exc:
        raise RosterError(
            [RowError(None, "无法读取文件：请上传用本系统模板填写的 Excel（.xlsx）文件。")]
        ) from exc
    except UploadError as exc:
        raise RosterError([RowError(None, str(exc))]) from exc


def parse_rows(
    rows: Sequence[Sequence[Any]],
    *,
    section_names: Iterable[str] = (),
    elsewhere: Iterable[str] = (),
    units: Mapping[str, Iterable[str]] | None = None,
) -> tuple[list[RosterRow], list[RowError]]:
    """Check every row; returns the good rows and every error (row numbers as Excel shows).

    A unit's file names sections of ``section_names`` (``elsewhere``: other units' sections,
    refused with their own reason). With ``units`` (unit name: its section names) the file is
    the city administrator's and its first column names each row's unit."""
    headers = CITY_HEADERS if units is not None else HEADERS
    if not rows or [_text(v) for v in list(rows[0])[: len(headers)]] != headers:
        return [], [RowError(1, "表头不正确，应为：" + "、".join(headers) + "。请使用下载的模板。")]
    places = _Places(set(section_names), set(elsewhere), units)
    parsed: list[RosterRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    data_rows = [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if any(_text(value) for value in row) and not _is_example(row, units is not None)
    ]
    if not data_rows:
        return [], [RowError(None, "文件中没有人员数据。")]
    if len(data_rows) > MAX_ROWS:
        return [], [RowError(None, f"一次最多导入 {MAX_ROWS} 人，请拆分文件。")]
    for number, row in data_rows:
        result = _parse_row(number, list(row) + [None] * len(headers), places)
        if isinstance(result, RosterRow):
            if result.staff_no in first_row_of:
                errors.append(
                    RowError(
                        number,
                        f"工号 {result.staff_no} 与第{first_row_of[result.staff_no]}行重复。",
                    )
                )
                continue
            first_row_of[result.staff_no] = number
            parsed.append(result)
        else:
            errors.extend(RowError(number, message) for message in result)
    return parsed, errors


def _is_example(row: Sequence[Any], by_units: bool = False) -> bool:
    column = 1 if by_units else 0
    return len(row) > column and _text(row[column]) == EXAMPLE_MARK


@dataclass(frozen=True)
class _Places:
    """The sections a file may name: see ``parse_rows``."""

    sections: set[str]
    elsewhere: set[str]
    units: Mapping[str, Iterable[str]] | None

    def problem(self, unit: str, section: str) -> str | None:
        """Why a row's unit and section are refused, or None."""
        if self.units is None:
            if section in self.sections:
                return None
            if section in self.elsewhere:
                return f"科室“{section}”属于其他单位，只能导入本单位的人员。"
            return f"科室“{section}”不存在，请填写系统中已有的科室名称。"
        if not unit:
            return "缺少单位。"
        if unit not in self.units:
            return f"单位“{unit}”不存在，请填写系统中已有单位的全称。"
        if section not in self.units[unit]:
            return f"科室“{section}”不是“{unit}”的科室，请填写该单位已有的科室名称。"
        return None


def _parse_row(number: int, cells: list[Any], places: _Places) -> RosterRow | list[str]:
    unit = ""
    if places.units is not None:
        unit, cells = _text(cells[0]), cells[1:]
    staff_no, name, section, position, work_start, hire, phone, status = cells[: len(HEADERS)]
    problems: list[str] = []
    staff_no, name, section = _text(staff_no), _text(name), _text(section)
    if not staff_no:
        problems.append("缺少工号。")
    elif len(staff_no) > Staff._meta.get_field("staff_no").max_length or not re.fullmatch(
        r"[0-9A-Za-z_-]+", staff_no
    ):
        problems.append(f"工号“{staff_no}”只能由不超过20位的字母、数字组成。")
    if not name:
        problems.append("缺少姓名。")
    elif len(name) > Staff._meta.get_field("name").max_length:
        problems.append("姓名过长。")
    if not section:
        problems.append("缺少科室。")
    elif (problem := places.problem(unit, section)) is not None:
        problems.append(problem)
    dates = {}
    for label, value in (("参加工作时间", work_start), ("入职日期", hire)):
        try:
            dates[label] = _date(value)
        except ValueError:
            problems.append(f"{label}“{_text(value)}”不是有效日期，应写作 2015-07-01。")
    status_label = _text(status) or Staff.Status.ACTIVE.label
    if status_label not in STATUS_BY_LABEL:
        problems.append(f"状态“{status_label}”无效，应为：" + "、".join(STATUS_BY_LABEL) + "。")
    if problems:
        return problems
    return RosterRow(
        row=number,
        staff_no=staff_no,
        name=name,
        section_name=section,
        position=_text(position)[:50],
        work_start_date=dates["参加工作时间"],
        hire_date=dates["入职日期"],
        phone=_text(phone)[:20],
        status=STATUS_BY_LABEL[status_label],
        unit_name=unit,
    )


def _text(value: Any) -> str:
    """A cell as text; Excel stores typed numbers such as 工号 1102 as floats."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 1 <= value < 100_000:
        return from_excel(value).date()
    match = _DATE_TEXT.match(_text(value))
    if not match:
        raise ValueError(value)
    return dt.date(*(int(part) for part in match.groups()))


# --- the service -------------------------------------------------------------------------------


def upload_bytes(file: Any) -> bytes:
    """The content of an uploaded roster, refused by its name or size before it is read."""
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise RosterError([RowError(None, "只能上传 Excel（.xlsx）文件，请使用下载的模板。")])
    if (getattr(file, "size", 0) or 0) > MAX_BYTES:
        raise RosterError([_TOO_BIG])
    return file.read()


def parsed_file(data: bytes, scope: RosterScope) -> list[RosterRow]:
    """The file's good rows; ``RosterError`` if any row is bad (no query: the scope has the
    sections)."""
    if scope.by_units:
        parsed, errors = parse_rows(read_rows(data), units=scope.sections_by_unit())
    else:
        parsed, errors = parse_rows(
            read_rows(data), section_names=scope.section_names, elsewhere=scope.elsewhere
        )
    if errors:
        raise RosterError(errors)
    return parsed


@records_actor
def roster_import(*, file: Any, viewer: Viewer, acting_user: AbstractBaseUser) -> ImportResult:
    """Import an uploaded roster into the units ``viewer`` may import into (``roster_scope``);
    raises ``RosterError`` listing every bad row, writing nothing."""
    scope = roster_scope(viewer)
    parsed = parsed_file(upload_bytes(file), scope)
    with transaction.atomic():
        return _apply(parsed, scope, acting_user)


def foreign_people(
    parsed: Sequence[RosterRow], existing: Mapping[str, Staff], scope: RosterScope
) -> list[RowError]:
    """Rows naming a person of another unit, refused in a unit's own import (no query: the
    people come with their sections)."""
    if scope.by_units:
        return []
    return [
        RowError(r.row, f"工号 {r.staff_no} 是其他单位的人员，不能在本单位导入，请核对工号。")
        for r in parsed
        if r.staff_no in existing and existing[r.staff_no].section.unit_id != scope.unit_id
    ]


def login_conflicts(new_rows: Sequence[RosterRow]) -> list[RowError]:
    """New people whose 工号 is already another account's login (one query, none if empty)."""
    taken = set(
        get_user_model()
        .objects.filter(username__in=[r.staff_no for r in new_rows])
        .values_list("username", flat=True)
    )
    return [
        RowError(r.row, f"工号 {r.staff_no} 已被其他登录账号占用，请联系管理员。")
        for r in new_rows
        if r.staff_no in taken
    ]


def _apply(
    parsed: list[RosterRow], scope: RosterScope, acting_user: AbstractBaseUser
) -> ImportResult:
    existing = {
        s.staff_no: s
        for s in Staff.objects.select_for_update()
        .select_related("user", "section")
        .filter(staff_no__in=[r.staff_no for r in parsed])
    }
    new_rows = [r for r in parsed if r.staff_no not in existing]
    refused = foreign_people(parsed, existing, scope)
    refused += login_conflicts(new_rows) if new_rows else []
    if refused:
        raise RosterError(sorted(refused, key=lambda e: e.row or 0))
    sections = scope.sections
    result = ImportResult()
    changed: list[Staff] = []
    status_changes: list[tuple[Staff, str]] = []
    for row in parsed:
        staff = existing.get(row.staff_no)
        if staff is None:
            continue
        labels = _update_in_memory(staff, row, sections[row.section_key])
        if row.status != staff.status:
            status_changes.append((staff, row.status))
            labels.append(FIELD_LABELS["status"])
        if labels:
            changed.append(staff)
            result.updated.append((staff, labels))
        else:
            result.unchanged.append(staff)
    if changed:
        bulk_update_with_history(
            changed,
            Staff,
            [f for f in FIELD_LABELS if f != "status"],
            default_user=acting_user,
            default_change_reason=CHANGE_REASON,
        )
    for staff, status in status_changes:
        staff_set_status(staff=staff, status=status, acting_user=acting_user)
    result.added = staff_create_many(rows=new_rows, sections=sections, acting_user=acting_user)
    return result


def wanted_fields(row: RosterRow, section: Section) -> dict[str, Any]:
    """The stored fields (status aside) a row asks for, by attribute name."""
    return {
        "name": row.name,
        "section_id": section.pk,
        "position": row.position,
        "work_start_date": row.work_start_date,
        "hire_date": row.hire_date,
        "phone": row.phone,
    }


def _update_in_memory(staff: Staff, row: RosterRow, section: Section) -> list[str]:
    """Copy the row onto the staff object; returns the labels of the fields that changed."""
    labels = []
    for attr, value in wanted_fields(row, section).items():
        if getattr(staff, attr) != value:
            setattr(staff, attr, value)
            labels.append(FIELD_LABELS[attr])
    if staff.section_id == section.pk:
        # Keep the cached relation in step with the id, for the result page.
        staff.section = section
    return labels


@records_actor
def staff_create_many(
    *,
    rows: Sequence[RosterRow],
    sections: Mapping[tuple[str, str], Section],
    acting_user: AbstractBaseUser | None,
    password: str | None = None,
) -> list[tuple[Staff, str | None]]:
    """Create accounts and staff records in bulk (a few queries for any number of people).

    ``office.services.staff_create`` does the same for one person; a loop of it would cost
    about six queries a person. Each person gets their own initial password unless
    ``password`` is given (the demo), returned in clear once and stored only hashed.
    ``sections`` are keyed by ``RosterRow.section_key``. People
    imported as 离职 get a disabled account and no password to hand out.
    """
    if not rows:
        return []
    with transaction.atomic():
        return _create_people(rows, sections, acting_user, password)


def _create_people(
    rows: Sequence[RosterRow],
    sections: Mapping[tuple[str, str], Section],
    acting_user: AbstractBaseUser | None,
    password: str | None,
) -> list[tuple[Staff, str | None]]:
    user_model = get_user_model()
    hasher = initial_hasher()
    # A chosen (demo) password is not random: it always gets the full default hasher.
    shared_hash = make_password(password) if password else None
    passwords: list[str | None] = []
    users = []
    for row in rows:
        active = row.status != Staff.Status.LEFT
        clear = (password or initial_password()) if active else None
        passwords.append(clear)
        users.append(
            user_model(
                username=row.staff_no,
                first_name=row.name[:150],
                is_active=active,
                password=shared_hash or make_password(clear, hasher=hasher),
            )
        )
    users = user_model.objects.bulk_create(users)
    staff_group = Group.objects.get_or_create(name=roles.STAFF)[0]
    membership = user_model.groups.through
    membership.objects.bulk_create(
        [membership(user_id=user.pk, group_id=staff_group.pk) for user in users]
    )
    people = [
        Staff(
            user=user,
            staff_no=row.staff_no,
            name=row.name,
            section=sections[row.section_key],
            position=row.position,
            work_start_date=row.work_start_date,
            hire_date=row.hire_date,
            phone=row.phone,
            status=row.status,
            # 政工科 hands out the generated password: the person must choose their own.
            must_change_password=password is None,
        )
        for row, user in zip(rows, users, strict=True)
    ]
    people = bulk_create_with_history(
        people, Staff, default_user=acting_user, default_change_reason=CHANGE_REASON
    )
    return list(zip(people, passwords, strict=True))
