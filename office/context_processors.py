from typing import Any

from django.http import HttpRequest

from office.notifications import unread_count
from office.org import viewer_for
from office.reports import reports_for


def office(request: HttpRequest) -> dict[str, Any]:
    """Every page's navigation needs to know who is looking, how many notices are unread and
    whether any report is theirs to export (车队 too, who lead no section)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    viewer = viewer_for(user)
    return {
        "viewer": viewer,
        "unread_notifications": unread_count(user.pk),
        "may_export": bool(reports_for(viewer)),
    }
