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


PROOF_SHORT = {"门口码": "门", "本机": "机", "门口码、本机": "门机", "仅网络": "网"}


@register.filter
def proof_short(label: str) -> str:
    """The grid's one-character mark of a day's proof (ClockRecord.proof's label)."""
    return PROOF_SHORT.get(label, "")
