"""Helpers shared by the leave views: who is acting, the request kinds, safe redirects."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from leave import approvals
from leave.models import ApprovalRequest, ApprovalStep, LeaveRequest, OvertimeRequest
from leave.selectors import get_leave_for_viewer, get_overtime_for_viewer
from office.models import Staff
from office.org import Viewer
from office.org import acting_staff as acting_staff  # the old import path of requests/inbox

KINDS: dict[str, tuple[type[ApprovalRequest], Callable[[Viewer, int], ApprovalRequest]]] = {
    "leave": (LeaveRequest, get_leave_for_viewer),
    "overtime": (OvertimeRequest, get_overtime_for_viewer),
}


def get_request_for_viewer(viewer: Viewer, kind: str, pk: int) -> ApprovalRequest:
    if kind not in KINDS:
        raise Http404("没有这种申请。")
    return KINDS[kind][1](viewer, pk)


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    # A path of this site only: anything else ("0", a view name) would be taken for a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(target)
    return redirect(fallback)


def approver_ids_for(staff: Staff) -> set[int]:
    """The approvers ``staff`` may act as today: themselves and whoever delegated to them."""
    return {staff.pk, *approvals.active_delegators(staff, timezone.localdate())}


def may_cancel(request_obj: ApprovalRequest, staff: Staff, steps: list[ApprovalStep]) -> bool:
    kind = approvals.KINDS.get(type(request_obj))
    if kind is None or kind.on_cancelled is None or not request_obj.is_approved:
        return False
    return bool({s.approver_id for s in steps} & approver_ids_for(staff))
