from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office import config, selectors
from office.dashboard import may_see_dashboard
from office.forms import SettingsForm, posted_ids
from office.home import panels_for, queue_for
from office.notifications import notifications_mark_read, unread_count
from office.org import Viewer, viewer_for


def require_role(viewer: Viewer, *allowed: str) -> None:
    """403 unless the viewer holds one of the roles (admins always pass)."""
    if viewer.is_admin or any(viewer.has_role(role) for role in allowed):
        return
    raise PermissionDenied("您没有权限使用此功能。")


def no_store(response: HttpResponse) -> HttpResponse:
    """A private file or a confidential page: neither the browser nor a proxy keeps a copy."""
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response


@login_not_required
@require_GET
def favicon(_request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links (the login page too); the icon
    is a static file, named at request time so the hashed name is used in production."""
    return redirect(static("favicon.ico"), permanent=True)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "office/home.html",
        {
            "panels": panels_for(viewer),
            "queue": queue_for(viewer),
            "show_dashboard": may_see_dashboard(viewer),
        },
    )


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user.pk), 30).get_page(
        request.GET.get("page")
    )
    shown_unread = [n.pk for n in page if n.read_at is None]
    return render(
        request, "office/notifications.html", {"page": page, "shown_unread": shown_unread}
    )


@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark read: the ids posted, or all with none (全部已读). The list page posts the ids it
    showed as soon as it is open (office.js, ``data-mark-shown``): opening the list is a GET and
    writes nothing, so what was seen is cleared by this POST and the badge follows its answer."""
    ids = posted_ids(request.POST.getlist("id"))
    if request.POST.get("shown") and not ids:
        ids = [0]  # "the ones shown" with none shown: nothing, never everything
    notifications_mark_read(user_id=request.user.pk, ids=ids or None, acting_user=request.user)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"unread": unread_count(request.user.pk)})
    target = request.POST.get("next", "")
    return redirect(
        target if target.startswith("/") and not target.startswith("//") else "notifications"
    )


@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    """The city defaults (市级管理员, or 政工科 of a single-unit office) or, for a unit's 政工科
    in a city of several units, that unit's overrides of the ``per_unit`` options."""
    from office import roles
    from office.models import Unit

    viewer = viewer_for(request.user)
    require_role(viewer, roles.PERSONNEL)
    units = dict(Unit.objects.values_list("pk", "name"))
    unit_id = None if viewer.is_admin or len(units) < 2 else viewer.unit_id
    stored = config.values()
    form = SettingsForm(
        request.POST or None,
        values=stored.of_unit(unit_id),
        city=None if unit_id is None else stored.city,
        overridden=stored.overrides.get(unit_id, {}) if unit_id else {},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reset = data.pop("reset", [])
        try:
            config.settings_save(
                values=data, acting_user=request.user, unit_id=unit_id, reset=reset
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "设置已保存。")
            return redirect("settings")
    return render(
        request,
        "office/settings.html",
        {
            "form": form,
            "unit_name": units.get(unit_id) if unit_id else None,
            "many_units": len(units) > 1,
            "history": selectors.settings_history(unit_id),
        },
    )
