"""督办逾期 with the clock moved: a missed 办结时限 (the shared sweep) or feedback day (the
daily job) is flagged once to the chief and the assigner, filed once as a candidate finding
under 作风效能, counted in the weekly notice, named only once confirmed, and priced in 绩效."""

import datetime as dt

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from inspections.compile import notice_data
from inspections.dates import SHANGHAI
from inspections.models import Finding
from inspections.services.findings import finding_confirm, finding_dismiss
from inspections.services.instruction_overdue import instruction_feedback_check
from inspections.services.instructions import feedback_post
from office import config
from office.assignment_services import assignments_sweep, receipt_accept, receipt_complete
from office.models import Notification
from office.performance import Scope, live_lines
from tests.factories import StaffFactory
from tests.inspections.instruction_helpers import DUE, REGISTERED, receipt_of, register

pytestmark = pytest.mark.django_db

THURSDAY = dt.datetime(2026, 11, 19, 15, tzinfo=SHANGHAI)
SATURDAY = dt.datetime(2026, 11, 21, 0, 30, tzinfo=SHANGHAI)  # Friday the 20th has ended
NEXT_SATURDAY = dt.datetime(2026, 11, 28, 0, 30, tzinfo=SHANGHAI)


@pytest.fixture
def instruction(org):
    with time_machine.travel(REGISTERED, tick=False):
        made = register(org)
        for person in (org.staff, org.chief):
            receipt_accept(receipt=receipt_of(made, person), acting_user=person.user)
    return made


def _report(org, instruction, person, when):
    with time_machine.travel(when, tick=False):
        feedback_post(
            receipt=receipt_of(instruction, person), text="按计划推进", acting_user=person.user
        )


def _check(when) -> int:
    with time_machine.travel(when, tick=False):
        return instruction_feedback_check(now=when, acting_user=None)


def test_a_missed_feedback_day_is_filed_once_as_a_candidate_and_told_once(
    org, instruction, django_capture_on_commit_callbacks
):
    _report(org, instruction, org.staff, THURSDAY)  # 刘职员 reported before Friday; 张科长 did not
    Notification.objects.all().delete()
    assert _check(SATURDAY - dt.timedelta(hours=1)) == 0  # Friday not over yet
    with django_capture_on_commit_callbacks(execute=True):
        assert _check(SATURDAY) == 1
    finding = Finding.objects.get()
    assert (finding.staff, finding.section, finding.item.code) == (org.chief, org.section, "2-04")
    assert finding.status == Finding.Status.CANDIDATE
    assert finding.source == Finding.Source.INSTRUCTION and finding.auto_day == dt.date(
        2026, 11, 20
    )
    assert finding.receipt == receipt_of(instruction, org.chief)
    told = set(
        Notification.objects.filter(title__contains="未按时反馈").values_list(
            "recipient", flat=True
        )
    )
    assert told == {org.deputy.user_id, org.chief.user_id}
    with django_capture_on_commit_callbacks(execute=True):
        assert _check(SATURDAY + dt.timedelta(hours=5)) == 0
    assert Finding.objects.count() == 1
    assert Notification.objects.filter(title__contains="未按时反馈").count() == 2


def test_a_week_later_each_missed_friday_is_filed_for_its_own_day(org, instruction):
    _report(org, instruction, org.staff, THURSDAY)
    assert _check(NEXT_SATURDAY) == 3  # 张科长 on the 20th and 27th, 刘职员 on the 27th
    assert _check(NEXT_SATURDAY) == 0
    days = set(Finding.objects.values_list("staff__name", "auto_day"))
    assert days == {
        ("张科长", dt.date(2026, 11, 20)),
        ("张科长", dt.date(2026, 11, 27)),
        ("刘职员", dt.date(2026, 11, 27)),
    }


def test_no_feedback_is_asked_after_reporting_done(org, instruction):
    with time_machine.travel(THURSDAY, tick=False):
        for person in (org.staff, org.chief):
            receipt_complete(receipt=receipt_of(instruction, person), acting_user=person.user)
    assert _check(NEXT_SATURDAY) == 0


def test_an_instruction_without_a_feedback_rule_never_misses_a_day(org):
    with time_machine.travel(REGISTERED, tick=False):
        register(org, interval="none", weekday=None)
    assert _check(NEXT_SATURDAY) == 0


@pytest.mark.parametrize("people", [1, 12])
def test_the_feedback_job_takes_the_same_queries_for_any_number_of_receipts(
    org, people, django_assert_num_queries
):
    extra = StaffFactory.create_batch(people, section=org.section)
    with time_machine.travel(REGISTERED, tick=False):
        register(org, people=extra)
    # SAVEPOINT; receipts with their instruction; their feedback; filed before; the items; the
    # insert (SQLite batches it by its parameter limit); the candidates re-read; their history;
    # the chiefs; RELEASE. The one notification is delivered after commit.
    with time_machine.travel(SATURDAY, tick=False), django_assert_num_queries(10):
        assert instruction_feedback_check(now=SATURDAY, acting_user=None) == people


def test_missing_the_deadline_files_a_candidate_per_person_once(org, instruction):
    with time_machine.travel(THURSDAY, tick=False):
        receipt_complete(receipt=receipt_of(instruction, org.staff), acting_user=org.staff.user)
    late = DUE + dt.timedelta(minutes=5)
    with time_machine.travel(late, tick=False):
        assignments_sweep(now=late, acting_user=None)
        assignments_sweep(now=late + dt.timedelta(hours=1), acting_user=None)
    finding = Finding.objects.get(auto_kind=Finding.AutoKind.DONE_LATE)
    assert (finding.staff, finding.item.code, finding.status) == (org.chief, "2-05", "candidate")
    assert finding.occurred_at == DUE and finding.auto_day == DUE.date()
    assert "逾期未办结" in finding.description


def _week_48() -> dict:
    return notice_data(year=2026, week=48, config=config.snapshot(), unit_id=None)


def test_the_notice_counts_a_lapse_and_names_it_only_once_confirmed(org, instruction):
    _check(NEXT_SATURDAY)  # three missed Fridays; the 27th lies in week 48
    data = _week_48()
    assert data["instructions"] == [{"section": "综合科", "done_late": 0, "report_late": 2}]
    assert not [f for f in data["findings"] if f["source"] == "督办自动"]
    chief_27 = Finding.objects.get(staff=org.chief, auto_day=dt.date(2026, 11, 27))
    with time_machine.travel(NEXT_SATURDAY, tick=False):
        finding_confirm(finding=chief_27, acting_user=org.inspector.user)
        staff_27 = Finding.objects.get(staff=org.staff, auto_day=dt.date(2026, 11, 27))
        finding_dismiss(finding=staff_27, reason="已电话汇报", acting_user=org.inspector.user)
    data = _week_48()
    assert data["instructions"] == [{"section": "综合科", "done_late": 0, "report_late": 1}]
    named = [f for f in data["findings"] if f["source"] == "督办自动"]
    assert [(f["person"], f["item_code"]) for f in named] == [("张科长", "2-04")]


def test_a_confirmed_lapse_costs_a_zuofeng_xiaoneng_line_in_performance(org, instruction):
    _check(SATURDAY)
    with time_machine.travel(SATURDAY, tick=False):
        finding_confirm(
            finding=Finding.objects.get(staff=org.chief), acting_user=org.inspector.user
        )
    lines = [
        line
        for line in live_lines(Scope(unit_id=org.section.unit_id), dt.date(2026, 11, 1))
        if line.staff_id == org.chief.pk
    ]
    assert [(line.kind, line.date) for line in lines] == [("finding_2", dt.date(2026, 11, 20))]
    assert "2-04" in lines[0].text


def test_an_unconfirmed_lapse_costs_nothing(org, instruction):
    _check(SATURDAY)
    lines = live_lines(Scope(unit_id=org.section.unit_id), dt.date(2026, 11, 1))
    assert not [line for line in lines if line.kind.startswith("finding")]


def test_the_feedback_job_is_scheduled_every_night():
    task = PeriodicTask.objects.get(task="inspections.tasks.check_instruction_feedback")
    assert (task.crontab.hour, task.crontab.minute) == ("0", "20")


def test_the_candidate_leads_back_to_its_instruction(org, instruction):
    from django.urls import reverse

    from tests.conftest import login

    _check(SATURDAY)
    finding = Finding.objects.get(staff=org.chief)
    with time_machine.travel(SATURDAY, tick=False):
        page = login(org.inspector).get(finding.get_absolute_url()).content.decode()
    assert reverse("inspections:instruction_detail", args=[instruction.pk]) in page
