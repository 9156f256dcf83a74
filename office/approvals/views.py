"""The approval actions every kind of request shares: 待我审批, decide (one or many), withdraw,
cancel; and ``request_access``, which each kind's detail page uses to show the trail and buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from office.approvals import selectors, services
from office.approvals.forms import CommentForm, DecisionForm
from office.approvals.models import ApprovalRequest, ApprovalStep
from office.approvals.registry import kind_by_slug
from office.forms import first_error, posted_ids
from office.org import Viewer, acting_staff


@dataclass(frozen=True)
class RequestAccess:
    """A request the viewer may open, its trail, and what the viewer may do with it."""

    obj: ApprovalRequest
    kind: str
    trail: list[ApprovalStep]
    may_decide: bool = False
    may_withdraw: bool = False
    may_cancel: bool = False

    @property
    def current(self) -> ApprovalStep | None:
        return next((s for s in self.trail if s.is_current), None)


def request_access(viewer: Viewer, kind: str, pk: int) -> RequestAccess:
    """Fetch through the kind's own check (404 for outsiders), then ask the one rule per action.

    Queries: the kind's fetch, the trail, and the viewer's delegations.
    """
    obj = kind_by_slug(kind).fetch(viewer, pk)
    steps = selectors.trail(obj)
    staff = viewer.staff
    if staff is None:
        return RequestAccess(obj, kind, steps)
    acting_for = selectors.acting_as(staff)
    return RequestAccess(
        obj,
        kind,
        steps,
        may_decide=services.decide_refusal(staff, obj, steps=steps, acting_for=acting_for) is None,
        may_withdraw=services.withdraw_refusal(staff, obj) is None,
        may_cancel=services.cancel_refusal(staff, obj, steps=steps, acting_for=acting_for) is None,
    )


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    _, staff = acting_staff(request)
    return render(request, "office/approvals/inbox.html", {"steps": selectors.inbox(staff)})


@require_POST
def decide(request: HttpRequest, step_id: int) -> HttpResponse:
    """Approve or reject one step, from the inbox or the request's own page."""
    _, staff = acting_staff(request)
    step = selectors.step_for_approver(staff, step_id)
    target = step.target
    # Back to the request's page when it was decided there, else to the inbox.
    back = target.get_absolute_url()
    if request.POST.get("next") != back:
        back = "approvals:inbox"
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.approval_decide(
            request_obj=target,
            acting_user=request.user,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
    except services.ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        verb = "同意" if approve else "驳回"
        messages.success(request, f"已{verb}{target.applicant.name}的{target.kind_label}。")
    return redirect(back)


@require_POST
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the ticked items one by one: a refusal on one is reported, the rest go through."""
    _, staff = acting_staff(request)
    ids = posted_ids(request.POST.getlist("step"))
    if not ids:
        messages.error(request, "请先勾选要同意的申请。")
        return redirect("approvals:inbox")
    done = 0
    for step in selectors.steps_for_approver(staff, ids):
        target = step.target
        try:
            services.approval_decide(request_obj=target, acting_user=request.user, approve=True)
        except services.ApprovalError as exc:
            messages.error(request, f"{target.applicant.name}的{target.kind_label}：{exc.message}")
        else:
            done += 1
    if done:
        messages.success(request, f"已同意{done}项申请。")
    return redirect("approvals:inbox")


@require_POST
def withdraw(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    request_obj = kind_by_slug(kind).fetch(viewer, pk)
    try:
        services.approval_withdraw(request_obj=request_obj, acting_user=request.user)
    except services.ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{request_obj.kind_label}已撤回。")
    return redirect(request_obj)


@require_POST
def cancel(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    viewer, staff = acting_staff(request)
    request_obj = kind_by_slug(kind).fetch(viewer, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(request_obj)
    try:
        services.approval_cancel(
            request_obj=request_obj, acting_user=request.user, comment=form.cleaned_data["comment"]
        )
    except services.ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{request_obj.kind_label}已撤销，申请人已收到通知。")
    return redirect(request_obj)
