"""待我审批: every registered kind (请假, 加班, 补卡, 外出) in one list; decide one or many."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from leave import approvals
from leave.forms import DecisionForm
from leave.models import ApprovalStep
from leave.views.common import acting_staff, approver_ids_for, back
from office.forms import first_error, posted_ids


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    steps = [s for s in approvals.inbox(staff) if s.target.applicant_id != staff.pk]
    return render(request, "leave/inbox.html", {"steps": steps})


def _step_for(staff_approver_ids: set[int], step_id: int) -> ApprovalStep:
    step = (
        ApprovalStep.objects.select_related("content_type")
        .filter(pk=step_id, approver_id__in=staff_approver_ids)
        .first()
    )
    if step is None or step.target is None:
        raise Http404("没有找到这一审批环节。")
    return step


@require_POST
def decide(request: HttpRequest, step_id: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    step = _step_for(approver_ids_for(staff), step_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return back(request, "leave:inbox")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        approvals.approval_decide(
            request_obj=step.target,
            acting_user=staff,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
    except approvals.ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        verb = "同意" if approve else "驳回"
        messages.success(
            request, f"已{verb}{step.target.applicant.name}的{step.target.kind_label}。"
        )
    return back(request, "leave:inbox")


@require_POST
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the ticked items one by one: a refusal on one is reported, the rest go through."""
    viewer, staff = acting_staff(request)
    ids = posted_ids(request.POST.getlist("step"))
    if not ids:
        messages.error(request, "请先勾选要同意的申请。")
        return back(request, "leave:inbox")
    steps = ApprovalStep.objects.filter(pk__in=ids, approver_id__in=approver_ids_for(staff))
    done = 0
    for step in steps.select_related("content_type"):
        target = step.target
        try:
            approvals.approval_decide(request_obj=target, acting_user=staff, approve=True)
        except approvals.ApprovalError as exc:
            messages.error(request, f"{target.applicant.name}的{target.kind_label}：{exc.message}")
        else:
            done += 1
    if done:
        messages.success(request, f"已同意{done}项申请。")
    return back(request, "leave:inbox")
