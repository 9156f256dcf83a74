"""Reference data read on every clock-in: the settings, the work calendar, the schedules.

These tables change a few times a year and are read by every tap, page and job. Each is kept
whole in Django's cache (Redis in production, so every web process sees the same copy) and
dropped when a row of it is saved or deleted. Every write to them goes through ``save()`` or
``delete()`` (services, admin, update_or_create), so the model signals wired in
``OfficeConfig.ready()`` see them all; TIMEOUT bounds how long anything else (a migration,
a manual SQL fix) could go unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 300
# Part of every key: a deploy that changes what is cached starts from fresh entries.
VERSION = 1


def _key(name: str) -> str:
    return f"office:refdata:{VERSION}:{name}"


def cached_many(loaders: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """The cached value of each name (one cache round trip), loading and storing the missing."""
    found = cache.get_many([_key(name) for name in loaders])
    values = {}
    missing = {}
    for name, load in loaders.items():
        key = _key(name)
        if key in found:
            values[name] = found[key]
        else:
            values[name] = missing[key] = load()
    if missing:
        cache.set_many(missing, TIMEOUT)
    return values


def cached(name: str, load: Callable[[], Any]) -> Any:
    return cached_many({name: load})[name]


def forget(names: Iterable[str]) -> None:
    """Drop entries now and again after commit, so that a reader who refilled one from the
    old rows while the change was still uncommitted does not keep them."""
    keys = [_key(name) for name in names]
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
