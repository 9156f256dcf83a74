"""A large export through a real worker and Redis (the services pass of .ci/run): the request
commits, the job waits in the broker, the worker writes the file with its progress, and the
requester downloads it."""

import io

import openpyxl
import pytest
from django.db import transaction
from django.urls import reverse

from office.models import ExportFile, Job
from office.org import viewer_for
from office.reports import Params, export_start
from tests.attendance.test_calendar_worker import wait_for
from tests.conftest import login
from tests.worker import worker_queue, worker_start, worker_stop


@pytest.fixture
def export_worker(transactional_db, settings, tmp_path):
    """A worker on a queue of this test's own, writing into this test's media folder."""
    from office.celery import app

    queue = worker_queue()
    settings.MEDIA_ROOT = tmp_path
    default = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    worker = worker_start(queue, MEDIA_ROOT=str(tmp_path))
    try:
        yield queue
    finally:
        app.conf.task_default_queue = default
        app.conf.task_always_eager = True
        worker_stop(worker)


@pytest.mark.celery_worker
def test_a_large_export_is_written_by_a_real_worker(export_worker, org):
    params = Params.from_json({"start": "2026-11-01", "end": "2026-11-30", "section": None})
    with transaction.atomic():
        export = export_start(
            viewer=viewer_for(org.personnel.user),
            slug="attendance_month",
            params=params,
            acting_user=org.personnel.user,
        )
    job = Job.objects.get(pk=export.job_id)

    def finished() -> bool:
        job.refresh_from_db()
        return not job.is_active

    assert wait_for(finished), "60 秒内 worker 没有生成导出文件"
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 18, 18)
    export = ExportFile.objects.get(pk=export.pk)
    response = login(org.personnel).get(reverse("office:export_download", args=[export.pk]))
    content = b"".join(response.streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[0] == "全部"
