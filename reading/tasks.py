"""Celery entry points: thin, they read the clock and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="reading.tasks.drop_ended_circular_pages")
def drop_ended_circular_pages() -> int:
    """Nightly job: the stamped page images of circulars whose reading has ended are deleted;
    returns how many circulars' pages went."""
    from reading.services.circulars import circular_ended_pages_drop

    return circular_ended_pages_drop(now=timezone.now())
