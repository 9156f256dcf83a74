"""Reads of 学习任务 (and, beside them, 文件阅知's): the person's tasks, the ones a viewer
follows with their completion, who has not studied yet. The role and object checks are the
assignment mechanism's (office.assignment_selectors), applied here so no page forgets them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from office.assignment_models import ANSWERED_STATES, OPEN_STATES, Assignment, Receipt
from office.assignment_selectors import (
    assignment_for_viewer,
    assignments_sent_in_scope,
    receipts_of,
    receipts_visible,
)
from office.models import Section, Staff
from office.org import Viewer
from reading.models import StudyTask
from reading.models.study import KIND


def my_study_receipts(staff: Staff) -> QuerySet[Receipt]:
    """The person's study tasks, open and done, newest first, with the material joined."""
    return receipts_of(staff, KIND).select_related("assignment__study", "assignment__created_by")


def study_receipt_for(staff: Staff, pk: int) -> Receipt | None:
    """The person's own receipt of study task ``pk``, with the task and sender; None when the
    person was not given it."""
    return (
        Receipt.objects.filter(staff=staff, assignment_id=pk, assignment__kind=KIND)
        .select_related("assignment__study", "assignment__created_by__section")
        .first()
    )


def sees_every_receipt(viewer: Viewer, assignment: Assignment) -> bool:
    """The sender and the unit's 政工科/主任/管理员 see everyone; a chief their sections."""
    if viewer.staff is not None and assignment.created_by_id == viewer.staff.pk:
        return True
    return viewer.sees_whole_unit and (viewer.is_city or viewer.unit_id == assignment.unit_id)


def study_for_follower(viewer: Viewer, pk: int) -> StudyTask:
    """A study task the viewer sent or oversees (see assignments_sent_in_scope); 404 else."""
    assignment = assignment_for_viewer(viewer, KIND, pk)
    task = StudyTask.objects.filter(assignment=assignment).first()
    if task is None:
        raise Http404("没有找到这项学习任务。")
    task.assignment = assignment
    return task


def _counted(viewer: Viewer) -> Q:
    """Receipts the viewer's counts cover: every one where they see everyone, their
    sections' otherwise (a chief following a task 政工科 sent)."""
    if viewer.sees_whole_unit or viewer.staff is None:
        return Q()
    return Q(created_by=viewer.staff) | Q(receipts__section_id__in=viewer.managed_section_ids)


def study_tasks_followed(viewer: Viewer) -> QuerySet[Assignment]:
    """Study tasks the viewer follows, newest first, each with ``total`` and ``answered``
    counted in the same query."""
    counted = _counted(viewer)
    return assignments_sent_in_scope(viewer, KIND).annotate(
        total=Count("receipts", filter=counted),
        answered=Count("receipts", filter=counted & Q(receipts__state__in=ANSWERED_STATES)),
    )


def section_scope(viewer: Viewer, assignment: Assignment) -> frozenset[int] | None:
    """The sections whose counts and names the viewer sees (None: every section)."""
    return None if sees_every_receipt(viewer, assignment) else viewer.managed_section_ids


def not_yet_studied(
    viewer: Viewer, assignment: Assignment, section_id: int | None = None
) -> QuerySet[Receipt]:
    """Who has not marked 已学, by section and 工号, limited to whom the viewer may see."""
    receipts = receipts_visible(viewer, assignment).filter(state__in=OPEN_STATES)
    if section_id is not None:
        receipts = receipts.filter(section_id=section_id)
    return receipts.order_by("section__order", "section_id", "staff__staff_no")


def export_rows(viewer: Viewer, assignment: Assignment) -> QuerySet[Receipt]:
    """Every receipt the viewer may see, for the workbook: one query, streamed."""
    return receipts_visible(viewer, assignment).order_by(
        "section__order", "section_id", "staff__staff_no"
    )


def study_receipts_due(
    section_ids: list[int], start: dt.datetime, after: dt.datetime
) -> QuerySet[Receipt]:
    """Receipts of the study tasks due in [start, after) that were sent to people of these
    sections (withdrawn tasks left out), by deadline, task, section and 工号: the 台账."""
    return Receipt.objects.filter(
        assignment__kind=KIND,
        assignment__cancelled_at__isnull=True,
        assignment__due_at__gte=start,
        assignment__due_at__lt=after,
        section_id__in=section_ids,
    ).order_by("assignment__due_at", "assignment_id", "section__order", "staff__staff_no")


def assignable_sections(viewer: Viewer) -> list[Section]:
    """The sections whose people ``viewer`` may give a study task: 政工科 every section of the
    unit, a 科长 the sections they lead (one query)."""
    if viewer.is_personnel and viewer.unit_id is not None:
        return list(Section.objects.filter(unit_id=viewer.unit_id))
    return list(Section.objects.filter(pk__in=viewer.led_section_ids))
