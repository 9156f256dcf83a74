"""Demo inspections (python manage.py seed_demo): four weeks of rounds and findings in every
state (one 整改 always open), one published notice and a draft for last week, a
self-inspection campaign half submitted (1102's still open), the 督查督办 of
inspections.demo_instructions, and the nightly vehicle check over vehicles.demo's trips (one
用车自动 candidate).

Idempotent: a second run finds its rounds, its instructions by title and the facts it filed,
and adds nothing. Everything goes through the services, so history rows, notifications and
numbering are what real use produces.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from inspections.dates import SHANGHAI
from inspections.demo_instructions import seed_instructions
from inspections.models import Finding, InspectionRound, Item
from inspections.services.findings import (
    finding_confirm,
    finding_dismiss,
    finding_feedback,
    finding_record,
    finding_rectify,
    round_create,
)
from inspections.services.notices import notice_compile, notice_publish
from inspections.services.selfcheck import campaign_create, report_save
from inspections.services.vehicle_autofind import vehicle_candidates_create
from office import roles
from office.models import Section, Staff

MARK = "【演示】"
SCENES = [
    ("1-07", "工位", "上班时间用手机看短视频"),
    ("1-03", "三楼走廊", "上班时间到其他科室闲聊，串岗约二十分钟"),
    ("1-06", "机关餐厅", "11:35 已在餐厅就餐，未到下班时间"),
    ("1-02", "办公室", "上午10时检查时不在岗，未履行外出报备"),
    ("3-02", "办公室", "下班后办公室灯和电脑未关"),
    ("1-10", "工作群", "将内部会议通知截图转发至非工作微信群"),
    ("2-03", "综合业务", "领导交办事项逾期三天未反馈"),
    ("3-01", "服务窗口", "接待来访群众时言行不当"),
]
REPORT = (
    "对照31项具体问题逐项查摆，本人存在{items}等问题。今后严格遵守工作纪律，"
    "守规矩、明底线，立查立改。"
)


def _tuesday(today: dt.date, weeks_back: int) -> dt.date:
    monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks_back)
    return monday + dt.timedelta(days=1)


def _findings_for_round(
    rng: random.Random, inspection_round: InspectionRound, sections: list[Section], user: object
) -> list[Finding]:
    findings = []
    for section in sections:
        people = list(Staff.objects.filter(section=section, status=Staff.Status.ACTIVE))
        for _ in range(rng.randint(0, 2)):
            code, place, text = rng.choice(SCENES)
            moment = dt.datetime.combine(
                inspection_round.date,
                dt.time(rng.choice([9, 10, 11, 15, 16]), rng.randint(0, 59)),
                tzinfo=SHANGHAI,
            )
            findings.append(
                finding_record(
                    staff=rng.choice(people) if people and rng.random() < 0.85 else None,
                    section=section,
                    item=Item.objects.get(code=code),
                    occurred_at=moment,
                    place=place,
                    description=text,
                    source=Finding.Source.COVERT
                    if inspection_round.kind == InspectionRound.Kind.COVERT
                    else Finding.Source.GROUP,
                    inspection_round=inspection_round,
                    acting_user=user,
                )
            )
    return findings


def _advance(rng: random.Random, finding: Finding, user: object, deadline: dt.date) -> None:
    """Move a finding along its workflow to a varied state."""
    roll = rng.random()
    if roll < 0.1:
        finding_dismiss(finding=finding, reason="经核实当事人持有外出审批单", acting_user=user)
        return
    if roll < 0.25:
        return
    finding = finding_confirm(finding=finding, acting_user=user)
    if roll < 0.45:
        return
    finding = finding_rectify(finding=finding, deadline=deadline, acting_user=user)
    chief = finding.section.chief
    if roll < 0.75 and chief is not None:
        finding_feedback(
            finding=finding,
            feedback="已对当事人进行谈话提醒，本人作出书面检讨，科室组织对照检查。",
            acting_user=chief.user,
        )


def seed(*, today: dt.date) -> None:
    _seed_findings(today)
    seed_instructions(today=today)
    # The nightly check's window (last month and this one so far), over the demo's trips.
    month = min(today, timezone.localdate()).replace(day=1)
    vehicle_candidates_create(
        first=(month - dt.timedelta(days=1)).replace(day=1),
        last=max(today, timezone.localdate()),
        acting_user=None,
    )


def _seed_findings(today: dt.date) -> None:
    inspector = (
        Staff.objects.filter(user__groups__name=roles.INSPECTOR).order_by("staff_no").first()
    )
    if inspector is None or InspectionRound.objects.filter(note__startswith=MARK).exists():
        return
    user, unit = inspector.user, inspector.section.unit
    rng = random.Random(6)
    sections = list(Section.objects.order_by("order", "pk"))
    deadline = max(today, timezone.localdate()) + dt.timedelta(days=5)
    for weeks_back in (4, 3, 2, 1):
        covered = rng.sample(sections, k=min(4, len(sections)))
        inspection_round = round_create(
            date=_tuesday(today, weeks_back),
            kind=rng.choice(InspectionRound.Kind.values),
            inspectors=[inspector],
            sections=covered,
            note=f"{MARK}每周工作纪律作风检查",
            acting_user=user,
        )
        for finding in _findings_for_round(rng, inspection_round, covered, user):
            _advance(rng, finding, user, deadline)
    _open_rectification(today, user, deadline)
    two_weeks_ago = (today - dt.timedelta(weeks=2)).isocalendar()
    last_week = (today - dt.timedelta(weeks=1)).isocalendar()
    notice_publish(
        notice=notice_compile(
            year=two_weeks_ago.year, week=two_weeks_ago.week, unit=unit, acting_user=None
        ),
        acting_user=user,
        today=today,
    )
    notice_compile(year=last_week.year, week=last_week.week, unit=unit, acting_user=None)
    _campaign(rng, today, user)


def _open_rectification(today: dt.date, user: object, deadline: dt.date) -> None:
    """One finding whose 整改 is ordered and not yet answered, whatever the dice did: chief
    1101 has a 整改反馈 to write, and the draft notice of last week lists it."""
    person = Staff.objects.filter(staff_no="1103").select_related("section").first()
    if person is None:
        return
    finding = finding_record(
        staff=person,
        section=person.section,
        item=Item.objects.get(code="1-02"),
        occurred_at=dt.datetime.combine(_tuesday(today, 1), dt.time(10, 15), tzinfo=SHANGHAI),
        place="综合科办公室",
        description="上午10时检查时不在岗，未履行外出报备",
        source=Finding.Source.GROUP,
        inspection_round=None,
        acting_user=user,
    )
    finding_rectify(
        finding=finding_confirm(finding=finding, acting_user=user),
        deadline=deadline,
        acting_user=user,
    )


def _campaign(rng: random.Random, today: dt.date, user: object) -> None:
    campaign = campaign_create(
        title="工作纪律作风整顿大检视大整改大提升自查自纠",
        intro="对照实施方案列出的4个方面31项具体问题，开展自查自纠，立查立改，撰写个人自查报告。",
        deadline=max(today, timezone.localdate()) + dt.timedelta(days=7),
        acting_user=user,
    )
    items = list(Item.objects.filter(active=True))
    for person in Staff.objects.filter(status=Staff.Status.ACTIVE).select_related("user"):
        roll = rng.random()
        # 1102, the demo's 干部职工 login, still has the self-inspection to fill in and submit.
        if roll > 0.6 or person.staff_no == "1102":
            continue
        chosen = rng.sample(items, k=rng.randint(0, 2))
        names = "、".join(item.text for item in chosen) or "工作标准不够高"
        report_save(
            campaign=campaign,
            staff=person,
            items=chosen,
            report=REPORT.format(items=names),
            submit=roll < 0.45,
            acting_user=person.user,
        )
