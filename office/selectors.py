"""Read queries of the office pages (notifications, the roster); none writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
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


@dataclass(frozen=True)
class SettingChange:
    at: dt.datetime
    who: str
    label: str
    before: str
    after: str


def settings_history(unit_id: int | None, limit: int = 30) -> list[SettingChange]:
    """修改记录 of the settings page: who changed which setting when, from what to what,
    newest first. One query: the history rows of the scope (the city defaults, or one unit's
    overrides), walked in order so each change knows the value before it (a unit's cleared
    override goes back to the city default, shown as 恢复默认)."""
    from office import config
    from office.models import Setting

    rows = (
        Setting.history.filter(unit_id=unit_id, key__in=config.OPTIONS)
        .select_related("history_user__staff")
        .order_by("history_date", "history_id")
    )
    last: dict[str, str] = {}
    changes = []
    for row in rows:
        option = config.OPTIONS[row.key]
        first = "全市默认" if unit_id else f"默认值（{config.display(row.key, option.default)}）"
        before = last.get(row.key, first)
        after = "恢复默认" if row.history_type == "-" else config.display(row.key, row.value)
        last[row.key] = after
        user = row.history_user
        who = (
            "系统" if user is None else getattr(getattr(user, "staff", None), "name", user.username)
        )
        changes.append(SettingChange(row.history_date, who, option.label, before, after))
    return changes[::-1][:limit]


def count_each(querysets: list[QuerySet]) -> list[int]:
    """How many distinct rows each queryset holds, in one SELECT of scalar subqueries."""
    if not querysets:
        return []
    parts, params = [], []
    for index, rows in enumerate(querysets):
        sql, sql_params = rows.order_by().values("pk").distinct().query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) open_{index})")  # noqa: S608
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 - the ORM's own SQL
        return [int(n) for n in cursor.fetchone()]
