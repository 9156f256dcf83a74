"""Issue 15 point 7: the demo tells the product's story relative to the day it is loaded:
missing clocks and lateness this week, 1102's self-inspection open, overtime applied for
tonight (not worked), leave at each step of the chain, an open 整改, last week's draft notice;
and the later systems: 公务用车 (a request at each step, a closed trip, one trip the vehicle
check files), 督查督办 (signed with feedback, reported 办结, overdue), 学习任务 and 文件阅知
(some done, 1102 not). A second run adds nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from attendance.models import AttendanceDay, ClockRecord
from inspections.dates import SHANGHAI
from inspections.demo_instructions import seed_instructions
from inspections.models import Feedback, Finding, Instruction, SelfInspectionReport, WeeklyNotice
from leave.models import LeaveRequest, OvertimeRequest
from office.approvals.models import ApprovalStatus, ApprovalStep
from office.calendar import working_days
from office.models import Assignment, Notification, Receipt, ReceiptState
from reading import demo as reading_demo
from reading.models import Circular, ReadLog, StudyTask
from vehicles import demo as vehicles_demo
from vehicles.models import Driver, Trip, Vehicle, VehicleRequest

# Loaded on a Wednesday morning, and on a Monday afternoon: the story is the same.
STARTS = [
    dt.datetime(2026, 11, 25, 6, 0, tzinfo=SHANGHAI),
    dt.datetime(2026, 12, 7, 15, 0, tzinfo=SHANGHAI),
]


# What a second run must not add to.
SEEDED = [
    Vehicle,
    Driver,
    VehicleRequest,
    Trip,
    ApprovalStep,
    Assignment,
    Receipt,
    Feedback,
    ReadLog,
    Finding,
    Notification,
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("start", STARTS, ids=["wednesday-0600", "monday-1500"])
def test_the_demo_tells_the_story_of_the_day_it_is_loaded(db, start, django_assert_num_queries):
    with time_machine.travel(start, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    today = start.date()
    _vehicles(today)
    _instructions(today)
    _reading()
    week = working_days(today - dt.timedelta(days=7), today - dt.timedelta(days=1))

    # 1102 forgot a clock the working day before: 补卡 can be shown.
    assert not ClockRecord.objects.filter(staff__staff_no="1102", date=week[-1], point="am_in")
    assert AttendanceDay.objects.get(staff__staff_no="1102", date=week[-1]).am_status == "missing"
    # A few people were late this week.
    late = AttendanceDay.objects.filter(date__in=week[-3:], late_minutes__gt=0)
    assert {"1103", "1204", "1302"} <= set(late.values_list("staff__staff_no", flat=True))

    # 1102's self-inspection is still to do; others have submitted theirs.
    assert not SelfInspectionReport.objects.filter(staff__staff_no="1102").exists()
    assert SelfInspectionReport.objects.filter(status="submitted").exists()

    # Tonight's overtime is approved, not worked; past ones are recorded, one verified.
    tonight = OvertimeRequest.objects.get(date=today)
    assert tonight.status == ApprovalStatus.APPROVED
    assert tonight.recorded_at is None and tonight.verified_at is None
    assert not OvertimeRequest.objects.filter(date__gte=today, recorded_at__isnull=False)
    past = OvertimeRequest.objects.filter(date__lt=today)
    assert past.filter(verified_at__isnull=False).count() == 1
    assert past.filter(recorded_at__isnull=False, verified_at__isnull=True).count() == 1

    # Leave waits at each step of the chain: chief, deputy, director.
    waiting = ApprovalStep.objects.filter(
        is_current=True,
        content_type__model="leaverequest",
        object_id__in=LeaveRequest.objects.filter(status=ApprovalStatus.PENDING).values("pk"),
    )
    assert {"1101", "1002", "1001"} <= set(waiting.values_list("approver__staff_no", flat=True))
    assert LeaveRequest.objects.filter(status=ApprovalStatus.APPROVED).exists()

    # An open 整改 for 1101 to answer; last week's notice is a draft.
    assert Finding.objects.filter(status=Finding.Status.RECTIFYING, staff__staff_no="1103")
    last_week = (today - dt.timedelta(weeks=1)).isocalendar()
    notice = WeeklyNotice.objects.get(year=last_week.year, week=last_week.week)
    assert notice.status == "draft"

    counts = [model.objects.count() for model in SEEDED]
    with time_machine.travel(start, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        assert [model.objects.count() for model in SEEDED] == counts
        # Run again, each later system's seed reads its natural key and stops there.
        with django_assert_num_queries(1):  # the first car, by plate
            vehicles_demo.seed(today=today)
        with django_assert_num_queries(1):  # the instructions, by title
            seed_instructions(today=today)
        with django_assert_num_queries(1):  # the study tasks and the circular, by title
            reading_demo.seed(today=today)


def _waiting_for(request_obj: VehicleRequest) -> str:
    return request_obj.approval_steps.get(is_current=True).approver.staff_no


def _vehicles(today):
    assert sorted(Vehicle.objects.values_list("plate", flat=True)) == [
        "冀A·2N047",
        "冀A·3G216",
        "冀A·5K730",
        "冀A·8M152",
    ]
    assert Vehicle.objects.get(status=Vehicle.Status.REPAIR).plate == "冀A·2N047"
    assert set(Driver.objects.filter(active=True).values_list("staff__staff_no", flat=True)) == {
        "1408",
        "1409",
    }
    requests = {r.applicant.staff_no: r for r in VehicleRequest.objects.select_related("applicant")}
    assert requests["1102"].status == ApprovalStatus.PENDING
    assert _waiting_for(requests["1102"]) == "1101"
    # Approved and waiting for the 车队; dispatched with no trip yet; driven, logged, checked.
    assert requests["1002"].is_approved and not requests["1002"].is_dispatched
    assert requests["1302"].is_dispatched and not Trip.objects.filter(request=requests["1302"])
    assert requests["1302"].start.astimezone(SHANGHAI).date() > today
    closed = Trip.objects.get(request=requests["1502"])
    assert closed.status == Trip.Status.CHECKED and closed.checked_by.staff_no == "1403"
    assert closed.km > 0 and closed.fuel_cost > 0 and closed.toll_cost > 0
    assert closed.started_at.astimezone(SHANGHAI).date() < today
    # The trip nobody asked for is the inspection group's 用车自动 candidate.
    errand = Trip.objects.get(request=None)
    assert errand.status == Trip.Status.RECORDED
    candidate = Finding.objects.get(source=Finding.Source.VEHICLE)
    assert (candidate.trip, candidate.status, candidate.auto_kind) == (
        errand,
        Finding.Status.CANDIDATE,
        Finding.AutoKind.NO_REQUEST,
    )


def _instructions(today):
    receipts = {
        r.staff.staff_no: r
        for r in Receipt.objects.filter(assignment__kind="instruction").select_related("staff")
    }
    assert set(receipts) == {"1501", "1101", "1404"}
    assert receipts["1501"].state == ReceiptState.ACCEPTED
    assert Feedback.objects.filter(receipt=receipts["1501"]).count() == 1
    assert Instruction.objects.get(pk=receipts["1501"].assignment_id).interval == "weekly"
    # Reported 办结, waiting for the director's 确认.
    assert receipts["1101"].state == ReceiptState.DONE and receipts["1101"].note
    assert receipts["1101"].assignment.created_by.staff_no == "1001"
    # Never signed for, past its 办结时限: flagged by the sweep and filed as a candidate.
    late = receipts["1404"]
    assert late.state == ReceiptState.PENDING and late.overdue_at is not None
    assert late.assignment.due_at.astimezone(SHANGHAI).date() < today
    assert late.assignment.created_at < late.assignment.due_at
    candidate = Finding.objects.get(source=Finding.Source.INSTRUCTION)
    assert (candidate.receipt, candidate.status) == (late, Finding.Status.CANDIDATE)


def _reading():
    unit_study, section_study = StudyTask.objects.select_related("assignment__created_by").order_by(
        "assignment__created_at", "pk"
    )
    assert unit_study.assignment.created_by.staff_no == "6001" and unit_study.needs_reflection
    studied = unit_study.assignment.receipts
    assert studied.count() == 80
    done = studied.filter(state=ReceiptState.DONE)
    assert 10 < done.count() < 70
    assert all(
        len(note) >= unit_study.reflection_min_length
        for note in done.values_list("note", flat=True)
    )
    assert studied.get(staff__staff_no="1102").state == ReceiptState.PENDING
    assert section_study.assignment.created_by.staff_no == "1101"
    assert set(section_study.assignment.receipts.values_list("section__name", flat=True)) == {
        "综合科"
    }
    circular = Circular.objects.get()
    assert circular.page_count == 2 and circular.sender.staff_no == "6001"
    read = circular.assignment.receipts.filter(state=ReceiptState.DONE)
    assert 3 < read.count() < circular.assignment.receipts.count()
    assert circular.assignment.receipts.get(staff__staff_no="1102").state == ReceiptState.PENDING
    # Each reader opened every page before confirming; 1104 only the first.
    for staff_id in read.values_list("staff_id", flat=True):
        pages = ReadLog.objects.filter(circular=circular, staff_id=staff_id, page__isnull=False)
        assert set(pages.values_list("page", flat=True)) == {1, 2}
    assert set(
        ReadLog.objects.filter(
            circular=circular, staff__staff_no="1104", page__isnull=False
        ).values_list("page", flat=True)
    ) == {1}
