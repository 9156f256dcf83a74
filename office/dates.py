"""The one way dates and lengths of time are written (PRODUCT.md §4): 2026年12月2日 in prose,
12月2日 where the year is plain from the page, never a zero-padded 12月02日."""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """2026年12月2日"""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_day(day: dt.date) -> str:
    """12月2日"""
    return f"{day.month}月{day.day}日"


def cn_month(day: dt.date) -> str:
    """2026年12月"""
    return f"{day.year}年{day.month}月"


def cn_duration(delta: dt.timedelta) -> str:
    """1 小时 52 分 / 40 分 (whole minutes, never negative)."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分"


def cn_datetime(at: dt.datetime) -> str:
    """2026年12月2日 17:00, in the office's time zone."""
    from django.utils import timezone

    local = timezone.localtime(at)
    return f"{cn_date(local.date())} {local:%H:%M}"
