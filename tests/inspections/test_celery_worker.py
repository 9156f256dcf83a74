"""The Monday job through a real worker and Redis (the services pass of .ci/run)."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from inspections.dates import SHANGHAI, previous_week, week_bounds
from inspections.models import WeeklyNotice
from inspections.tasks import compile_weekly_notice
from tests.inspections.factories import FindingFactory


@pytest.mark.celery_worker
def test_weekly_compile_runs_in_a_real_worker(celery_worker_process, checklist, org):
    year, week = previous_week(timezone.now())
    start, _ = week_bounds(year, week)
    FindingFactory(staff=org.staff, occurred_at=start + dt.timedelta(days=1, hours=10))
    compile_weekly_notice.apply_async(queue=celery_worker_process)
    deadline = time.monotonic() + 60
    notice = None
    while notice is None and time.monotonic() < deadline:
        notice = WeeklyNotice.objects.filter(year=year, week=week).first()
        if notice is None:
            time.sleep(0.5)
    assert notice is not None, "60 秒内 worker 没有生成通报"
    assert notice.data["total"] == 1
    assert notice.data["findings"][0]["person"] == "刘职员"
    assert notice.compiled_at.astimezone(SHANGHAI).date() == timezone.localdate()
