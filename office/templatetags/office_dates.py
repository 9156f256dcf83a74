"""Date filters every template has (a builtin): ``{{ d|cn_date }}`` 2026年12月2日,
``{{ d|cn_day }}`` 12月2日."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from office import dates

register = template.Library()


def _day(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def cn_date(value: dt.date | dt.datetime | None) -> str:
    return "" if value in (None, "") else dates.cn_date(_day(value))


@register.filter
def cn_day(value: dt.date | dt.datetime | None) -> str:
    return "" if value in (None, "") else dates.cn_day(_day(value))
