from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office import config, selectors
from office.forms import OfficeForm, posted_ids
from office.home import panels_for
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
    return render(request, "office/home.html", {"panels": panels_for(viewer)})


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


class SettingsForm(OfficeForm):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        values = kwargs.pop("values")
        super().__init__(*args, **kwargs)
        for key, option in config.OPTIONS.items():
            if option.type is int:
                self.fields[key] = forms.IntegerField(
                    label=option.label,
                    initial=values[key],
                    min_value=option.lo,
                    max_value=option.hi,
                )
            else:
                self.fields[key] = forms.CharField(
                    label=option.label,
                    initial=values[key],
                    required=False,
                    max_length=config.TEXT_MAX_LENGTH,
                )


@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    from office import roles

    require_role(viewer_for(request.user), roles.PERSONNEL)
    values = config.snapshot()
    form = SettingsForm(request.POST or None, values=values)
    if request.method == "POST" and form.is_valid():
        try:
            config.settings_save(values=form.cleaned_data, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "设置已保存。")
            return redirect("settings")
    return render(request, "office/settings.html", {"form": form})
