"""A Redis server of the test's own, on a free port, that a test can freeze (SIGSTOP: it still
accepts connections but never answers, as a hung Redis does) and thaw again."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import redis


@dataclass
class OwnRedis:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("需要 redis-server（apt-get install redis-server）")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed command line, no user input
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    own = OwnRedis(process, port)
    deadline = time.monotonic() + 10
    while True:
        try:
            own.client().ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    try:
        yield own
    finally:
        own.thaw()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def breakers() -> Iterator[list[float]]:
    """Both breakers closed, on a clock the test moves (``clock[0] += 31``)."""
    from office.breaker import BROKER, CACHE

    clock = [1000.0]
    saved = [(b, b.clock) for b in (BROKER, CACHE)]
    for breaker in (BROKER, CACHE):
        breaker.reset()
        breaker.clock = lambda: clock[0]
    yield clock
    for breaker, original in saved:
        breaker.clock = original
        breaker.reset()
