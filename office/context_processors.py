from typing import Any

from django.http import HttpRequest

from office.notifications import unread_count
from office.org import viewer_for


def office(request: HttpRequest) -> dict[str, Any]:
    """Every page's navigation needs to know who is looking and how many notices are unread."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"viewer": viewer_for(user), "unread_notifications": unread_count(user.pk)}
