"""What excuses a half-day from clocking: approved leave, outings, business trips.

The day-status engine does not know about leave or outings; apps that approve such things
register a provider here (leave registers one in its AppConfig.ready()), and the engine asks
all providers for the covers of the people and days it is computing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Half = Literal["am", "pm"]


@dataclass(frozen=True)
class Cover:
    staff_id: int
    date: dt.date
    half: Half
    status: Literal["leave", "outing", "trip"]  # 请假 / 外出 / 公出
    label: str  # shown in the status, e.g. "事假", "外出：市财政局"


Provider = Callable[[list[int] | None, dt.date, dt.date], Iterable[Cover]]

PROVIDERS: list[Provider] = []


def register_cover_provider(provider: Provider) -> None:
    """``provider(staff_ids or None for everyone, start, end)`` yields the covers in range.

    It must run a bounded number of queries whatever the number of people or days.
    """
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def covers_between(staff_ids: list[int] | None, start: dt.date, end: dt.date) -> list[Cover]:
    return [cover for provider in PROVIDERS for cover in provider(staff_ids, start, end)]
