"""The audit trail of accounts: who changed a login, its roles or its second factor, and from where.

Staff, leave, findings … keep their history with django-simple-history on their own models.
Accounts are Django's user, its group membership (the roles) and allauth's MFA
``Authenticator``: models we do not own, so they are registered here (into the ``office`` app,
where their history tables live). Every historical row of these also keeps the address the
change came from.

Who made a change is named by the service that makes it, not guessed from the request: every
write service takes ``acting_user`` (the auth ``User``, or ``None`` for the system: jobs, the
night close, the minute job) and runs under ``@records_actor``, which names that user in every
history row written inside, bulk writes included. Writes made outside any service (Django's
admin pages, allauth's own account pages) still fall back to the signed-in user of the request,
which ``HistoryRequestMiddleware`` also keeps for the source address.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest
from simple_history import register
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from office.net import client_ip

P = ParamSpec("P")
R = TypeVar("R")

_NOBODY_NAMED = object()
_actor: ContextVar[Any] = ContextVar("acting_user", default=_NOBODY_NAMED)


@contextmanager
def acting_as(user: AbstractBaseUser | None) -> Iterator[None]:
    """History rows written inside name ``user``; ``None`` is the system (shown as 系统)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def records_actor(service: Callable[P, R]) -> Callable[P, R]:
    """Mark a write service: its keyword-only ``acting_user`` is named in its history rows."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if "acting_user" not in kwargs:  # as Python would say it, not a KeyError from in here
            raise TypeError(f"{service.__name__}() missing keyword-only argument: 'acting_user'")
        with acting_as(kwargs["acting_user"]):  # type: ignore[arg-type]
            return service(*args, **kwargs)

    run.records_actor = True  # type: ignore[attr-defined]
    return run


def history_user(request: HttpRequest | None = None, **_: Any) -> AbstractBaseUser | None:
    """``get_user`` of every HistoricalRecords: the actor a service named, else (a write outside
    any service, e.g. Django's admin) the signed-in user of the request."""
    actor = _actor.get()
    if actor is not _NOBODY_NAMED:
        return actor
    return getattr(request, "user", None)


class HistoryWithAddress(models.Model):
    """Base of the historical models that record where a change came from."""

    history_ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        abstract = True


def request_ip(request: HttpRequest | None) -> str | None:
    """The client address of a request, for the audit trail."""
    if request is None:
        return None
    return client_ip(request)


@receiver(pre_create_historical_record)
def _stamp_address(instance: Any, history_instance: Any, **_: Any) -> None:
    if not isinstance(history_instance, HistoryWithAddress):
        return
    history_instance.history_ip = getattr(instance, "_history_ip", None) or request_ip(
        getattr(HistoricalRecords.context, "request", None)
    )


class AccountHistoricalRecords(HistoricalRecords):
    """History that ignores bookkeeping writes and no-op role changes.

    Logging in stamps ``last_login``, and Django re-hashes a password when its hasher changes;
    neither is a change to the account, and a row for each would put a history write on every
    login. Adding a group a user already holds (or removing one they do not) changes nothing
    either, yet Django still sends the signal.
    """

    def __init__(self, *, bookkeeping_fields: Collection[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bookkeeping_fields = frozenset(bookkeeping_fields)

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= self.bookkeeping_fields:
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(  # noqa: PLR0913
        self,
        instance: Any,
        action: str,
        attr: str,
        pk_set: set[Any] | None,
        reverse: bool,
        **kwargs: Any,
    ) -> None:
        if action in ("post_add", "post_remove") and not pk_set:
            return
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        # group.user_set.add(user): the history belongs to each user, not to the group.
        if action not in ("post_add", "post_remove"):
            return
        for user in self.cls._default_manager.filter(pk__in=pk_set):
            super().m2m_changed(user, action, attr, pk_set, False, **kwargs)


def register_account_history() -> None:
    """Called once from office.models, so the history models are part of the office app."""
    from allauth.mfa.models import Authenticator

    user_model = get_user_model()
    register(
        user_model,
        app="office",
        records_class=AccountHistoricalRecords,
        # The hash is not kept in history: a reset shows on the person's Staff record.
        excluded_fields=["password", "last_login"],
        bookkeeping_fields=["password", "last_login"],
        m2m_fields=[user_model.groups.field],
        bases=[HistoryWithAddress],
        get_user=history_user,
    )
    register(
        Authenticator,
        app="office",
        records_class=AccountHistoricalRecords,
        # ``data`` holds the TOTP secret and the recovery-code seed: never copied anywhere.
        excluded_fields=["data"],
        bookkeeping_fields=["last_used_at"],
        bases=[HistoryWithAddress],
        get_user=history_user,
    )
