"""人员名册: 政工科's roster list, the Excel import, and one person's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office import roles, selectors
from office.audit import request_ip
from office.errors import AccountError, RosterError
from office.exports import file_response
from office.forms import PeopleFilterForm, RosterUploadForm
from office.models import Staff
from office.org import chief_of, deputy_of, get_staff_for_viewer, viewer_for
from office.person_panels import person_panels_for
from office.roster import FIELD_LABELS, roster_import, roster_scope, upload_bytes
from office.roster_preview import (
    RosterPreview,
    pending_discard,
    pending_store,
    pending_take,
    roster_preview,
)
from office.roster_template import template_workbook
from office.services import password_reset_refusal, staff_password_reset
from office.views import require_role

PAGE_SIZE = 50
HISTORY_SHOWN = 20
PREVIEW_SHOWN = 300  # people listed per part of the preview; the counts are always complete


def _require_personnel(request: HttpRequest) -> None:
    require_role(viewer_for(request.user), roles.PERSONNEL)


@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    _require_personnel(request)
    viewer = viewer_for(request.user)
    form = PeopleFilterForm(request.GET or None, viewer=viewer)
    people = form.apply(selectors.roster(viewer))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "office/people_list.html",
        {"form": form, "page": page, "sections": list(selectors.sections(viewer))},
    )


@require_GET
def people_detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = get_staff_for_viewer(viewer, staff_id)
    manages_accounts = viewer.is_personnel or viewer.is_admin
    records = selectors.staff_changes(person, HISTORY_SHOWN + 1)
    changes = []
    for record, older in zip(records, records[1:] + [None], strict=True):
        fields = []
        if older is not None:
            fields = [_field_label(change.field) for change in record.diff_against(older).changes]
        changes.append({"record": record, "fields": fields})
    return render(
        request,
        "office/people_detail.html",
        {
            "person": person,
            "chief": chief_of(person),
            "deputy": deputy_of(person),
            "changes": changes[:HISTORY_SHOWN],
            "manages_accounts": manages_accounts,
            "reset_refusal": password_reset_refusal(viewer, person) if manages_accounts else None,
            "panels": person_panels_for(viewer, person),
        },
    )


def _field_label(name: str) -> str:
    label = FIELD_LABELS.get(name) or FIELD_LABELS.get(f"{name}_id")
    return label or str(Staff._meta.get_field(name).verbose_name)


@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    _require_personnel(request)
    try:
        scope = roster_scope(viewer_for(request.user))
    except RosterError as exc:
        messages.error(request, str(exc))
        return redirect("people:import")
    if scope.by_units:
        workbook = template_workbook(section_names=[], units=scope.sections_by_unit())
    else:
        workbook = template_workbook(section_names=scope.section_names)
    return file_response(workbook, "花名册导入模板.xlsx")


@never_cache
@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    """Upload, then preview: nothing is written until 政工科 confirms the preview."""
    _require_personnel(request)
    posted = request.method == "POST"
    form = RosterUploadForm(request.POST, request.FILES) if posted else RosterUploadForm()
    errors = []
    if posted and form.is_valid():
        try:
            data = upload_bytes(form.cleaned_data["file"])
            preview = roster_preview(data=data, viewer=viewer_for(request.user))
        except RosterError as exc:
            errors = exc.errors
        else:
            return _preview_page(request, data, preview)
    return render(request, "office/people_import.html", {"form": form, "errors": errors})


def _preview_page(request: HttpRequest, data: bytes, preview: RosterPreview) -> HttpResponse:
    token = pending_store(
        session=request.session, user_id=request.user.pk, data=data, digest=preview.digest()
    )
    return render(
        request,
        "office/people_import_preview.html",
        {"preview": preview, "token": token, "shown": PREVIEW_SHOWN},
    )


@never_cache
@require_POST
def roster_confirm(request: HttpRequest) -> HttpResponse:
    """The result page is rendered, never redirected to: initial passwords are shown once and
    are kept nowhere (not in the session, not in the browser cache)."""
    _require_personnel(request)
    user_id = request.user.pk
    if "cancel" in request.POST:
        pending_discard(session=request.session, user_id=user_id)
        messages.info(request, "已取消本次导入，没有做任何修改。")
        return redirect("people:import")
    pending = pending_take(
        session=request.session, user_id=user_id, token=request.POST.get("token", "")
    )
    if pending is None:
        messages.error(request, "这份预览已失效（已导入、已取消或已被新的上传替换），请重新上传。")
        return redirect("people:import")
    data, digest = pending
    try:
        preview = roster_preview(data=data, viewer=viewer_for(request.user))
        if preview.digest() != digest:
            messages.warning(request, "预览之后名册已有变化，请核对下面新的预览后再确认。")
            return _preview_page(request, data, preview)
        result = roster_import(
            file=ContentFile(data, name="名册.xlsx"),
            viewer=viewer_for(request.user),
            acting_user=request.user,
        )
    except RosterError as exc:
        form = RosterUploadForm()
        return render(request, "office/people_import.html", {"form": form, "errors": exc.errors})
    return render(request, "office/people_import_result.html", {"result": result})


@never_cache
@require_POST
def people_password_reset(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Rendered, not redirected: the new password is shown this once and kept nowhere."""
    viewer = viewer_for(request.user)
    require_role(viewer, roles.PERSONNEL)
    person = get_staff_for_viewer(viewer, staff_id)
    try:
        password = staff_password_reset(
            staff=person, acting_user=request.user, ip=request_ip(request)
        )
    except AccountError as exc:
        messages.error(request, str(exc))
        return redirect("people:detail", staff_id=person.pk)
    return render(request, "office/people_password.html", {"person": person, "password": password})
