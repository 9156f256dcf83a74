"""站内通知: every app tells people things through ``notify``; delivery runs after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from office.models import Notification


def notify(*, user_ids: Iterable[int], title: str, body: str = "", url: str = "") -> None:
    """Queue a notification for each user once the current transaction commits.

    The web never waits for delivery: the Celery task writes the rows (and e-mails, when
    configured); with no broker it runs in-process.
    """
    ids = sorted({uid for uid in user_ids if uid})
    if not ids:
        return
    from office.jobs import enqueue
    from office.tasks import deliver_notifications

    enqueue(deliver_notifications, user_ids=ids, title=title, body=body, url=url)


def notifications_create(*, user_ids: list[int], title: str, body: str, url: str) -> int:
    Notification.objects.bulk_create(
        Notification(recipient_id=uid, title=title[:100], body=body[:4000], url=url[:200])
        for uid in user_ids
    )
    return len(user_ids)


def notifications_mark_read(*, user_id: int, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def unread_count(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
