"""The "我的" page is assembled from panels that each app registers in its AppConfig.ready().

A panel is a template plus a function (viewer -> context dict, or None to hide the panel), so
the office app never imports the others and each app owns its queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q, QuerySet

from office.org import Viewer
from office.selectors import count_each


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[Viewer], dict[str, Any] | None]


PANELS: list[Panel] = []


def register_panel(*, order: int, template: str, context: Callable[[Viewer], dict | None]) -> None:
    if not any(p.template == template for p in PANELS):
        PANELS.append(Panel(order, template, context))
        PANELS.sort(key=lambda p: p.order)


def panels_for(viewer: Viewer) -> list[tuple[str, dict[str, Any]]]:
    result = []
    for panel in PANELS:
        context = panel.context(viewer)
        if context is not None:
            result.append((panel.template, context))
    return result


# --- the role queue: what waits for this person, counted, shown first on the home page ----------


@dataclass(frozen=True)
class QueueItem:
    """One line of "待办": a label, how many, and the page that lists them (or none). The count
    may be given as the rows to count: ``queue_for`` counts those of every app in one query."""

    label: str
    count: int | QuerySet
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Queue:
    order: int
    items: Callable[[Viewer], list[QueueItem]]


QUEUES: list[Queue] = []


def register_queue(*, order: int, items: Callable[[Viewer], list[QueueItem]]) -> None:
    """An app adds the lines its roles wait on (an empty list when the viewer has none). The
    month close (考勤封帐) registers its own state for 政工科 here."""
    if not any(q.items is items for q in QUEUES):
        QUEUES.append(Queue(order, items))
        QUEUES.sort(key=lambda q: q.order)


def queue_for(viewer: Viewer) -> list[QueueItem]:
    items = [item for queue in QUEUES for item in queue.items(viewer)]
    lazy = [item for item in items if isinstance(item.count, QuerySet)]
    counted = dict(zip(map(id, lazy), count_each([item.count for item in lazy]), strict=True))
    return [
        replace(item, count=counted[id(item)]) if id(item) in counted else item for item in items
    ]


def leader_filter(viewer: Viewer, prefix: str = "") -> Q | None:
    """A Q on Staff (or via ``prefix``, e.g. "applicant__") for the people a leader's queue
    counts: the 主任's whole unit, a 科长's or 分管主任's sections; None for anyone else."""
    if viewer.is_director:
        return viewer.unit_filter(f"{prefix}section__")
    if viewer.managed_section_ids:
        return Q(**{f"{prefix}section_id__in": viewer.managed_section_ids})
    return None
