"""Reference data read on every clock-in: the settings, the work calendar, the schedules.

These tables hold a few dozen rows, change a few times a year and are read by every tap, page
and job. Their rows (plain tuples, as ``values_list`` gives them) are kept in Django's cache
(Redis in production, shared by every process) next to one generation: every save or delete
of a watched model sets a new generation after it commits, and an entry stored under an older
one is ignored. The generation is read before the rows are loaded, so rows loaded just before
a change commits are stored under the generation that the change then replaces.

A transaction that changed these tables reads them from the database until it ends (its
rows are uncommitted: another process must not see them, and they may yet be rolled back).
TIMEOUT bounds how long anything unwatched could go unseen: a manual SQL fix, a generation
lost while Redis was down. Each ``manage.py migrate`` (every deploy) sets a new generation.
"""

from __future__ import annotations

import logging
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

TIMEOUT = 60
GENERATION_KEY = "office:refdata:generation"

Rows = list[tuple]

_thread = threading.local()


def _key(name: str) -> str:
    return f"office:refdata:{name}"


def _changing() -> bool:
    """Whether this thread's open transaction changed reference rows: its bump still waits in
    Django's on-commit list, which lets go of it when it has run or a rollback discarded it."""
    pending = getattr(_thread, "pending", None)
    return pending is not None and pending() is not None


def rows_many(loaders: dict[str, Callable[[], Iterable[tuple]]]) -> dict[str, Rows]:
    """The rows of each name (one cache round trip), loading and storing those missing or
    stored under an older generation."""
    if _changing():
        return {name: list(load()) for name, load in loaders.items()}
    try:
        found = cache.get_many([GENERATION_KEY, *map(_key, loaders)])
    except Exception:  # an entry that cannot be read is a miss
        log.warning("参考数据缓存读取失败，改为读数据库", exc_info=True)
        found = {}
    generation = found.get(GENERATION_KEY)
    values, missing = {}, {}
    for name, load in loaders.items():
        entry = found.get(_key(name))
        if entry is not None and entry[0] == generation:
            values[name] = entry[1]
        else:
            values[name] = list(load())
            missing[_key(name)] = (generation, values[name])
    if missing:
        cache.set_many(missing, TIMEOUT)
    return values


def rows(name: str, load: Callable[[], Iterable[tuple]]) -> Rows:
    return rows_many({name: load})[name]


def bump() -> None:
    """A new generation: every stored entry is stale."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def changed(**_kwargs: Any) -> None:
    """A watched row was saved or deleted: bump after commit, read the database until then."""
    if _changing():
        return  # the bump already pending covers this change too

    def bump_after_commit() -> None:
        bump()

    _thread.pending = weakref.ref(bump_after_commit)
    transaction.on_commit(bump_after_commit)


def watch(*models: type) -> None:
    for model in models:
        uid = f"refdata:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
