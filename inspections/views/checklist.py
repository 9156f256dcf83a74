"""The 31 items: everyone may read them; 督导小组 edits the wording."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from inspections import selectors
from inspections.errors import InspectionError
from inspections.forms import ItemForm
from inspections.models import Item
from inspections.services.checklist import item_save
from inspections.views.common import require_inspector
from office.org import viewer_for


@require_GET
def checklist(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/checklist.html", {"categories": selectors.checklist()})


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_inspector(viewer_for(request.user))
    item = get_object_or_404(Item, pk=pk) if pk else None
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item_save(item=form.instance, acting_user=request.user)
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "检查项目已保存。")
            return redirect("inspections:checklist")
    return render(request, "inspections/item_form.html", {"form": form, "item": item})
