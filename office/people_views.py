"""人员名册: 政工科's roster list, the Excel import, and one person's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office import roles
from office.audit import request_ip
from office.exports import file_response
from office.forms import PeopleFilterForm, RosterUploadForm
from office.models import Section, Staff
from office.org import chief_of, deputy_of, get_staff_for_viewer, viewer_for
from office.roster import FIELD_LABELS, RosterError, roster_import, template_workbook
from office.services import AccountError, password_reset_refusal, staff_password_reset
from office.views import require_role

PAGE_SIZE = 50
HISTORY_SHOWN = 20


def _require_personnel(request: HttpRequest) -> None:
    require_role(viewer_for(request.user), roles.PERSONNEL)


@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    _require_personnel(request)
    form = PeopleFilterForm(request.GET or None)
    people = form.apply(Staff.objects.select_related("section"))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "office/people_list.html",
        {"form": form, "page": page, "sections": list(Section.objects.all())},
    )


@require_GET
def people_detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    person = get_staff_for_viewer(viewer, staff_id)
    manages_accounts = viewer.is_personnel or viewer.is_admin
    records = list(person.history.select_related("history_user__staff")[: HISTORY_SHOWN + 1])
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
        },
    )


def _field_label(name: str) -> str:
    label = FIELD_LABELS.get(name) or FIELD_LABELS.get(f"{name}_id")
    return label or str(Staff._meta.get_field(name).verbose_name)


@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    _require_personnel(request)
    names = list(Section.objects.values_list("name", flat=True))
    return file_response(template_workbook(section_names=names), "花名册导入模板.xlsx")


@never_cache
@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    """The result page is rendered, never redirected to: initial passwords are shown once and
    are kept nowhere (not in the session, not in the browser cache)."""
    _require_personnel(request)
    posted = request.method == "POST"
    form = RosterUploadForm(request.POST, request.FILES) if posted else RosterUploadForm()
    errors = []
    if posted and form.is_valid():
        try:
            result = roster_import(file=form.cleaned_data["file"], acting_user=request.user)
        except RosterError as exc:
            errors = exc.errors
        else:
            return render(request, "office/people_import_result.html", {"result": result})
    return render(request, "office/people_import.html", {"form": form, "errors": errors})


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
