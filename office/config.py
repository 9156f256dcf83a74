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


# The longest text setting (a list of networks or roles, an issuer's name).
TEXT_MAX_LENGTH = 500

OPTIONS: dict[str, Option] = {
    # 考勤
    "allowed_networks": Option("", "允许打卡的网络（CIDR，逗号分隔，留空为不限）", str),
    "clock_earliest": Option("06:00", "最早打卡时间（时:分，此前的打卡不予受理，如 06:00）", str),
    "late_absent_minutes": Option(30, "迟到/早退超过多少分钟按旷工半天计", hi=240),
    "makeup_monthly_limit": Option(3, "每人每月补卡次数上限"),
    # 请销假
    "chain_chief_max_days": Option(1, "科长审批即可的最长天数"),
    "chain_deputy_max_days": Option(3, "分管主任审批即可的最长天数（超过需主任审批）"),
    "sick_certificate_over_days": Option(2, "病假超过多少天须上传证明"),
    "report_back_working_days": Option(1, "假期结束后几个工作日内须销假"),
    "annual_leave_tiers": Option("1:5,10:10,20:15", "年休假：工龄满N年:天数（逗号分隔）", str),
    "overtime_conversion": Option(
        "comp_time", "核实的加班转为：comp_time=调休，performance=绩效奖励", str
    ),
    "overtime_hours_per_day": Option(8, "加班折算调休：每多少小时折合一天", lo=1, hi=24),
    "overtime_record_margin_hours": Option(
        2, "登记的实际加班时长最多可超出批准时长几小时", lo=0, hi=12
    ),
    # 绩效
    "perf_absent_half_day": Option(-10, "旷工每半天扣分", lo=-100, hi=100),
    "perf_late_early": Option(-2, "迟到/早退每次扣分", lo=-100, hi=100),
    "perf_finding": Option(-5, "督查发现问题每起扣分", lo=-100, hi=100),
    "perf_overtime_hour": Option(1, "核实加班每小时加分", lo=-100, hi=100),
    # 督导检查
    "notice_weekday": Option(0, "周通报生成日（0=周一）", hi=6),
    "notice_hour": Option(9, "周通报生成时刻（时）", hi=23),
    "notice_issuer": Option("市政府办公室督导小组", "通报发文机关", str),
    "city_notice_issuer": Option("市作风整顿办", "市级通报发文机关", str),
    "repeat_offender_weeks": Option(4, "反面典型：统计最近几周", lo=1, hi=52),
    "repeat_offender_min_weeks": Option(2, "反面典型：其中至少几周有确认问题", lo=1, hi=52),
    "late_early_weekly_threshold": Option(3, "一周内迟到早退达到几次生成督查线索", lo=1),
    "self_inspection_remind_days": Option(2, "自查自纠截止前几天提醒"),
    "evidence_photo_max_mb": Option(8, "督查证据照片大小上限（MB）", lo=1, hi=50),
    # 账号
    "mfa_required_roles": Option("政工科,管理员", "必须启用两步验证的角色（逗号分隔）", str),
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
    if option.type is int and not (
        (option.lo is None or value >= option.lo) and (option.hi is None or value <= option.hi)
    ):
        bounds = (
            f"{'' if option.lo is None else option.lo}～{'' if option.hi is None else option.hi}"
        )
        raise ValidationError(f"设置“{option.label}”的值应在 {bounds} 之间。")
    return value


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


def snapshot() -> dict[str, Any]:
    """Every setting, defaults overlaid with stored values (cached; one query when not)."""
    from office import refdata

    return from_rows(refdata.rows(CACHE_NAME, load_rows))


def load_rows() -> Iterable[tuple[str, Any]]:
    from office.models import Setting

    return Setting.objects.filter(key__in=OPTIONS).values_list("key", "value")


def from_rows(rows: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    values = {key: option.default for key, option in OPTIONS.items()}
    for key, value in rows:
        values[key] = _coerce(key, value)
    return values


def get(key: str) -> Any:
    return snapshot()[key]


# Apps whose state follows a setting (e.g. the beat schedule of the weekly notice) register a
# callback here in their AppConfig.ready(); it runs once after the change commits, with the
# ``acting_user`` of the change.
LISTENERS: dict[str, list[Callable[..., Any]]] = {}


def on_change(*keys: str, callback: Callable[..., Any]) -> None:
    for key in keys:
        if callback not in LISTENERS.setdefault(key, []):
            LISTENERS[key].append(callback)


@records_actor
def setting_set(*, key: str, value: Any, acting_user: AbstractBaseUser | None) -> None:
    """Store a changed setting (validated; the history table keeps who and when)."""
    from office.models import Setting

    Setting.objects.update_or_create(key=key, defaults={"value": _coerce(key, value)})
    for callback in LISTENERS.get(key, []):
        transaction.on_commit(functools.partial(callback, acting_user=acting_user))


@records_actor
def settings_save(*, values: Mapping[str, Any], acting_user: AbstractBaseUser | None) -> int:
    """Store the settings that differ from the current ones, all or none; returns how many."""
    current = snapshot()
    changed = {key: value for key, value in values.items() if value != current[key]}
    with transaction.atomic():
        for key, value in changed.items():
            setting_set(key=key, value=value, acting_user=acting_user)
    return len(changed)
