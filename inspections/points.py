"""绩效 lines from confirmed findings (registered in InspectionsConfig.ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from inspections.dates import SHANGHAI
from inspections.models import Finding
from office.performance import Line, Scope, url_for_each

# A confirmed 旷工 or 迟到早退 candidate of the weekly compile names days the attendance source
# already counts; counting the finding too would charge the same day twice. Its 逾期未销假
# candidates are counted: no other source sees them.
COUNTED_ELSEWHERE = (Finding.AutoKind.ABSENT, Finding.AutoKind.LATE_EARLY)


def finding_points(scope: Scope, first: dt.date, last: dt.date) -> Iterator[Line]:
    """One line per confirmed finding about a person that occurred in the month, of the kind
    of its item's category (finding_1 工作纪律 … finding_4 "三公"消费); one query."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=SHANGHAI)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
    rows = (
        Finding.objects.filter(
            scope.staff_q("staff__"),
            status__in=Finding.CONFIRMED_STATES,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .exclude(auto_kind__in=COUNTED_ELSEWHERE)
        .order_by()
        .values_list(
            "pk", "staff_id", "occurred_at", "item__code", "item__text", "item__category__code"
        )
    )
    detail = url_for_each("inspections:finding_detail")
    for pk, staff_id, occurred_at, code, text, category in rows:
        date = occurred_at.astimezone(SHANGHAI).date()
        yield Line(
            staff_id,
            date,
            f"finding_{category}",
            Decimal(1),
            f"{date.month}月{date.day}日 {code} {text}",
            detail(pk),
        )
