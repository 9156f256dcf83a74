"""The "我的" home cards (today's clock status and a button to the clock-in page; while an
outing is open, the outing with its 返回 button) and the attendance lines of the role queue
("待办")."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from attendance import door_selectors
from attendance.closing import close_in_force, month_open_items, open_items_text
from attendance.forms import DeviceUnbindForm
from attendance.models import CorrectionRequest, DayStatus, MakeUpRequest
from attendance.selectors import board_counts, open_outing, today_for, unscheduled_count
from attendance.services.door import device_unbind_refusal
from office.approvals.models import ApprovalStatus
from office.home import QueueItem, leader_filter
from office.models import Section, Staff
from office.org import Viewer


def today_panel(viewer: Viewer) -> dict | None:
    if viewer.staff is None:
        return None
    today = today_for(viewer.staff, timezone.now())
    return {"clocks": list(today.clocks.values()), "row": today.row, "today": today.day}


DEVICE_EVENTS_SHOWN = 10


def device_card(viewer: Viewer, person: Staff) -> dict | None:
    """打卡设备 on the person's page, for those who may unbind it (政工科 of their unit): the
    device bound, the form to unbind it and its history. Two queries."""
    if device_unbind_refusal(viewer, person):
        return None
    return {
        "person": person,
        "device": door_selectors.bound_device(person),
        "events": door_selectors.device_events(person, DEVICE_EVENTS_SHOWN),
        "form": DeviceUnbindForm(),
    }


def outing_panel(viewer: Viewer) -> dict | None:
    """外出中: shown on the home page only while the person is out, with its 返回 button."""
    if viewer.staff is None:
        return None
    now = timezone.now()
    outing = open_outing(viewer.staff, now)
    if outing is None:
        return None
    return {"outing": outing, "now": now, "overdue": now > outing.expected_return}


def queue(viewer: Viewer) -> list[QueueItem]:
    """Leaders: who of their people is not in yet today. 政工科: 补卡 under way, roster gaps."""
    items = []
    if leader_filter(viewer) is not None:
        absent = sum(counts.get("absent", 0) for _, counts in board_counts(viewer, timezone.now()))
        items.append(QueueItem("今日未到岗", absent, reverse("attendance:board")))
    if viewer.is_personnel:
        unit = viewer.unit_filter("applicant__section__")
        makeups = MakeUpRequest.objects.filter(unit, status=ApprovalStatus.PENDING)
        grid = f"{reverse('attendance:all_sections')}?status={DayStatus.MISSING}"
        items.append(QueueItem("补卡申请审批中", makeups, grid, "缺卡的日子在考勤月表中"))
        no_chief = Section.objects.filter(viewer.unit_filter(), chief__isnull=True)
        items.append(QueueItem("未设科长的科室", no_chief, reverse("people:list")))
        items.append(
            QueueItem(
                "无作息时间的人员", unscheduled_count(viewer), reverse("attendance:schedules")
            )
        )
        corrections = CorrectionRequest.objects.filter(
            viewer.unit_filter("staff__section__"), status=ApprovalStatus.PENDING
        )
        items.append(QueueItem("更正申请待审批", corrections, reverse("attendance:corrections")))
        if viewer.unit_id is not None:
            items.append(last_month_close(viewer.unit_id))
    return items


def last_month_close(unit_id: int) -> QueueItem:
    """Last month's 考勤封帐: closed, or how many items the pre-close check still lists."""
    last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    url = reverse(
        "attendance:close_month",
        kwargs={"unit_id": unit_id, "year": last.year, "month": last.month},
    )
    if close_in_force(unit_id, last.year, last.month) is not None:
        return QueueItem(f"{last.month}月考勤已封帐", 0, url)
    items = month_open_items(unit_id, last.year, last.month)
    note = open_items_text(items) or "无未办结事项，可以封帐"
    total = sum(item.count for item in items)
    return QueueItem(f"{last.month}月考勤待封帐：未办结事项", total, url, note)
