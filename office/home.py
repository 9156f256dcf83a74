"""The "我的" page is assembled from panels that each app registers in its AppConfig.ready().

A panel is a template plus a function (viewer -> context dict, or None to hide the panel), so
the office app never imports the others and each app owns its queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from office.org import Viewer


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
