"""Small helpers the inspection views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from inspections.errors import InspectionError
from inspections.services.findings import inspector_refusal
from office.org import Viewer


def require_inspector(viewer: Viewer) -> None:
    """403 unless 督导小组 (or the administrator), with the services' own reason."""
    if refusal := inspector_refusal(viewer):
        raise PermissionDenied(refusal)


def run_service(
    request: HttpRequest, action: Callable[[], Any], *, success: str, target: str
) -> HttpResponse:
    """Call one service; show its refusal as the message, or the success sentence."""
    try:
        action()
    except InspectionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(target)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
