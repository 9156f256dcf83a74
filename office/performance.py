"""绩效: a month's points per person, from the lines the apps contribute.

Each app registers its point source in its AppConfig.ready() (``register_source``): a function
of a ``Scope`` and a month's first and last day that returns ``Line``s (person, date, kind,
quantity, what happened, a link to it) in a fixed number of queries, however many people the
scope holds. This module imports no app; it prices the lines with the rules
(``PerformanceRule``: points per unit of each kind, the monthly caps) and adds them up.

Computed on read, frozen on close. An open month is computed whenever it is shown: each source
is one query over one month's rows, so a page or the sheet costs the same queries for 10 people
or 10,000, and a correction (a 补卡 approved, a finding dismissed) shows at once; stored results
would need every source to invalidate them. A closed month must not change, yet its findings
may still be dismissed and the rules edited: the month close calls
``office.performance_services.performance_month_freeze``, which stores the rules and the priced
lines as they stand (``PerformanceMonth``, ``PerformanceLine``); a frozen month is read from
there, and ``performance_month_thaw`` drops them when the month is reopened.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.urls import reverse

from office.exports import Sheet
from office.models import PerformanceLine, PerformanceMonth, PerformanceRule, Staff

# Kinds of line, in the order the page and the sheet show them, with their measure. Each is a
# field of PerformanceRule (the points per one of it); the finding kinds follow the categories
# of the 31 items by their code.
KINDS: dict[str, tuple[str, str]] = {
    "absent_half_day": ("旷工", "半天"),
    "late": ("迟到", "次"),
    "early": ("早退", "次"),
    "finding_1": ("工作纪律问题", "起"),
    "finding_2": ("作风效能问题", "起"),
    "finding_3": ("形象修养问题", "起"),
    "finding_4": ("“三公”消费问题", "起"),
    "overtime_hour": ("加班计入绩效", "小时"),
}
KIND_ORDER = {kind: index for index, kind in enumerate(KINDS)}
REWARD_KINDS = frozenset(PerformanceRule.REWARDS)
ZERO = Decimal(0)

Rules = Mapping[str, Decimal | None]


@dataclass(frozen=True)
class Scope:
    """Whose lines: the people of one unit, of some of its sections, or some of them (a page
    of a list, or one person)."""

    unit_id: int
    section_ids: frozenset[int] | None = None
    staff_ids: frozenset[int] | None = None

    def staff_q(self, prefix: str = "") -> Q:
        """A Q on Staff, or through ``prefix`` (e.g. "staff__") on a person's rows."""
        q = Q(**{f"{prefix}section__unit_id": self.unit_id})
        if self.section_ids is not None:
            q &= Q(**{f"{prefix}section_id__in": self.section_ids})
        if self.staff_ids is not None:
            q &= Q(**{f"{prefix}pk__in": self.staff_ids})
        return q


@dataclass(frozen=True)
class Line:
    """One thing that earns or costs points: ``quantity`` of ``kind`` (half-days, times,
    findings, hours) on ``date``; ``url`` leads to the day, finding or overtime behind it.
    ``points`` is signed (a deduction is negative) and set by ``price``."""

    staff_id: int
    date: dt.date
    kind: str
    quantity: Decimal
    text: str
    url: str
    points: Decimal = ZERO

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, (self.kind, ""))[0]

    @property
    def measure(self) -> str:
        return KINDS.get(self.kind, ("", ""))[1]


Source = Callable[[Scope, dt.date, dt.date], Iterable[Line]]
SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """An app's lines (attendance: 旷工/迟到/早退; leave: overtime; inspections: findings)."""
    SOURCES[name] = source


# Any primary key that no URL prefix contains: ``url_for_each`` cuts a reversed URL around it.
_SAMPLE_PK = 918273645


def url_for_each(name: str) -> Callable[[int], str]:
    """The URL of the pattern ``name`` (one integer argument) for any primary key, reversed
    once: a source of 20,000 lines spent most of its time in ``reverse``."""
    head, tail = reverse(name, args=[_SAMPLE_PK]).rsplit(str(_SAMPLE_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


def month_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    first = first.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def rules_of_unit(unit_id: int | None) -> PerformanceRule:
    """The unit's rules, else the city default, else the defaults declared on the model (one
    query). The row returned may be the city's: check ``unit_id`` before writing to it."""
    rows = PerformanceRule.objects.filter(Q(unit__isnull=True) | Q(unit_id=unit_id))
    found = {rule.unit_id: rule for rule in rows}
    return found.get(unit_id) or found.get(None) or PerformanceRule(unit_id=None)


def price(lines: Iterable[Line], rules: Rules) -> list[Line]:
    """Each line with its points: quantity × the rule's points, negative for a deduction."""
    priced = []
    for line in lines:
        per = rules.get(line.kind) or ZERO
        points = line.quantity * per
        priced.append(
            dataclasses.replace(line, points=points if line.kind in REWARD_KINDS else -points)
        )
    return priced


@dataclass
class PersonMonth:
    """One person's month: the lines, the points per kind, and the capped totals."""

    staff: Staff
    lines: list[Line] = field(default_factory=list)
    quantities: dict[str, Decimal] = field(default_factory=dict)
    points: dict[str, Decimal] = field(default_factory=dict)
    deducted: Decimal = ZERO  # positive, after the cap
    rewarded: Decimal = ZERO
    deduction_capped: bool = False
    reward_capped: bool = False

    @property
    def total(self) -> Decimal:
        return self.rewarded - self.deducted

    @property
    def cells(self) -> list[Decimal | None]:
        """The points of each kind, in ``KINDS`` order (None: none of it)."""
        return [self.points.get(kind) for kind in KINDS]

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.quantities[line.kind] = self.quantities.get(line.kind, ZERO) + line.quantity
        self.points[line.kind] = self.points.get(line.kind, ZERO) + line.points


def person_months(
    people: Sequence[Staff], lines: Iterable[Line], rules: Rules
) -> list[PersonMonth]:
    """Pure: the priced lines grouped by person (in ``people``'s order) and the monthly caps
    applied to the sum of deductions and to the sum of rewards separately."""
    results = {person.pk: PersonMonth(person) for person in people}
    for line in sorted(lines, key=lambda line: (line.date, KIND_ORDER.get(line.kind, 99))):
        if line.staff_id in results:
            results[line.staff_id].add(line)
    max_deduction, max_reward = rules.get("max_deduction"), rules.get("max_reward")
    for result in results.values():
        deducted = -sum((p for p in result.points.values() if p < 0), ZERO)
        rewarded = sum((p for p in result.points.values() if p > 0), ZERO)
        if max_deduction is not None and deducted > max_deduction:
            deducted, result.deduction_capped = max_deduction, True
        if max_reward is not None and rewarded > max_reward:
            rewarded, result.reward_capped = max_reward, True
        result.deducted, result.rewarded = deducted, rewarded
    return list(results.values())


@dataclass
class MonthResult:
    first: dt.date
    rules: Rules
    frozen: PerformanceMonth | None
    people: list[PersonMonth]


def live_lines(scope: Scope, first: dt.date) -> list[Line]:
    """Every source's lines for the scope and month, unpriced (one query per source)."""
    first, last = month_bounds(first)
    return [line for source in SOURCES.values() for line in source(scope, first, last)]


def rules_as_json(rules: Rules) -> dict[str, str | None]:
    return {key: None if value is None else str(value) for key, value in rules.items()}


def month_result(scope: Scope, first: dt.date, people: Sequence[Staff]) -> MonthResult:
    """The month of ``people`` (the caller's list, in the scope): from the frozen lines when
    the month was closed (two queries), else computed (the rules, then one per source)."""
    first = first.replace(day=1)
    frozen = PerformanceMonth.objects.filter(unit_id=scope.unit_id, month=first).first()
    if frozen is not None:
        rules: Rules = {
            key: None if value is None else Decimal(value) for key, value in frozen.rules.items()
        }
        rows = PerformanceLine.objects.filter(scope.staff_q("staff__"), month=frozen)
        lines = [
            Line(staff_id, date, kind, quantity, text, url, points)
            for staff_id, date, kind, quantity, text, url, points in rows.values_list(
                "staff_id", "date", "kind", "quantity", "text", "url", "points"
            )
        ]
    else:
        rules = rules_of_unit(scope.unit_id).as_rules()
        lines = price(live_lines(scope, first), rules)
    return MonthResult(first, rules, frozen, person_months(people, lines, rules))


def scope_people(scope: Scope) -> QuerySet[Staff]:
    """The scope's people who have not left, in the list's and the sheet's order."""
    return (
        Staff.objects.filter(scope.staff_q())
        .exclude(status=Staff.Status.LEFT)
        .select_related("section")
        .order_by("section__order", "section_id", "staff_no")
    )


def rule_rows(rules: Rules) -> list[tuple[str, str]]:
    """The rules as (项目, 分值) for the page and the sheet."""
    rows = []
    for kind, (label, measure) in KINDS.items():
        value = rules.get(kind) or ZERO
        verb = "加" if kind in REWARD_KINDS else "扣"
        rows.append((label, f"每{measure}{verb}{points_text(value)}分"))
    for key, label in (("max_deduction", "每月扣分上限"), ("max_reward", "每月加分上限")):
        value = rules.get(key)
        rows.append((label, "不设上限" if value is None else f"{points_text(value)}分"))
    return rows


def points_text(value: Decimal | None) -> str:
    """10 not 10.0, 2.5 as is; None: no cap."""
    return "不设上限" if value is None else f"{Decimal(value).normalize():f}"


def performance_sheets(result: MonthResult) -> list[Sheet]:
    """绩效表: a row per person (each kind's quantity and points, the capped totals), and the
    rules the month was computed with on the second sheet. None of a kind is a blank cell (a
    10,000-row sheet then writes a third of the cells)."""
    headers = ["工号", "姓名", "科室"]
    for label, measure in KINDS.values():
        headers += [f"{label}（{measure}）", f"{label}得分"]
    headers += ["扣分合计", "加分合计", "绩效得分", "备注"]
    rows = (
        [
            one.staff.staff_no,
            one.staff.name,
            one.staff.section.name,
            *[
                value
                for kind in KINDS
                for value in (one.quantities.get(kind), one.points.get(kind))
            ],
            0 - one.deducted,  # never "-0"
            one.rewarded,
            one.total,
            "，".join(
                note
                for capped, note in (
                    (one.deduction_capped, "扣分已封顶"),
                    (one.reward_capped, "加分已封顶"),
                )
                if capped
            ),
        ]
        for one in result.people
    )
    # The points columns are narrow and their headers wrap (the writer wraps every header to
    # its column): at their full width 23 columns printed one page wide at a third of the size.
    widths = [10, 10, 14] + [8] * len(headers[3:-1]) + [16]
    status = "已封帐，按封帐时的规则和明细" if result.frozen else "未封帐，按当前规则计算"
    month = f"{result.first.year}年{result.first.month}月"
    return [
        Sheet("绩效表", headers, rows, widths),
        Sheet(
            "绩效规则",
            ["项目", "分值"],
            [*rule_rows(result.rules), ("月份", month), ("说明", status)],
            widths=[24, 30],
        ),
    ]
