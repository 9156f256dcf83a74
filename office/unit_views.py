"""单位管理: the city's units, for 市级管理员 and superusers only (a unit's 管理员 may not)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from office import roles
from office.errors import UnitError
from office.forms import UnitForm
from office.models import Staff, Unit
from office.org import Viewer, viewer_for
from office.services import unit_save


def manages_units(viewer: Viewer) -> bool:
    return viewer.is_superuser or roles.CITY_ADMIN in viewer.groups


def _require_city_admin(request: HttpRequest) -> None:
    if not manages_units(viewer_for(request.user)):
        raise PermissionDenied("只有市级管理员可以管理单位。")


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    _require_city_admin(request)
    units = Unit.objects.annotate(
        section_count=Count("sections", distinct=True),
        people_count=Count(
            "sections__members",
            filter=~Q(sections__members__status=Staff.Status.LEFT),
            distinct=True,
        ),
    ).order_by("order", "id")
    return render(request, "office/units.html", {"units": units})


@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_city_admin(request)
    unit = get_object_or_404(Unit, pk=pk) if pk is not None else None
    initial = (
        {"name": unit.name, "short_name": unit.short_name, "order": unit.order} if unit else {}
    )
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = unit_save(unit=unit, **form.cleaned_data, acting_user=request.user)
        except UnitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"单位“{saved.name}”已保存。")
            return redirect("units")
    return render(request, "office/unit_form.html", {"form": form, "unit": unit})
