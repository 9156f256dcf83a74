"""Demo 督查督办 for `manage.py seed_demo` (called by inspections.demo.seed).

Three instructions, through the services: 主任 1001's 市长批示 to 信息科 chief 1501, signed for
and a first 进展反馈 given; 1001's meeting item to 综合科 chief 1101, reported 办结 and waiting
for 1001's 确认; 督导小组 4001's 来文 to 1404 of 行政科, never signed for and two working days
past its 办结时限, which the sweep (run by seed_demo once every app has seeded) flags and files
as a 督办自动 candidate. Each instruction is found again by its title: a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from inspections.models import Instruction
from inspections.services.instructions import KIND, feedback_post, instruction_register
from office import calendar
from office.assignment_services import receipt_accept, receipt_complete
from office.models import Assignment, Receipt, Staff

LATE_TITLE = "办公楼消防安全隐患排查整改"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _signed_with_feedback(receipt: Receipt) -> None:
    user = receipt.staff.user
    feedback_post(
        receipt=receipt_accept(receipt=receipt, acting_user=user),
        text="已梳理近三个月12345热线工单，逾期未办结的12件已逐件交办承办单位并明确办结时限，"
        "其中5件已办结回访；下周五前报送热线诉求办理长效机制草案。",
        acting_user=user,
    )


def _reported_done(receipt: Receipt) -> None:
    user = receipt.staff.user
    receipt_complete(
        receipt=receipt_accept(receipt=receipt, acting_user=user),
        acting_user=user,
        note="已将动员会主报告、各科室表态发言和会议纪要汇编成册（共56页），"
        "印发各科室，电子版已上传内网。",
    )


def _past_due(instruction: Instruction, today: dt.date) -> None:
    """Registered with a 办结时限 still ahead (the service allows no other), then dated back
    as if registered six working days ago and due two working days ago (demo data only)."""
    base = min(today, timezone.localdate())
    days = calendar.working_days(base - dt.timedelta(days=21), base - dt.timedelta(days=1))
    Assignment.objects.filter(pk=instruction.pk).update(
        created_at=_at(days[-6], 10), due_at=_at(days[-2], 18)
    )


# (交办人, 责任人, fields, what happened after): who registers what for whom.
PLAN: list[tuple[str, str, dict, Callable[[Receipt], None] | None]] = [
    (
        "1001",
        "1501",
        {
            "title": "12345热线群众诉求逾期未办结问题整改",
            "body": "李市长批示：近期12345热线群众诉求逾期件较多，请市政府办牵头督促相关单位"
            "限期办结，举一反三，建立长效机制。",
            "source": Instruction.Source.MAYOR,
            "reference": "市长批示件〔2026〕第118号",
            "interval": Instruction.Interval.WEEKLY,
            "weekday": 4,
            "days": 14,
        },
        _signed_with_feedback,
    ),
    (
        "1001",
        "1101",
        {
            "title": "全市工作纪律作风整顿动员会材料汇编",
            "body": "请综合科将动员会主报告、各单位表态发言和会议纪要汇编成册，印发各科室学习。",
            "source": Instruction.Source.MEETING,
            "reference": "主任办公会议纪要〔2026〕12号",
            "days": 3,
        },
        _reported_done,
    ),
    (
        "4001",
        "1404",
        {
            "title": LATE_TITLE,
            "body": "根据市安委办通知，请行政科对办公楼消防通道、灭火器、应急照明开展排查，"
            "发现问题立即整改，并报送整改台账。",
            "source": Instruction.Source.DOCUMENT,
            "reference": "市安委办〔2026〕31号",
            "days": 1,
        },
        None,
    ),
]


def seed_instructions(*, today: dt.date) -> None:
    done = set(
        Assignment.objects.filter(
            kind=KIND, title__in=[fields["title"] for _, _, fields, _ in PLAN]
        ).values_list("title", flat=True)
    )
    if len(done) == len(PLAN):
        return
    people = {
        s.staff_no: s
        for s in Staff.objects.select_related("user", "section__unit").filter(
            staff_no__in={no for plan in PLAN for no in plan[:2]}
        )
    }
    ahead = max(today, timezone.localdate())
    with transaction.atomic():
        for assigner, person, fields, then in PLAN:
            if fields["title"] in done or assigner not in people or person not in people:
                continue
            fields = dict(fields)
            due = calendar.add_working_days(ahead, fields.pop("days"))
            instruction = instruction_register(
                **fields,
                due_at=_at(due, 18),
                people=[people[person]],
                acting_user=people[assigner].user,
            )
            if then is not None:
                then(
                    Receipt.objects.select_related("assignment", "staff__user").get(
                        assignment_id=instruction.pk
                    )
                )
            if fields["title"] == LATE_TITLE:
                _past_due(instruction, today)
