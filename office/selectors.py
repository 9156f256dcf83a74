"""Read queries of the office pages (notifications, the roster); none writes."""

from __future__ import annotations

from django.db.models import QuerySet

from office.models import Notification, Section, Staff


def notifications_of(user_id: int) -> QuerySet[Notification]:
    """One user's notifications, newest first (the model's ordering)."""
    return Notification.objects.filter(recipient_id=user_id)


def roster() -> QuerySet[Staff]:
    """Everyone on the roster with their section, for 政工科's list."""
    return Staff.objects.select_related("section")


def sections() -> QuerySet[Section]:
    return Section.objects.all()


def section_names() -> list[str]:
    return list(Section.objects.values_list("name", flat=True))


def staff_changes(person: Staff, limit: int) -> list:
    """The person's latest ``limit`` history records, each with who made it."""
    return list(person.history.select_related("history_user__staff")[:limit])
