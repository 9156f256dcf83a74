"""Django's Redis cache, made so that Redis being down cannot take the web down (PRODUCT.md §5).

When Redis cannot be reached, the reference data fails open: reads miss and writes are dropped,
so the settings, calendar and schedules come from the database (office.refdata).

The security counters, allauth's login rate limits and its TOTP replay check (keys starting
``allauth``), neither fail open nor closed: they count in this process's memory until Redis is
back. Failing open would let anyone guess passwords unthrottled for the length of an outage;
failing closed (allauth refuses a login whose counter it cannot lock) would lock every staff
member out of the 08:30 clock-in. In memory the limits hold per web process (with four
processes, a 工号 gets up to four times its five wrong passwords in five minutes), and a TOTP
code used once is refused again by the same process.

After a failure Redis is skipped for an interval (office.breaker), so a page does not wait on a
dead or hung server at every call: each process waits out one short socket timeout per interval.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from office.breaker import CACHE

SECURITY_PREFIX = "allauth"
# This process's security counters while Redis is down (one entry per address and per 工号).
MEMORY = LocMemCache("office-security-counters", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


class ResilientRedisCache(RedisCache):
    def _try(self, call: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        if CACHE.allow():
            try:
                result = call()
            except RedisError:
                CACHE.failed()  # logs once per outage
            else:
                CACHE.succeeded()
                return result
        return fallback()

    def _fallback(self, key: str, in_memory: Callable[[], Any], otherwise: Any) -> Callable:
        return in_memory if key.startswith(SECURITY_PREFIX) else lambda: otherwise

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        parent = super()
        return self._try(
            lambda: parent.get(key, default, version),
            self._fallback(key, lambda: MEMORY.get(key, default, version), default),
        )

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        parent = super()
        return self._try(lambda: parent.get_many(keys, version), dict)

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        parent = super()
        self._try(
            lambda: parent.set(key, value, timeout, version),
            self._fallback(key, lambda: MEMORY.set(key, value, timeout, version), None),
        )

    def set_many(
        self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list:
        parent = super()
        return self._try(lambda: parent.set_many(data, timeout, version), lambda: list(data))

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        parent = super()
        return self._try(
            lambda: parent.add(key, value, timeout, version),
            self._fallback(key, lambda: MEMORY.add(key, value, timeout, version), True),
        )

    def delete(self, key: str, version: int | None = None) -> bool:
        parent = super()
        return self._try(
            lambda: parent.delete(key, version),
            self._fallback(key, lambda: MEMORY.delete(key, version), False),
        )

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        parent = super()
        self._try(lambda: parent.delete_many(keys, version), lambda: None)
