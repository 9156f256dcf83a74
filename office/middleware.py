from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from office import config
from office.org import viewer_for


class RequireMFAMiddleware:
    """Roles named in the ``mfa_required_roles`` setting must turn on TOTP before anything else.

    They may still reach the MFA pages, logout and static files to do so.
    """

    SESSION_KEY = "office_mfa_checked"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        if self._exempt(request.path):
            # Visiting the MFA pages may turn TOTP off: check again on the next page.
            request.session.pop(self.SESSION_KEY, None)
            return self.get_response(request)
        if not request.session.get(self.SESSION_KEY):
            required = {r.strip() for r in config.get("mfa_required_roles").split(",") if r.strip()}
            viewer = viewer_for(user)
            if (
                any(viewer.has_role(role) for role in required)
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                return redirect(reverse("mfa_activate_totp") + "?required=1")
            request.session[self.SESSION_KEY] = True
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        return path.startswith(("/accounts/", "/static/"))
