"""补卡 and 外出 requests: new, mine, detail (trail and buttons from office.approvals), 返回."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attendance import door_selectors, selectors
from attendance.errors import AttendanceError
from attendance.forms import MakeUpForm, OutingForm
from attendance.services.requests import (
    makeup_create,
    makeup_used,
    outing_create,
    outing_return,
    outing_return_refusal,
)
from office import config
from office.approvals.views import request_access
from office.dates import cn_duration
from office.org import acting_staff

KINDS = {
    "makeup": ("补卡申请", MakeUpForm, makeup_create),
    "outing": ("外出报备", OutingForm, outing_create),
    # Started by a tap from a new device (attendance.services.door), never by a form.
    "device": ("换用打卡设备认定", None, None),
}


def _kind(kind: str) -> tuple:
    if kind not in KINDS:
        raise Http404("没有这种申请。")
    return KINDS[kind]


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, kind: str) -> HttpResponse:
    title, form_class, create = _kind(kind)
    if form_class is None:
        raise Http404("这种申请不用填写，由打卡自动提出。")
    _, staff = acting_staff(request)
    initial = OutingForm.initial_now() if kind == "outing" else {"date": timezone.localdate()}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            obj = create(acting_user=request.user, **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{title}已提交，等待审批。")
            return redirect(obj.get_absolute_url())
    context = {"form": form, "kind": kind, "title": title}
    if kind == "makeup":
        today = timezone.localdate()
        context["used"] = makeup_used(staff, today)
        context["limit"] = config.get("makeup_monthly_limit", section_id=staff.section_id)
    return render(request, "attendance/request_form.html", context)


@require_GET
def request_list(request: HttpRequest, kind: str) -> HttpResponse:
    title, _, _ = _kind(kind)
    _, staff = acting_staff(request)
    page = Paginator(selectors.my_requests(staff, kind), 20).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        (obj, obj.state_at(now) if kind == "outing" else obj.get_status_display()) for obj in page
    ]
    return render(
        request,
        "attendance/request_list.html",
        {"page": page, "rows": rows, "kind": kind, "title": title},
    )


@require_GET
def request_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    title, _, _ = _kind(kind)
    viewer, staff = acting_staff(request)
    access = request_access(viewer, kind, pk)
    obj = access.obj
    return render(
        request,
        "attendance/request_detail.html",
        {
            "obj": obj,
            "kind": kind,
            "title": title,
            "access": access,
            "may_return": kind == "outing" and outing_return_refusal(staff, obj) is None,
            "held": door_selectors.held_clocks(obj) if kind == "device" else [],
        },
    )


@require_POST
def outing_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    """返回: the applicant closes an approved outing now."""
    viewer, staff = acting_staff(request)
    obj = selectors.request_for_viewer(viewer, "outing", pk)
    try:
        back = outing_return(request_obj=obj, acting_user=request.user, now=timezone.now())
    except AttendanceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"已返回，外出用时 {cn_duration(back.returned_at - back.start)}。"
        )
    # The button sits on the clock page and the home page too: go back where it was pressed.
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(obj.get_absolute_url())
