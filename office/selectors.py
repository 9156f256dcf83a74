"""Read queries of the office pages (notifications, the roster); none writes."""

from __future__ import annotations

from django.db.models import QuerySet

from office.models import Notification, Section, Staff
from office.org import Viewer


def notifications_of(user_id: int) -> QuerySet[Notification]:
    """One user's notifications, newest first (the model's ordering)."""
    return Notification.objects.filter(recipient_id=user_id)


def roster(viewer: Viewer) -> QuerySet[Staff]:
    """Everyone on the roster of the viewer's unit with their section, for 政工科's list."""
    return Staff.objects.filter(viewer.unit_filter("section__")).select_related("section")


def sections(viewer: Viewer) -> QuerySet[Section]:
    """The sections of the viewer's unit (every unit's for city roles)."""
    return Section.objects.filter(viewer.unit_filter())


def section_names(viewer: Viewer) -> list[str]:
    return list(sections(viewer).values_list("name", flat=True))


def staff_changes(person: Staff, limit: int) -> list:
    """The person's latest ``limit`` history records, each with who made it."""
    return list(person.history.select_related("history_user__staff")[:limit])
