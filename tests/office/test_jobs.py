"""后台任务 (office.jobs): started once per kind and key, run as the system with progress, shown
on office:job to the one who started it and to admins only."""

import datetime as dt

import pytest
import time_machine
from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from office.jobs import STALE_AFTER, job_progress, job_run, job_start
from office.models import Job
from tests.conftest import login


@shared_task(name="tests.office.test_jobs.count_to")
def count_to(*, job_id: int, n: int, fail: bool = False) -> None:
    def work(job: Job) -> str:
        for i in range(1, n + 1):
            job_progress(job, i, n)
        if fail:
            raise RuntimeError("坏了")
        return f"数到了{n}。"

    job_run(job_id, work)


def start(user, n=3, fail=False, **changes):
    values = {"kind": "test.count", "key": "k", "label": "数数", "requested_by": user}
    return job_start(task=count_to, n=n, fail=fail, **{**values, **changes})


def test_a_job_runs_after_commit_and_ends_done_with_its_message(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(org.staff.user)
        assert job.status == Job.Status.QUEUED
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.DONE, 3, 3, 100)
    assert job.message == "数到了3。" and job.finished_at is not None


def test_a_failing_job_is_shown_failed_not_raised(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(org.staff.user, fail=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.done == 3
    assert job.message == "任务失败，请稍后重试；若仍失败请联系管理员。"


def test_a_job_no_longer_queued_is_not_run_again(org):
    job = Job.objects.create(kind="test.count", key="k", label="数数", status=Job.Status.DONE)
    assert job_run(job.pk, lambda job: pytest.fail("ran twice")) is None


def test_a_stale_job_is_given_up_and_the_work_queued_again(org):
    lost = start(org.staff.user)
    with time_machine.travel(timezone.now() + STALE_AFTER + dt.timedelta(seconds=1)):
        fresh = start(org.staff.user)
    lost.refresh_from_db()
    assert fresh != lost and lost.status == Job.Status.FAILED
    assert "长时间没有进展" in lost.message
    # Its message, delivered late, finds it given up and does nothing.
    assert job_run(lost.pk, lambda job: pytest.fail("ran")) is None


def test_a_job_given_up_while_running_stops_at_its_next_progress(org):
    job = Job.objects.create(kind="test.count", key="k", label="数数")

    def work(job: Job) -> str:
        job_progress(job, 1, 3)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message="已放弃")
        job_progress(job, 2, 3)
        pytest.fail("went on")

    job_run(job.pk, work)
    job.refresh_from_db()
    assert (job.status, job.done, job.message) == (Job.Status.FAILED, 1, "已放弃")


# --- office:job ---


def url(job: Job) -> str:
    return reverse("office:job", args=[job.pk])


def test_only_the_starter_and_admins_see_a_job(org):
    job = start(org.personnel.user)
    assert login(org.personnel).get(url(job)).status_code == 200
    assert login(org.admin).get(url(job)).status_code == 200
    for other in (org.staff, org.chief, org.director, org.inspector):
        assert login(other).get(url(job)).status_code == 404
    assert login(org.personnel).get(reverse("office:job", args=[job.pk + 1])).status_code == 404
    assert login(org.personnel).post(url(job)).status_code == 405


def test_a_running_job_polls_and_a_finished_one_stops(org):
    job = start(org.personnel.user)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=1, total=4)
    client = login(org.personnel)
    page = client.get(url(job)).content.decode()
    assert "<html" in page and f'hx-get="{url(job)}"' in page and 'value="25"' in page
    fragment = client.get(url(job), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "1 / 4" in fragment and "进行中" in fragment
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, done=4, message="全部完成。", url="/attendance/calendar/"
    )
    fragment = client.get(url(job), headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in fragment and "全部完成。" in fragment
    assert 'href="/attendance/calendar/"' in fragment


@pytest.mark.parametrize("done", [0, 500])
def test_the_fragment_costs_the_same_whatever_the_progress(org, django_assert_num_queries, done):
    job = start(org.personnel.user)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=done, total=1000)
    client = login(org.personnel)
    client.get(url(job))  # the settings, cached from here on
    # Session, user, viewer (staff, led sections, groups), the job, and the bell's unread
    # count (a context processor, run for the fragment too).
    with django_assert_num_queries(7):
        client.get(url(job), headers={"HX-Request": "true"})


def test_the_starter_is_kept_when_anyone_asks_for_the_same_work(org):
    first = start(org.personnel.user)
    assert start(org.admin) == first
    assert Job.objects.get().requested_by == org.personnel.user
    assert timezone.now() - first.created_at < dt.timedelta(minutes=1)
