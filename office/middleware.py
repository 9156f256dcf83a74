from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from office import config
from office.org import viewer_for

STATIC_PREFIX = "/static/"


class RequirePasswordChangeMiddleware:
    """A person whose password 政工科 handed out (import, reset) must choose their own first.

    Everything but the password-change page, logout and static files sends them there. The
    flag rides on the Staff row the authentication backend loads with the user: no query.
    """

    MESSAGE = "您的密码由政工科设置，请先修改密码再使用系统。"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        staff = getattr(request.user, "staff", None)
        if staff is None or not staff.must_change_password:
            return self.get_response(request)
        change_url = reverse("account_change_password")
        if request.path.startswith(STATIC_PREFIX) or request.path in (
            change_url,
            reverse("account_logout"),
        ):
            return self.get_response(request)
        messages.warning(request, self.MESSAGE)
        return redirect(change_url)


class RequireMFAMiddleware:
    """Roles named in the ``mfa_required_roles`` setting must turn on TOTP before anything else.

    They may still reach the MFA pages, logout and static files to do so. The session keeps
    which value of the setting it was checked against (the setting is read from the cache, no
    query): once the setting changes, open sessions are checked again on their next request.
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
        setting = config.get("mfa_required_roles")
        if request.session.get(self.SESSION_KEY) != setting:
            required = {r.strip() for r in setting.split(",") if r.strip()}
            viewer = viewer_for(user)
            if (
                any(viewer.has_role(role) for role in required)
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                return redirect(reverse("mfa_activate_totp") + "?required=1")
            request.session[self.SESSION_KEY] = setting
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        return path.startswith(("/accounts/", STATIC_PREFIX))
