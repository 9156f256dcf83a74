"""Helpers shared by the leave views: safe redirects."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    # A path of this site only: anything else ("0", a view name) would be taken for a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(target)
    return redirect(fallback)
