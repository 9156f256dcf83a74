"""Django's Redis cache, made so that Redis being down cannot take the web down (PRODUCT.md §5).

When Redis cannot be reached, reads miss, writes are dropped and ``add()`` reports success:
the settings, calendar and schedules then come from the database (office.refdata), and the
login rate limits and TOTP replay checks pause until Redis is back. After a failure the cache
is skipped for a few seconds, so a page does not wait on a dead server at every call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def _try(self, call: Callable[[], Any], fallback: Any) -> Any:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call()
        except RedisError:
            # One line per outage, not per call: the next attempt is seconds away.
            log.warning(
                "缓存（Redis）不可用，%s 秒内改为直接读数据库", RETRY_AFTER_SECONDS, exc_info=True
            )
            type(self)._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        parent = super()
        return self._try(lambda: parent.get(key, default, version), default)

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        parent = super()
        return self._try(lambda: parent.get_many(keys, version), {})

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        parent = super()
        self._try(lambda: parent.set(key, value, timeout, version), None)

    def set_many(
        self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list:
        parent = super()
        return self._try(lambda: parent.set_many(data, timeout, version), list(data))

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        parent = super()
        return self._try(lambda: parent.add(key, value, timeout, version), True)

    def delete(self, key: str, version: int | None = None) -> bool:
        parent = super()
        return self._try(lambda: parent.delete(key, version), False)

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        parent = super()
        self._try(lambda: parent.delete_many(keys, version), None)
