"""Reference data read on every clock-in: the settings, the work calendar, the schedules.

These tables change a few times a year and are read by every tap, page and job. Each is kept
whole in Django's cache (Redis in production, so every web process sees the same copy) and
dropped when a row of it is saved or deleted. Every write to them goes through ``save()`` or
``delete()`` (services, admin, update_or_create), so the model signals wired in the apps'
``ready()`` see them all. TIMEOUT bounds how long anything else could go unseen: a migration,
a manual SQL fix, an invalidation lost while Redis was down, or another process that read the
old rows just before a change committed and stored them just after. A transaction that changes
these tables reads them from the database until it ends, so its own recomputes see the change.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

log = logging.getLogger(__name__)

TIMEOUT = 60
# Part of every key: bump it when a cached class changes shape (ScheduleBook, ScheduleValues),
# so a deploy starts from fresh entries.
VERSION = 1


def _key(name: str) -> str:
    return f"office:refdata:{VERSION}:{name}"


_changing = threading.local()


def _unsettled() -> set[str]:
    """Names whose rows this thread's open transaction changed. Loaded from those rows, a value
    would be uncommitted (other processes must not see it) and may yet be rolled back, so it
    is not stored. A new transaction starts with none: the last one ended one way or the other."""
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    if not hasattr(_changing, "names") or _changing.transaction is not outermost:
        _changing.transaction, _changing.names = outermost, set()
    return _changing.names


def cached_many(loaders: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """The cached value of each name (one cache round trip), loading and storing the missing.

    Names this transaction changed are loaded from the database and not stored (_unsettled).
    """
    unsettled = _unsettled()
    try:
        found = cache.get_many([_key(name) for name in loaders if name not in unsettled])
    except Exception:  # e.g. an entry pickled by an older release: treat the lot as missing
        log.warning("参考数据缓存读取失败，改为读数据库", exc_info=True)
        found = {}
    values = {}
    missing = {}
    for name, load in loaders.items():
        key = _key(name)
        if key in found:
            values[name] = found[key]
        else:
            values[name] = load()
            if name not in unsettled:
                missing[key] = values[name]
    if missing:
        cache.set_many(missing, TIMEOUT)
    return values


def cached(name: str, load: Callable[[], Any]) -> Any:
    return cached_many({name: load})[name]


def forget(names: Iterable[str]) -> None:
    """Drop entries now and again after commit: another process may refill one from the old
    rows while the change is uncommitted. Until then this thread does not store them."""
    names = list(names)
    keys = [_key(name) for name in names]
    if connection.in_atomic_block:
        _unsettled().update(names)
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_on_change(model: type, names: Callable[[Any], Iterable[str]]) -> None:
    """Drop ``names(row)`` whenever a row of ``model`` is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    def receiver(instance: Any, **kwargs: Any) -> None:
        forget(names(instance))

    uid = f"refdata:{model._meta.label}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
