"""文件阅知 pages: my circulars, sending one, reading one page by page, 已阅, who has read it,
撤销.

The original PDF has no URL: readers get the page images ``circular_page`` renders for them,
each through the same refusal, marked ``Cache-Control: no-store``, and every try is logged.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office.assignment_selectors import assignment_progress
from office.assignment_services import assignment_cancel_refusal
from office.forms import posted_ids
from office.net import client_ip
from office.org import viewer_for
from office.views import no_store
from reading import circular_selectors as selectors
from reading import pdfpages
from reading.circular_forms import CircularForm
from reading.circular_selectors import CircularAccess
from reading.services import circulars as services
from reading.services.circulars import CircularError

PAGE_SIZE = 20


def _readable(request: HttpRequest, pk: int, page: int | None) -> CircularAccess:
    """The circular if the viewer may read it now; otherwise the try is logged and 403."""
    access = selectors.circular_access(viewer_for(request.user), pk)
    refusal = services.circular_read_refusal(access, timezone.now())
    services.circular_open_record(
        access=access, page=page, refusal=refusal, ip=client_ip(request), acting_user=request.user
    )
    if refusal:
        raise PermissionDenied(refusal)
    return access


@require_GET
def circular_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    to_read = None
    if viewer.staff is not None:
        to_read = Paginator(selectors.circulars_to_read(viewer.staff), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "reading/circular_list.html",
        {
            "to_read": to_read,
            "followed": list(selectors.circulars_followed(viewer)[:PAGE_SIZE]),
            "may_send": services.circular_send_refusal(viewer) is None,
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def circular_new(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if refusal := services.circular_send_refusal(viewer):
        raise PermissionDenied(refusal)
    form = CircularForm(
        request.POST or None,
        request.FILES or None,
        viewer=viewer,
        initial=CircularForm.initial_values(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            circular = services.circular_send(
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                pdf=form.cleaned_data["pdf"],
                readable_until=form.cleaned_data["readable_until"],
                staff_ids=form.staff_ids(),
                acting_user=request.user,
            )
        except CircularError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已发送，阅知人员会收到通知。")
            return redirect("reading:circular_progress", pk=circular.pk)
    return render(request, "reading/circular_form.html", {"form": form})


@require_GET
def circular_read(request: HttpRequest, pk: int) -> HttpResponse:
    access = _readable(request, pk, None)
    circular = access.circular
    response = render(
        request,
        "reading/circular_read.html",
        {
            "access": access,
            "circular": circular,
            "pages": range(1, circular.page_count + 1),
            "done": access.receipt is not None and access.receipt.done_at is not None,
        },
    )
    return no_store(response)


@require_GET
def circular_page(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    access = _readable(request, pk, page)
    circular = access.circular
    if not 1 <= page <= circular.page_count:
        raise Http404(f"该文件只有{circular.page_count}页。")
    staff = viewer_for(request.user).staff
    path = pdfpages.page_png(
        source=Path(circular.file.path),
        circular_id=circular.pk,
        index=page - 1,
        reader=pdfpages.Reader(id=staff.pk, name=staff.name, staff_no=staff.staff_no),
        now=timezone.now(),
    )
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Content-Disposition"] = "inline"
    return no_store(response)


@require_POST
def circular_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.circular_access(viewer_for(request.user), pk, with_pages=True)
    try:
        services.circular_confirm_read(access=access, acting_user=request.user)
    except CircularError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认已阅。")
    return redirect("reading:circular_read", pk=pk)


@require_GET
def circular_progress(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    circular = selectors.circular_followed(viewer, pk)
    seen = selectors.sections_seen(viewer, circular)
    progress = assignment_progress(circular.assignment, seen)
    chosen = next(iter(posted_ids([request.GET.get("section", "")])), None)
    if chosen not in seen:
        # The first section with someone still to read, else the first.
        waiting = [s.section_id for s in progress.sections if s.open]
        chosen = next(iter(waiting or [s.section_id for s in progress.sections]), None)
    is_sender = viewer.staff is not None and viewer.staff.pk == circular.sender_id
    return render(
        request,
        "reading/circular_progress.html",
        {
            "circular": circular,
            "progress": progress,
            "chosen": chosen,
            "rows": selectors.circular_readers(viewer, circular, chosen) if chosen else [],
            "refused": (
                selectors.circular_refusals(circular) if is_sender or viewer.sees_whole_unit else []
            ),
            "may_cancel": (
                viewer.staff is not None
                and assignment_cancel_refusal(viewer.staff, circular.assignment) is None
            ),
            "now": timezone.now(),
        },
    )


@require_POST
def circular_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    circular = selectors.circular_followed(viewer, pk)
    try:
        services.circular_cancel(
            circular=circular, reason=request.POST.get("reason", ""), acting_user=request.user
        )
    except CircularError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤销，阅读人不能再打开该文件。")
    return redirect("reading:circular_progress", pk=pk)
