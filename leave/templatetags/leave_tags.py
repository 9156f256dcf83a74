from django import template

from leave.models import format_days
from office.approvals.selectors import viewer_inbox_count
from office.org import Viewer

register = template.Library()


@register.simple_tag
def waiting_count(viewer: Viewer | None) -> int:
    """The 待我审批 badge in the navigation: one query (shared with the leave panel)."""
    return 0 if viewer is None else viewer_inbox_count(viewer)


@register.filter
def days(value: object) -> str:
    return format_days(value)


@register.filter
def balance_words(line: object) -> str:
    """可用 7 天（另有 3 天审批中）: what may still be asked for, and what is waiting, so the
    home page, the form and 政工科's page say the same (any object with ``available`` and
    ``pending``, e.g. a ``BalanceLine``)."""
    text = f"可用 {format_days(line.available)} 天"
    if line.pending:
        text += f"（另有 {format_days(line.pending)} 天审批中）"
    return text
