"""后台任务的进度 (office:job): the page, and the fragment htmx polls while the job runs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from office.jobs import job_for
from office.org import viewer_for


@require_GET
@vary_on_headers("HX-Request")
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """Only the person who started the job, and admins, see it (404 for others)."""
    job = job_for(viewer_for(request.user), job_id)
    template = "office/_job.html" if request.headers.get("HX-Request") else "office/job.html"
    return render(request, template, {"job": job})
