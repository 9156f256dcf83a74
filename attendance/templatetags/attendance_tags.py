from django import template

from attendance.models.clock import DayStatus
from attendance.selectors import STATUS_CLASS

register = template.Library()

SHORT = {
    DayStatus.NORMAL: "✓",
    DayStatus.LATE: "迟",
    DayStatus.EARLY: "早",
    DayStatus.MISSING: "缺",
    DayStatus.ABSENT: "旷",
    DayStatus.LEAVE: "假",
    DayStatus.OUTING: "外",
    DayStatus.TRIP: "公",
    DayStatus.REST: "休",
    DayStatus.PENDING: "·",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "light")


@register.filter
def status_label(status: str) -> str:
    return DayStatus(status).label if status in DayStatus.values else ""


@register.filter
def status_short(status: str) -> str:
    return SHORT.get(status, "")


@register.simple_tag
def legend() -> list[tuple[str, str, str]]:
    return [(s.value, s.label, SHORT[s]) for s in DayStatus]
