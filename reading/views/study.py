"""学习任务 pages: mine, one task (study it, mark 已学), hand one out, the ones I follow with
their completion by section and who has not studied, the workbook, cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office.assignment_models import Receipt
from office.assignment_selectors import assignment_progress
from office.assignment_services import (
    AssignmentError,
    assignment_cancel,
    assignment_cancel_refusal,
    receipt_complete_refusal,
)
from office.exports import file_response
from office.forms import first_error, posted_ids
from office.models import Staff
from office.org import Viewer, acting_staff, viewer_for
from office.uploads import EXTENSIONS
from office.views import no_store
from reading import selectors
from reading.exports import study_workbook
from reading.forms.study import CancelForm, StudyDoneForm, StudyTaskForm
from reading.services.study import study_create, study_mark_done

CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}


def _detail(pk: int) -> str:
    return reverse("reading:study_detail", args=[pk])


def _progress(pk: int) -> str:
    return reverse("reading:study_progress", args=[pk])


@require_GET
def study_mine(request: HttpRequest) -> HttpResponse:
    _, staff = acting_staff(request)
    receipts = selectors.my_study_receipts(staff)
    page = Paginator(receipts, 20).get_page(request.GET.get("page"))
    return render(request, "reading/study_mine.html", {"page": page})


@require_GET
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The recipient's page; someone who follows the task (its sender, a leader) is sent on
    to its completion page, anyone else gets 404."""
    viewer, staff = acting_staff(request)
    receipt = selectors.study_receipt_for(staff, pk)
    if receipt is None:
        selectors.study_for_follower(viewer, pk)
        return redirect(_progress(pk))
    return _detail_page(request, viewer, staff, receipt, StudyDoneForm())


def _detail_page(
    request: HttpRequest,
    viewer: Viewer,
    staff: Staff,
    receipt: Receipt,
    form: StudyDoneForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "receipt": receipt,
        "assignment": receipt.assignment,
        "task": receipt.assignment.study,
        "refusal": receipt_complete_refusal(staff, receipt),
        "form": form,
        # The sender, a whole-unit role, or the chief of the section it reached: a link to
        # the completion page.
        "follows": selectors.sees_every_receipt(viewer, receipt.assignment)
        or receipt.section_id in viewer.managed_section_ids,
    }
    return render(request, "reading/study_detail.html", context, status=status)


@require_POST
def study_done(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    receipt = selectors.study_receipt_for(staff, pk)
    if receipt is None:
        raise Http404("没有找到交给您的这项学习任务。")
    form = StudyDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(_detail(pk))
    try:
        study_mark_done(
            task=receipt.assignment.study,
            receipt=receipt,
            acting_user=request.user,
            reflection=form.cleaned_data["reflection"],
        )
    except AssignmentError as exc:
        # The 心得 stays in the box to be lengthened, not lost to a redirect.
        form.add_error("reflection", exc.message)
        return _detail_page(request, viewer, staff, receipt, form, status=400)
    messages.success(request, "已标记为已学。")
    return redirect(_detail(pk))


@require_GET
def study_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded material, to its recipients and followers only, never by a public URL."""
    viewer, staff = acting_staff(request)
    receipt = selectors.study_receipt_for(staff, pk)
    task = receipt.assignment.study if receipt else selectors.study_for_follower(viewer, pk)
    if not task.document:
        raise Http404("该学习任务没有上传文件。")
    extension = "." + task.document.name.rsplit(".", 1)[-1]
    response = FileResponse(
        task.document.open("rb"),
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Content-Disposition"] = f'inline; filename="study{extension}"'
    return no_store(response)


@require_http_methods(["GET", "POST"])
def study_new(request: HttpRequest) -> HttpResponse:
    viewer, _ = acting_staff(request)
    sections = selectors.assignable_sections(viewer)
    if not sections:
        raise PermissionDenied("只有政工科或科长可以布置学习任务。")
    form = StudyTaskForm(
        request.POST or None, request.FILES or None, viewer=viewer, sections=sections
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = study_create(acting_user=request.user, **form.service_arguments())
        except AssignmentError as exc:
            form.add_error(None, exc.message)
        else:
            count = task.assignment.receipts.count()
            messages.success(request, f"学习任务已布置给{count}人。")
            return redirect(_progress(task.pk))
    return render(request, "reading/study_form.html", {"form": form})


@require_GET
def study_sent(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.staff is None:
        raise PermissionDenied("此账号未关联干部职工信息，不能使用此功能。")
    tasks = selectors.study_tasks_followed(viewer)
    page = Paginator(tasks, 20).get_page(request.GET.get("page"))
    may_assign = bool(viewer.is_personnel or viewer.led_section_ids)
    return render(request, "reading/study_sent.html", {"page": page, "may_assign": may_assign})


@require_GET
def study_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Completion by section, and who has not studied yet (one section at a time if asked)."""
    viewer, staff = acting_staff(request)
    task = selectors.study_for_follower(viewer, pk)
    assignment = task.assignment
    progress = assignment_progress(assignment, selectors.section_scope(viewer, assignment))
    chosen = next(iter(posted_ids([request.GET.get("section", "")])), None)
    waiting = selectors.not_yet_studied(viewer, assignment, chosen)
    page = Paginator(waiting, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reading/study_progress.html",
        {
            "task": task,
            "assignment": assignment,
            "progress": progress,
            "page": page,
            "chosen": chosen,
            "may_cancel": assignment_cancel_refusal(staff, assignment) is None,
            "cancel_form": CancelForm(),
        },
    )


@require_GET
def study_export(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, _ = acting_staff(request)
    task = selectors.study_for_follower(viewer, pk)
    content, filename = study_workbook(viewer, task)
    return file_response(content, filename)


@require_POST
def study_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, _ = acting_staff(request)
    task = selectors.study_for_follower(viewer, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(_progress(pk))
    try:
        assignment_cancel(
            assignment=task.assignment, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
    except AssignmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "学习任务已撤销，未完成的人员已收到通知。")
    return redirect(_progress(pk))
