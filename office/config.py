"""Settings that 政工科 may change, declared once with their types and defaults (PRODUCT.md §3).

A value lives in the ``Setting`` table only once someone changed it; all of them are read
together (``snapshot()``, cached by ``office.refdata``), so a page or a job reads them once and
passes the dict along.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from office.audit import records_actor


@dataclass(frozen=True)
class Option:
    default: Any
    label: str
    type: type = int
    help: str = ""
    # Bounds for whole-number settings; a count or a length of time is never negative.
    lo: int | None = 0
    hi: int | None = None
    # Whether a unit may keep its own value (its 政工科 sets it; the city's is the default).
    # The others are one for the whole city: the calendar-like rules, the weekly job, accounts.
    per_unit: bool = False
    # The settings page's widget when a plain box is not plain words: "radio" or "select" over
    # ``choices`` (stored value, Chinese label), "tiers" (工龄满 N 年 → M 天 rows), "roles"
    # (checkboxes of the roles, stored comma-separated).
    widget: str = ""
    choices: tuple[tuple[Any, str], ...] = ()


WEEKDAYS = tuple(enumerate(["周一", "周二", "周三", "周四", "周五", "周六", "周日"]))


# The longest text setting (a list of networks or roles, an issuer's name).
TEXT_MAX_LENGTH = 500

OPTIONS: dict[str, Option] = {
    # 考勤
    "allowed_networks": Option(
        "",
        "允许打卡的网络",
        str,
        help="办公网的地址段，如 10.1.0.0/16，多个用逗号隔开；留空为不限网络",
        per_unit=True,
    ),
    "clock_earliest": Option(
        "06:00", "最早打卡时间", str, help="此前的打卡不予受理，填 时:分，如 06:00"
    ),
    "late_absent_minutes": Option(30, "迟到/早退超过多少分钟按旷工半天计", hi=240, per_unit=True),
    "unit_schedule": Option(
        "",
        "本单位默认作息（作息名称，如窗口单位的作息；留空按全市默认作息）",
        str,
        per_unit=True,
    ),
    "makeup_monthly_limit": Option(3, "每人每月补卡次数上限", per_unit=True),
    "door_code_seconds": Option(
        20,
        "打卡屏二维码每隔几秒更换",
        lo=5,
        hi=300,
        help="门口打卡屏上的二维码按此间隔更换；扫码打卡只认当前和上一个二维码",
    ),
    # 请销假
    "chain_chief_max_days": Option(1, "科长审批即可的最长天数", per_unit=True),
    "chain_deputy_max_days": Option(
        3, "分管主任审批即可的最长天数（超过需主任审批）", per_unit=True
    ),
    "sick_certificate_over_days": Option(2, "病假超过多少天须上传证明", per_unit=True),
    "report_back_working_days": Option(1, "假期结束后几个工作日内须销假"),
    "annual_leave_tiers": Option(
        "1:5,10:10,20:15",
        "年休假天数（按工龄）",
        str,
        help="工龄以当年1月1日计，满几年可休几天；不满第一档的不享受年休假",
        widget="tiers",
    ),
    "overtime_conversion": Option(
        "comp_time",
        "核实的加班转为",
        str,
        help="政工科核实的加班时长计入调休余额，或计入绩效加分",
        widget="radio",
        choices=(("comp_time", "调休"), ("performance", "绩效奖励")),
    ),
    "overtime_hours_per_day": Option(8, "加班折算调休：每多少小时折合一天", lo=1, hi=24),
    "overtime_record_margin_hours": Option(
        2, "登记的实际加班时长最多可超出批准时长几小时", lo=0, hi=12
    ),
    # 督导检查
    "notice_weekday": Option(
        0,
        "周通报生成日",
        hi=6,
        help="每周这一天生成上周的通报草稿",
        widget="select",
        choices=WEEKDAYS,
    ),
    "notice_hour": Option(9, "周通报生成时刻（时）", hi=23),
    "notice_issuer": Option("市政府办公室督导小组", "通报发文机关", str),
    "city_notice_issuer": Option("市作风整顿办", "市级通报发文机关", str),
    "repeat_offender_weeks": Option(4, "反面典型：统计最近几周", lo=1, hi=52),
    "repeat_offender_min_weeks": Option(2, "反面典型：其中至少几周有确认问题", lo=1, hi=52),
    "late_early_weekly_threshold": Option(3, "一周内迟到早退达到几次生成督查线索", lo=1),
    "self_inspection_remind_days": Option(2, "自查自纠截止前几天提醒", per_unit=True),
    "evidence_photo_max_mb": Option(8, "督查证据照片大小上限（MB）", lo=1, hi=50),
    # 报表导出
    "export_retention_days": Option(7, "后台导出的文件保留天数", lo=1, hi=365),
    # 公务用车
    "vehicle_leader_chain": Option(
        "director",
        "领导本人用车",
        str,
        help="分管主任本人用车报主任审批，或报备即可；主任本人用车总是报备",
        per_unit=True,
        widget="radio",
        choices=(("director", "报主任审批"), ("record", "报备即可")),
    ),
    "vehicle_repeat_destination_times": Option(
        4, "同一人每月前往同一非公务地点达到几次生成督查线索", lo=2, hi=31
    ),
    "vehicle_official_places": Option(
        "市委,市人大,市政府,市政协,市纪委,火车站,机场",
        "公务地点",
        str,
        help="目的地含其中之一的出车不算频繁前往同一地点；多个地点用逗号隔开",
    ),
    "vehicle_odometer_gap_km": Option(
        5, "同一车辆相邻两次出车里程相差超过几公里视为未登记用车", hi=1000
    ),
    # 账号
    "mfa_required_roles": Option(
        "政工科,管理员",
        "必须启用两步验证的角色",
        str,
        help="勾选的角色登录后须先绑定身份验证器（手机验证码应用）；不勾选则自愿启用",
        widget="roles",
    ),
}


def _coerce(key: str, value: Any) -> Any:
    option = OPTIONS[key]
    try:
        value = option.type(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"设置“{option.label}”的值格式不正确。") from exc
    if option.type is str and len(value) > TEXT_MAX_LENGTH:
        raise ValidationError(f"设置“{option.label}”最多{TEXT_MAX_LENGTH}字。")
    if key == "allowed_networks":
        parse_networks(value)
    if key == "clock_earliest":
        value = f"{parse_clock_time(value):%H:%M}"
    if option.choices and value not in dict(option.choices):
        raise ValidationError(f"设置“{option.label}”请从列出的选项中选择。")
    if option.widget == "tiers":
        if not (tiers := parse_tiers(value)):
            raise ValidationError("请至少填写一档年休假（如 工龄满1年 5天）。")
        value = tiers_text(tiers)
    if option.widget == "roles":
        value = ",".join(parse_roles(value))
    if option.type is int and not (
        (option.lo is None or value >= option.lo) and (option.hi is None or value <= option.hi)
    ):
        bounds = (
            f"{'' if option.lo is None else option.lo}～{'' if option.hi is None else option.hi}"
        )
        raise ValidationError(f"设置“{option.label}”的值应在 {bounds} 之间。")
    return value


# Bounds of one annual-leave tier: a working life, and a year of days.
TIER_MAX_YEARS, TIER_MAX_DAYS = 60, 365


def parse_tiers(value: str) -> list[tuple[int, int]]:
    """ "1:5,10:10,20:15" -> [(1, 5), (10, 10), (20, 15)]: whole numbers, one tier per year
    count, more years never fewer days."""
    tiers = []
    for part in value.split(","):
        if not part.strip():
            continue
        try:
            years, days = (int(x) for x in part.split(":"))
        except ValueError as exc:
            raise ValidationError(f"年休假档次“{part.strip()}”应为 工龄年数:天数。") from exc
        if not (0 <= years <= TIER_MAX_YEARS and 0 <= days <= TIER_MAX_DAYS):
            raise ValidationError(
                f"年休假档次“{part.strip()}”：工龄应在 0～{TIER_MAX_YEARS} 年，"
                f"天数应在 0～{TIER_MAX_DAYS} 天。"
            )
        tiers.append((years, days))
    tiers.sort()
    if len({years for years, _ in tiers}) < len(tiers):
        raise ValidationError("年休假档次的工龄不能重复。")
    if any(a[1] > b[1] for a, b in zip(tiers, tiers[1:], strict=False)):
        raise ValidationError("工龄越长，年休假天数不能越少。")
    return tiers


def tiers_text(tiers: Iterable[tuple[int, int]]) -> str:
    return ",".join(f"{years}:{days}" for years, days in tiers)


def parse_roles(value: str) -> list[str]:
    """ "政工科,管理员" -> the roles named, in the roles' order; an unknown name is refused."""
    from office import roles

    named = {part.strip() for part in value.replace("，", ",").split(",") if part.strip()}
    if unknown := named - set(roles.ALL):
        raise ValidationError(f"没有“{'、'.join(sorted(unknown))}”这个角色。")
    return [role for role in roles.ALL if role in named]


def display(key: str, value: Any) -> str:
    """A value as the settings page and its history say it: 调休, 周一, 工龄满1年5天…"""
    option = OPTIONS[key]
    if option.choices:
        return dict(option.choices).get(value, str(value))
    if option.widget == "tiers":
        try:
            return "；".join(f"工龄满{y}年{d}天" for y, d in parse_tiers(value)) or "（无）"
        except ValidationError:
            return str(value)
    if option.widget == "roles":
        return "、".join(part for part in str(value).split(",") if part) or "（无）"
    return "（空）" if value == "" else str(value)


def coerce(key: str, value: Any) -> Any:
    """The value as it would be stored, or a ValidationError in Chinese (the settings form
    shows it next to the field)."""
    return _coerce(key, value)


def parse_networks(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    try:
        return [
            ipaddress.ip_network(part.strip(), strict=False)
            for part in value.split(",")
            if part.strip()
        ]
    except ValueError as exc:
        raise ValidationError(f"网络地址“{value}”不是有效的 CIDR，例如 10.0.0.0/8。") from exc


def parse_clock_time(value: str) -> dt.time:
    """ "6:00" / "06:00" -> 06:00 (minutes only: an earliest clock-in time)."""
    try:
        hour, minute = (int(part) for part in value.strip().split(":"))
        return dt.time(hour, minute)
    except ValueError as exc:
        raise ValidationError(f"时间“{value}”格式不正确，应为 时:分，例如 06:00。") from exc


CACHE_NAME = "settings"

# Options that only a unit sets: the city's value is always the default.
UNIT_ONLY = frozenset({"unit_schedule"})

Row = tuple[int | None, str, Any, int | None]


class Values:
    """The settings as stored: the city defaults and every unit's overrides, from one set of
    rows (``load_rows``), so a job over many units reads them once.

    A unit's override counts only for a ``per_unit`` option; the rows also name the sections of
    each unit that has one, so a person's values follow from their section id alone.
    """

    def __init__(self, rows: Iterable[Row]) -> None:
        self.city = {key: option.default for key, option in OPTIONS.items()}
        self.overrides: dict[int, dict[str, Any]] = {}
        self.unit_of_section: dict[int, int] = {}
        for unit_id, key, value, section_id in rows:
            if unit_id is None:
                self.city[key] = _coerce(key, value)
                continue
            if section_id is not None:
                self.unit_of_section[section_id] = unit_id
            if OPTIONS[key].per_unit:
                self.overrides.setdefault(unit_id, {})[key] = _coerce(key, value)
        self._of_unit: dict[int | None, dict[str, Any]] = {None: self.city}

    def of_unit(self, unit_id: int | None) -> dict[str, Any]:
        """The unit's override where it has one, else the city default."""
        if unit_id not in self._of_unit:
            self._of_unit[unit_id] = {**self.city, **self.overrides.get(unit_id, {})}
        return self._of_unit[unit_id]

    def of_section(self, section_id: int | None) -> dict[str, Any]:
        return self.of_unit(self.unit_of_section.get(section_id))


def values() -> Values:
    """Every setting of the city and of every unit (cached; one query when not)."""
    from office import refdata

    return Values(refdata.rows(CACHE_NAME, load_rows))


def snapshot(unit_id: int | None = None, *, section_id: int | None = None) -> dict[str, Any]:
    """Every setting for the unit (or the unit of the section; none: the city defaults)."""
    stored = values()
    return stored.of_section(section_id) if section_id is not None else stored.of_unit(unit_id)


def load_rows() -> Iterable[Row]:
    """(unit, key, value, a section of the unit): a unit's row once per section it has."""
    from office.models import Setting

    return Setting.objects.filter(key__in=OPTIONS).values_list(
        "unit_id", "key", "value", "unit__sections__id"
    )


def from_rows(rows: Iterable[Row], unit_id: int | None = None) -> dict[str, Any]:
    return Values(rows).of_unit(unit_id)


def get(key: str, unit_id: int | None = None, *, section_id: int | None = None) -> Any:
    return snapshot(unit_id, section_id=section_id)[key]


# Apps whose state follows a setting (e.g. the beat schedule of the weekly notice) register a
# callback here in their AppConfig.ready(); it runs once after the change commits, with the
# ``acting_user`` of the change.
LISTENERS: dict[str, list[Callable[..., Any]]] = {}


def on_change(*keys: str, callback: Callable[..., Any]) -> None:
    for key in keys:
        if callback not in LISTENERS.setdefault(key, []):
            LISTENERS[key].append(callback)


def _check_unit_key(key: str, unit_id: int | None) -> None:
    if unit_id is not None and not OPTIONS[key].per_unit:
        raise ValidationError(f"设置“{OPTIONS[key].label}”全市统一，单位不能单独设置。")


@records_actor
def setting_set(
    *, key: str, value: Any, acting_user: AbstractBaseUser | None, unit_id: int | None = None
) -> None:
    """Store a changed setting (validated; the history table keeps who and when): the city
    default, or with ``unit_id`` that unit's override."""
    from office.models import Setting

    _check_unit_key(key, unit_id)
    Setting.objects.update_or_create(
        unit_id=unit_id, key=key, defaults={"value": _coerce(key, value)}
    )
    for callback in LISTENERS.get(key, []):
        transaction.on_commit(functools.partial(callback, acting_user=acting_user))


@records_actor
def setting_reset(*, key: str, unit_id: int, acting_user: AbstractBaseUser | None) -> bool:
    """恢复默认: drop the unit's override, so the city default holds again; whether one was."""
    from office.models import Setting

    deleted = False
    for setting in Setting.objects.filter(unit_id=unit_id, key=key):
        setting.delete()  # one by one, so the history table keeps who cleared it
        deleted = True
    return deleted


@records_actor
def settings_save(
    *,
    values: Mapping[str, Any],
    acting_user: AbstractBaseUser | None,
    unit_id: int | None = None,
    reset: Iterable[str] = (),
) -> int:
    """Store the settings that differ from the current ones, all or none; returns how many
    changed. With ``unit_id``: that unit's overrides, ``reset`` naming those to clear."""
    current = snapshot(unit_id)
    reset = set(reset)
    if reset and unit_id is None:
        raise ValidationError("全市默认值没有可恢复的上级默认值。")
    changed = {
        key: value for key, value in values.items() if key not in reset and value != current[key]
    }
    for key in (*changed, *reset):
        _check_unit_key(key, unit_id)
    count = 0
    with transaction.atomic():
        for key, value in changed.items():
            setting_set(key=key, value=value, acting_user=acting_user, unit_id=unit_id)
            count += 1
        for key in reset:
            count += setting_reset(key=key, unit_id=unit_id, acting_user=acting_user)
    return count
