"""How each kind of assigned work plugs into the one mechanism (the apps register in ``ready``).

``office`` imports no other app: 督查督办 (inspections), 学习任务 and 文件阅知 (reading) tell it
here what they are called, which steps they use, when to remind, where a recipient reads one and
what happens when a receipt goes overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from office.assignment_models import Assignment, Receipt
from office.models import Unit
from office.org import Viewer


def _anyone(_viewer: Viewer, _unit: Unit, _section_ids: frozenset[int]) -> str | None:
    return None


def _no_page() -> str:
    return ""


@dataclass(frozen=True)
class AssignmentKind:
    slug: str  # "instruction" | "study" | "circular"
    label: str  # 督查督办 | 学习任务 | 文件阅知
    done_label: str  # 办结 | 已学 | 已阅
    needs_accept: bool  # 督办: 签收 first
    needs_confirm: bool  # 督办: the assigner confirms or sends back
    remind_before: dt.timedelta
    url: Callable[[Assignment], str]  # the recipient's page for it
    on_overdue: Callable[[list[Receipt]], None] | None = None  # e.g. 督办 files candidate findings
    # Who may send one to these sections (besides the mechanism's own checks: the sender's unit,
    # recipients in it): the Chinese reason, or None. E.g. 学习任务: 政工科, or a 科长 for their
    # own section.
    assign_refusal: Callable[[Viewer, Unit, frozenset[int]], str | None] = _anyone
    # The recipient's list of open ones and the sender's list of sent ones (the home queue's
    # links); "" for none.
    queue_url: Callable[[], str] = _no_page
    sent_url: Callable[[], str] = _no_page

    @property
    def done_state(self) -> str:
        """The answered state in words: 已办结, 已学, 已阅."""
        return self.done_label if self.done_label.startswith("已") else f"已{self.done_label}"

    @property
    def queue_label(self) -> str:
        """The home queue's line for a recipient, e.g. 待办学习任务."""
        return f"待办{self.label}"


KINDS: dict[str, AssignmentKind] = {}


def register_assignment_kind(kind: AssignmentKind) -> None:
    """Declare a kind (idempotent: ``ready`` may run twice in tests)."""
    KINDS[kind.slug] = kind


def assignment_kind(slug: str) -> AssignmentKind:
    """The registered kind; a ``LookupError`` for a slug no app registered (a programming
    error, not a user's: the apps pass their own slug)."""
    try:
        return KINDS[slug]
    except KeyError:
        raise LookupError(f"没有登记这类交办事项：{slug}") from None
