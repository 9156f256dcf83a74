from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office import config, selectors
from office.dashboard import may_see_dashboard
from office.forms import SettingsForm, posted_ids
from office.home import panels_for, queue_for
from office.notifications import notifications_mark_read
from office.org import Viewer, viewer_for


def require_role(viewer: Viewer, *allowed: str) -> None:
    """403 unless the viewer holds one of the roles (admins always pass)."""
    if viewer.is_admin or any(viewer.has_role(role) for role in allowed):
        return
    raise PermissionDenied("您没有权限使用此功能。")


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
    return render(request, "office/notifications.html", {"page": page})


@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(
        user_id=request.user.pk,
        ids=posted_ids(request.POST.getlist("id")) or None,
        acting_user=request.user,
    )
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
        },
    )
