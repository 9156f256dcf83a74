from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


LABEL = dict(DayStatus.choices)


def _badge(status: str) -> str:
    return f'<span class="st {STATUS_CLASS.get(status, "light")}">{SHORT.get(status, "")}</span>'


@register.simple_tag
def grid_cell(cell, mark: str) -> SafeString:  # noqa: ANN001 (AttendanceDay | None)
    """The inside of one month-grid cell: a day's half-day marks (one when both halves agree)
    and its proof mark. Built here rather than in the template: a city section's month is
    thousands of cells, and the template language spent most of the page's time on them."""
    html = ""
    if cell:
        am, pm = cell.am_status, cell.pm_status
        title = (
            f"{cell.date.month}月{cell.date.day}日 上午{LABEL.get(am, am)} "
            f"下午{LABEL.get(pm, pm)} {cell.labels}"
        )
        html = f'<span title="{escape(title)}">{_badge(am)}{_badge(pm) if am != pm else ""}</span>'
    if mark:
        none = " proof-none" if mark == "仅网络" else ""
        html += (
            f'<span class="proof-mark{none}" title="打卡凭证：{escape(mark)}">'
            f"{PROOF_SHORT.get(mark, '')}</span>"
        )
    return mark_safe(html)  # noqa: S308 (every value above is escaped or one of ours)
