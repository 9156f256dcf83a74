"""A circuit breaker per process: after Redis fails once, skip it for a while.

A hung Redis (accepting connections, never answering) costs each call a socket timeout. Without
a breaker every request of every web process pays it; with one, each process pays it once per
``interval``: the broker's tasks then run in-process (office.jobs) and the cache reads the
database (office.cache) until the interval is over, when one call tries Redis again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 30.0


class Breaker:
    def __init__(
        self,
        name: str,
        meanwhile: str,
        interval: float = INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.meanwhile = meanwhile
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._retry_at: float | None = None  # None: closed, Redis is used

    @property
    def open(self) -> bool:
        return self._retry_at is not None

    def allow(self) -> bool:
        """Whether to call Redis now. Once the interval is over, one caller (per interval) is let
        through to try it; the others keep skipping it until that try has answered."""
        with self._lock:
            if self._retry_at is None:
                return True
            now = self.clock()
            if now < self._retry_at:
                return False
            self._retry_at = now + self.interval
            return True

    def failed(self) -> None:
        with self._lock:
            tripped = self._retry_at is None
            self._retry_at = self.clock() + self.interval
        if tripped:  # one line per outage, not one per try
            log.warning(
                "%s不可用：本进程%d秒内不再连接它，%s；之后再试",
                self.name,
                self.interval,
                self.meanwhile,
                exc_info=True,
            )

    def succeeded(self) -> None:
        with self._lock:
            recovered = self._retry_at is not None
            self._retry_at = None
        if recovered:
            log.warning("%s已恢复", self.name)

    def reset(self) -> None:
        """Closed again, as at process start (tests)."""
        with self._lock:
            self._retry_at = None


BROKER = Breaker("消息队列（Redis）", "任务改为当场执行")
CACHE = Breaker("缓存（Redis）", "参考数据直接读数据库，登录限速按进程计数")
