"""The demo office that `manage.py seed_demo` builds: 10 sections, 80 people, every role.

Everything is drawn from ``random.Random(2026)`` so two runs (or two machines) make the same
office; people are found by 工号, so running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from office import config, roles
from office.models import Section, Staff, Unit
from office.roster import RosterRow, staff_create_many
from office.services import role_grant, section_set_leaders

DEMO_PASSWORD = "demo2026"  # noqa: S105 (the documented demo login, never a real account)
SEED = 2026
# The one unit of the demo (and the unit the data migration names from the notice issuer).
UNIT_NAME = "市政府办公室"

# (工号 prefix, 科室, headcount). The prefixes make the demo logins easy to remember:
# 10xx 主任室, 11xx 综合科, 40xx 督查科 (督导小组), 60xx 政工科.
SECTIONS = [
    ("10", "主任室", 4),
    ("11", "综合科", 9),
    ("12", "秘书一科", 8),
    ("13", "秘书二科", 8),
    ("40", "督查科", 9),
    ("14", "行政科", 9),
    ("60", "政工科", 8),
    ("15", "信息科", 8),
    ("16", "法制科", 8),
    ("17", "接待科", 9),
]
# Which 副主任 is 分管主任 of which sections.
DEPUTIES = {
    "1002": ["综合科", "秘书一科", "秘书二科"],
    "1003": ["督查科", "政工科", "法制科"],
    "1004": ["行政科", "信息科", "接待科"],
}
# In 督查科 and 政工科 the demo login is a plain member, so it shows that role alone.
CHIEF_SUFFIX = {"督查科": "02", "政工科": "02"}
INSPECTORS = ["4001", "4003", "4004", "1105"]
# 行政科 keeps the cars: 1403 is the 车队 (its drivers, 1408 and 1409, are vehicles.demo's).
MOTOR_POOL = "1403"
# 1102 is the demo's 干部职工 login, a 科员 as README and LOGINS say (not a 副科长 by number).
FIXED_POSITIONS = {
    "1001": "主任",
    "1002": "副主任",
    "1003": "副主任",
    "1004": "副主任",
    "1102": "科员",
}
RANKS = ["一级主任科员", "二级主任科员", "四级主任科员", "一级科员", "科员", "科员"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
# fmt: off
GIVEN = [
    "伟", "芳", "静", "磊", "洋", "勇", "杰", "涛", "明", "超", "敏", "娜", "军", "平", "刚", "斌", "宁",
    "波", "慧", "琳", "颖", "鑫", "建国", "志强", "红梅", "文华", "海燕", "晓东", "丹丹", "佳慧", "雅琴", "淑珍",
    "永刚", "卫东", "立新", "德胜", "振华", "春燕", "秀英", "桂兰", "玉梅", "建华", "国强", "子涵", "思远", "嘉琪",
    "欣怡", "浩然", "宇航", "雨桐", "一鸣", "晨曦", "俊杰", "婷婷", "晓燕", "志伟", "鹏飞", "丽华", "海涛", "文静",
    "小龙", "金凤", "明辉", "学军", "红霞", "亚男",
]
# fmt: on


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    note: str


LOGINS = [
    DemoLogin(roles.STAFF, "1102", "综合科 科员"),
    DemoLogin(roles.CHIEF, "1101", "综合科 科长"),
    DemoLogin(roles.DEPUTY, "1002", "分管综合科、秘书一科、秘书二科"),
    DemoLogin(roles.DIRECTOR, "1001", "主任"),
    DemoLogin(roles.PERSONNEL, "6001", "政工科"),
    DemoLogin(roles.INSPECTOR, "4001", "督查科，督导小组成员"),
    DemoLogin(
        roles.MOTOR_POOL,
        MOTOR_POOL,
        "行政科，车队：管车辆和驾驶员（1408、1409），派车，核查行车记录",
    ),
    DemoLogin(roles.ADMIN, "admin", "系统管理员（无干部职工身份）"),
]


def _names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in names:
            names.append(name)
    return names


def _position(staff_no: str, suffix: str, chief_suffix: str) -> str:
    if staff_no in FIXED_POSITIONS:
        return FIXED_POSITIONS[staff_no]
    if suffix == chief_suffix:
        return "科长"
    if suffix in {"01", "02"}:
        return "副科长"
    return ""


def demo_rows(*, today: dt.date) -> list[RosterRow]:
    """The 80 people, deterministic. 参加工作时间 spans 0–38 years so every annual-leave tier
    (none, 5, 10, 15 days) has people in it."""
    rng = random.Random(SEED)
    total = sum(size for _, _, size in SECTIONS)
    names = _names(rng, total)
    rows: list[RosterRow] = []
    for prefix, section, size in SECTIONS:
        chief_suffix = CHIEF_SUFFIX.get(section, "01")
        for number in range(1, size + 1):
            suffix = f"{number:02d}"
            staff_no = prefix + suffix
            years = rng.choice([0, 3, 6, 9, 11, 14, 18, 21, 25, 30, 38])
            work_start = dt.date(today.year - years, rng.choice([7, 8, 9]), 1)
            if work_start > today:
                work_start = today - dt.timedelta(days=60)
            hire = work_start + dt.timedelta(days=rng.randint(0, 365 * min(years, 8)))
            rows.append(
                RosterRow(
                    row=len(rows) + 2,
                    staff_no=staff_no,
                    name=names[len(rows)],
                    section_name=section,
                    position=_position(staff_no, suffix, chief_suffix) or rng.choice(RANKS),
                    work_start_date=work_start,
                    hire_date=min(hire, today),
                    phone=f"139{rng.randint(0, 99_999_999):08d}",
                )
            )
    return rows


def demo_unit() -> Unit:
    """The demo's unit, created on first use; also the unit of benchmark and test sections."""
    unit, _ = Unit.objects.get_or_create(name=UNIT_NAME, defaults={"short_name": UNIT_NAME})
    return unit


BENCH_UNITS = 30


def bench_units(count: int = BENCH_UNITS) -> list[Unit]:
    """The units the 10,000-staff benchmarks spread their sections over: the demo's and
    ``count - 1`` more (created on first use), so they measure a city, not one office."""
    first = demo_unit()
    others = [
        Unit.objects.get_or_create(
            name=f"压测单位{i:02d}", defaults={"short_name": f"单位{i:02d}"}
        )[0]
        for i in range(2, count + 1)
    ]
    return [first, *others]


def _create_missing(
    rows: list[RosterRow], sections: dict[str, Section]
) -> list[tuple[Staff, str | None]]:
    """Create the demo people not there yet, so seeding twice adds nobody."""
    existing = set(
        Staff.objects.filter(staff_no__in=[r.staff_no for r in rows]).values_list(
            "staff_no", flat=True
        )
    )
    return staff_create_many(
        rows=[r for r in rows if r.staff_no not in existing],
        sections={("", name): section for name, section in sections.items()},
        acting_user=None,
        password=DEMO_PASSWORD,
    )


@transaction.atomic
def seed_office(*, today: dt.date) -> int:
    """Sections, people, leaders and roles; returns how many people were created this run."""
    unit = demo_unit()
    sections = {}
    for order, (_, name, _) in enumerate(SECTIONS):
        sections[name], _ = Section.objects.get_or_create(
            unit=unit, name=name, defaults={"order": order}
        )
    rows = demo_rows(today=today)
    created = _create_missing(rows, sections)
    people = {
        s.staff_no: s
        for s in Staff.objects.select_related("user", "section").filter(
            staff_no__in=[r.staff_no for r in rows]
        )
    }
    deputy_of = {name: no for no, names in DEPUTIES.items() for name in names}
    for prefix, name, _ in SECTIONS:
        chief = people[prefix + CHIEF_SUFFIX.get(name, "01")]
        deputy = people[deputy_of[name]] if name in deputy_of else None
        section = sections[name]
        if (section.chief_id, section.deputy_id) != (chief.pk, deputy.pk if deputy else None):
            section_set_leaders(section=section, chief=chief, deputy=deputy, acting_user=None)
    role_grant(staff=people["1001"], role=roles.DIRECTOR, acting_user=None)
    for person in people.values():
        if person.section.name == "政工科":
            role_grant(staff=person, role=roles.PERSONNEL, acting_user=None)
    for staff_no in INSPECTORS:
        role_grant(staff=people[staff_no], role=roles.INSPECTOR, acting_user=None)
    role_grant(staff=people[MOTOR_POOL], role=roles.MOTOR_POOL, acting_user=None)
    _ensure_admin()
    # The demo is for looking around: nobody should have to set up TOTP first.
    config.setting_set(key="mfa_required_roles", value="", acting_user=None)
    return len(created)


def _ensure_admin() -> None:
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])


# The small city of ``seed_demo --city``: the demo office and two more units, each with its own
# leaders, 政工科 (人事科), 督导小组 and people; the city roles sit in the demo office's 市作风办.
# (full name, short name, 工号 first digit); 工号 d0xx 领导, d1xx 综合科, d2xx 人事科, d3xx 业务科.
CITY_UNITS = [("市发展和改革委员会", "市发改委", "2"), ("市财政局", "市财政局", "3")]
CITY_SECTIONS = [("0", "领导", 3), ("1", "综合科", 6), ("2", "人事科", 4), ("3", "业务科", 7)]
CITY_OFFICE = ("90", "市作风整顿办")
CITY_ROLES = {"9001": roles.CITY_INSPECTOR, "9002": roles.CITY_LEADER, "9003": roles.CITY_ADMIN}

CITY_LOGINS = [
    DemoLogin(roles.CITY_INSPECTOR, "9001", "市作风整顿办，检查所有单位"),
    DemoLogin(roles.CITY_LEADER, "9002", "市作风整顿办，查看各单位情况"),
    DemoLogin(roles.CITY_ADMIN, "9003", "市作风整顿办，维护全市默认设置"),
    DemoLogin(roles.DIRECTOR, "2001", "市发改委 主任"),
    DemoLogin(roles.PERSONNEL, "2201", "市发改委 人事科（政工）"),
    DemoLogin(roles.INSPECTOR, "2103", "市发改委 督导小组成员"),
    DemoLogin(roles.STAFF, "2302", "市发改委 业务科 科员"),
    DemoLogin(roles.DIRECTOR, "3001", "市财政局 局长"),
    DemoLogin(roles.PERSONNEL, "3201", "市财政局 人事科（政工）"),
]


def city_rows(*, today: dt.date) -> dict[str, list[RosterRow]]:
    """The people of the two more units and of the city office, by section name."""
    rng = random.Random(SEED + 1)
    plan = [
        (f"{digit}{code}", f"{short}{name}", size)
        for _, short, digit in CITY_UNITS
        for code, name, size in CITY_SECTIONS
    ]
    plan.append((*CITY_OFFICE, len(CITY_ROLES)))
    names = _names(rng, sum(size for _, _, size in plan))
    rows: dict[str, list[RosterRow]] = {}
    for prefix, section, size in plan:
        for number in range(1, size + 1):
            staff_no = f"{prefix}{number:02d}"
            years = rng.choice([2, 6, 11, 18, 25])
            rows.setdefault(section, []).append(
                RosterRow(
                    row=2 + sum(map(len, rows.values())),
                    staff_no=staff_no,
                    name=names[sum(map(len, rows.values()))],
                    section_name=section,
                    position=_city_position(section, number) or rng.choice(RANKS),
                    work_start_date=dt.date(today.year - years, 7, 1),
                    hire_date=dt.date(today.year - years, 8, 1),
                    phone=f"138{rng.randint(0, 99_999_999):08d}",
                )
            )
    return rows


def _city_position(section: str, number: int) -> str:
    if section.endswith("领导"):
        return ("局长" if "局" in section else "主任") if number == 1 else "副职"
    return "科长" if number == 1 else ""


@transaction.atomic
def seed_city(*, today: dt.date) -> int:
    """Two more units beside the demo office (run after ``seed_office``), the city office and
    the three city roles; returns how many people were created this run (safe to run twice)."""
    demo = demo_unit()
    units = {
        digit: Unit.objects.get_or_create(name=name, defaults={"short_name": short})[0]
        for name, short, digit in CITY_UNITS
    }
    sections: dict[str, Section] = {}
    by_section = city_rows(today=today)
    for order, name in enumerate(by_section):
        digit = by_section[name][0].staff_no[0]
        sections[name], _ = Section.objects.get_or_create(
            unit=units.get(digit, demo), name=name, defaults={"order": order}
        )
    rows = [row for section_rows in by_section.values() for row in section_rows]
    created = _create_missing(rows, sections)
    people = {
        s.staff_no: s
        for s in Staff.objects.select_related("user").filter(
            staff_no__in=[r.staff_no for r in rows]
        )
    }
    for digit, unit in units.items():
        for code, name, _ in CITY_SECTIONS:
            section = sections[f"{unit.short_name}{name}"]
            chief = people[f"{digit}{code}01"]
            deputy = people[f"{digit}002"] if code != "0" else None
            if (section.chief_id, section.deputy_id) != (chief.pk, deputy.pk if deputy else None):
                section_set_leaders(section=section, chief=chief, deputy=deputy, acting_user=None)
        role_grant(staff=people[f"{digit}001"], role=roles.DIRECTOR, acting_user=None)
        for code in ("01", "02", "03", "04"):
            role_grant(staff=people[f"{digit}2{code}"], role=roles.PERSONNEL, acting_user=None)
        for staff_no in (f"{digit}103", f"{digit}104"):
            role_grant(staff=people[staff_no], role=roles.INSPECTOR, acting_user=None)
    for staff_no, role in CITY_ROLES.items():
        role_grant(staff=people[staff_no], role=role, acting_user=None)
    # One override to look at: 市财政局's deputies approve leave of up to 5 days.
    config.setting_set(
        key="chain_deputy_max_days", value=5, unit_id=units["3"].pk, acting_user=None
    )
    return len(created)
