from django import template

from leave.models import format_days
from office.approvals.selectors import inbox_count
from office.org import Viewer

register = template.Library()


@register.simple_tag
def waiting_count(viewer: Viewer | None) -> int:
    """The 待我审批 badge in the navigation: one query."""
    if viewer is None or viewer.staff is None:
        return 0
    return inbox_count(viewer.staff)


@register.filter
def days(value: object) -> str:
    return format_days(value)
