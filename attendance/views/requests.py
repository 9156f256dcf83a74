"""补卡 and 外出 requests: new, mine, detail with the trail and the approver's buttons."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attendance import selectors
from attendance.errors import AttendanceError
from attendance.forms import DecisionForm, MakeUpForm, OutingForm
from attendance.services.requests import makeup_create, makeup_used, outing_create, outing_return
from attendance.views.common import staff_viewer
from leave.approvals import (
    ApprovalError,
    approval_cancel,
    approval_decide,
    approval_withdraw,
    may_decide,
    steps_of,
)
from office import config
from office.forms import first_error

KINDS = {
    "makeup": ("补卡申请", MakeUpForm, makeup_create),
    "outing": ("外出报备", OutingForm, outing_create),
}


def _kind(kind: str) -> tuple:
    if kind not in KINDS:
        raise Http404("没有这种申请。")
    return KINDS[kind]


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, kind: str) -> HttpResponse:
    title, form_class, create = _kind(kind)
    _, staff = staff_viewer(request)
    initial = OutingForm.initial_now() if kind == "outing" else {"date": timezone.localdate()}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            obj = create(acting_user=staff, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{title}已提交，等待审批。")
            return redirect(obj.get_absolute_url())
    context = {"form": form, "kind": kind, "title": title}
    if kind == "makeup":
        today = timezone.localdate()
        context["used"] = makeup_used(staff, today)
        context["limit"] = config.get("makeup_monthly_limit")
    return render(request, "attendance/request_form.html", context)


@require_GET
def request_list(request: HttpRequest, kind: str) -> HttpResponse:
    title, _, _ = _kind(kind)
    _, staff = staff_viewer(request)
    page = Paginator(selectors.my_requests(staff, kind), 20).get_page(request.GET.get("page"))
    return render(
        request, "attendance/request_list.html", {"page": page, "kind": kind, "title": title}
    )


@require_GET
def request_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    title, _, _ = _kind(kind)
    viewer, staff = staff_viewer(request)
    obj = selectors.request_for_viewer(viewer, kind, pk)
    steps = steps_of(obj)
    is_approver = any(step.approver_id == staff.pk for step in steps)
    return render(
        request,
        "attendance/request_detail.html",
        {
            "obj": obj,
            "kind": kind,
            "title": title,
            "steps": steps,
            "can_decide": may_decide(obj, staff, steps),
            "is_mine": obj.applicant_id == staff.pk,
            "can_cancel": kind == "outing" and obj.is_approved and is_approver,
            "decision_form": DecisionForm(),
        },
    )


@require_POST
def request_action(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    """approve / reject / withdraw / cancel / return: one service call each."""
    _kind(kind)
    viewer, staff = staff_viewer(request)
    obj = selectors.request_for_viewer(viewer, kind, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(obj.get_absolute_url())
    comment = form.cleaned_data["comment"]
    actions = {
        "approve": lambda: approval_decide(
            request_obj=obj, acting_user=staff, approve=True, comment=comment
        ),
        "reject": lambda: approval_decide(
            request_obj=obj, acting_user=staff, approve=False, comment=comment
        ),
        "withdraw": lambda: approval_withdraw(request_obj=obj, acting_user=staff),
        "cancel": lambda: approval_cancel(request_obj=obj, acting_user=staff, comment=comment),
        "return": lambda: outing_return(request_obj=obj, acting_user=staff, now=timezone.now()),
    }
    if action not in actions or (action == "return" and kind != "outing"):
        raise Http404("没有这个操作。")
    try:
        actions[action]()
    except (ApprovalError, AttendanceError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "操作成功。")
    return redirect(obj.get_absolute_url())
