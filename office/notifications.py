"""站内通知: every app tells people things through ``notify``; delivery runs after commit.

Delivery is idempotent: ``notify`` gives each call a batch id, and a person has at most one
notification per batch, so a retried or redelivered task writes nobody's twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.utils import timezone

from office.audit import records_actor
from office.jobs import enqueue
from office.models import Notification

log = logging.getLogger(__name__)


@records_actor
def notify(
    *,
    user_ids: Iterable[int],
    title: str,
    body: str = "",
    url: str = "",
    acting_user: AbstractBaseUser | None,
) -> None:
    """Queue a notification for each user once the current transaction commits.

    The web never waits for delivery: the Celery task writes the rows (and e-mails, when
    configured); with no broker it runs in-process.
    """
    ids = sorted({uid for uid in user_ids if uid})
    if not ids:
        return
    batch = str(uuid.uuid4())
    enqueue(deliver_notifications, batch=batch, user_ids=ids, title=title, body=body, url=url)


# The name is the one the task had in office/tasks.py: messages queued before an upgrade still
# find it.
@shared_task(
    name="office.tasks.deliver_notifications",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def deliver_notifications(
    *, user_ids: list[int], title: str, body: str, url: str, batch: str = ""
) -> int:
    """Write the notifications of one batch, then e-mail the people newly notified.

    A message queued before batches existed has none: it gets one here (once per attempt).
    """
    batch = batch or str(uuid.uuid4())
    created = notifications_create(
        batch=batch, user_ids=user_ids, title=title, body=body, url=url, acting_user=None
    )
    if created and settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        emails = get_user_model().objects.filter(pk__in=created).exclude(email="")
        messages = [
            (title, f"{body}\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [email])
            for email in emails.values_list("email", flat=True)
        ]
        try:
            send_mass_mail(messages, fail_silently=False)
        except OSError:
            # E-mail is an optional extra; the in-app notification is already stored.
            log.warning("通知邮件发送失败：%s", title, exc_info=True)
    return len(created)


@records_actor
def notifications_create(
    *,
    batch: str,
    user_ids: list[int],
    title: str,
    body: str,
    url: str,
    acting_user: AbstractBaseUser | None,
) -> list[int]:
    """Write the batch's notification for each user who has none yet; returns their ids."""
    have = set(
        Notification.objects.filter(batch=batch, recipient_id__in=user_ids).values_list(
            "recipient_id", flat=True
        )
    )
    new = [uid for uid in user_ids if uid not in have]
    # ignore_conflicts: a copy of the task running at the same moment may insert first.
    Notification.objects.bulk_create(
        (
            Notification(
                batch=batch, recipient_id=uid, title=title[:100], body=body[:4000], url=url[:200]
            )
            for uid in new
        ),
        ignore_conflicts=True,
    )
    return new


@records_actor
def notifications_mark_read(
    *, user_id: int, ids: list[int] | None = None, acting_user: AbstractBaseUser | None
) -> int:
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def unread_count(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
