"""Cards the apps add to a person's page (人员名册 → the person), registered in their
AppConfig.ready(), as the home page's panels are: the office app never imports the others and
each app owns its queries and who may see its card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from office.models import Staff
from office.org import Viewer


@dataclass(frozen=True)
class PersonPanel:
    order: int
    template: str
    context: Callable[[Viewer, Staff], dict[str, Any] | None]


PERSON_PANELS: list[PersonPanel] = []


def register_person_panel(
    *, order: int, template: str, context: Callable[[Viewer, Staff], dict | None]
) -> None:
    """``context`` returns the card's context, or None to leave the card out for this viewer."""
    if not any(p.template == template for p in PERSON_PANELS):
        PERSON_PANELS.append(PersonPanel(order, template, context))
        PERSON_PANELS.sort(key=lambda p: p.order)


def person_panels_for(viewer: Viewer, person: Staff) -> list[tuple[str, dict[str, Any]]]:
    result = []
    for panel in PERSON_PANELS:
        context = panel.context(viewer, person)
        if context is not None:
            result.append((panel.template, context))
    return result
