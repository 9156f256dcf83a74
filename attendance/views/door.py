"""打卡屏: 政工科's list (issue, revoke), the screen's one-time sign-in, its page and its codes;
政工科 unbinding a person's device (解除绑定, from the person's page).

The screen signs in once with its key into a signed cookie rather than carrying the key in its
URL: a URL is kept in the browser's history, in proxy logs and on show in the address bar of a
screen anyone walks past, while the key typed once lives nowhere but in 政工科's hands. The
cookie names the screen and its key's hash, so revoking the screen (or a new key) ends it.
The screen's pages need no staff login: they show nothing but the code.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attendance import door, door_selectors
from attendance.errors import AttendanceError
from attendance.forms import DeviceUnbindForm, ScreenIssueForm, ScreenSignInForm
from attendance.models import DoorScreen
from attendance.services.door import (
    device_unbind,
    device_unbind_refusal,
    door_screen_issue,
    door_screen_revoke,
    screen_manage_refusal,
)
from office import config
from office.forms import first_error
from office.models import Unit
from office.org import get_staff_for_viewer, viewer_for

COOKIE = "door_screen"
COOKIE_SALT = "attendance.door.screen"
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600  # a screen on the wall stays signed in until revoked
CODES_AHEAD = 3  # sent ahead so a network hiccup of a minute does not blank the screen


def _manager(request: HttpRequest, unit_id: int | None = None):  # noqa: ANN202
    viewer = viewer_for(request.user)
    if refusal := screen_manage_refusal(viewer, unit_id or viewer.unit_id):
        raise PermissionDenied(refusal)
    return viewer


@require_GET
def screen_list(request: HttpRequest) -> HttpResponse:
    viewer = _manager(request)
    return render(
        request,
        "attendance/screens.html",
        {
            "screens": door_selectors.screens_for(viewer),
            "form": ScreenIssueForm(),
            "seconds": config.get("door_code_seconds"),
        },
    )


@require_POST
def screen_issue(request: HttpRequest) -> HttpResponse:
    """The key is shown on this response only: it is not stored anywhere it could be read."""
    viewer = _manager(request)
    form = ScreenIssueForm(request.POST)
    if viewer.unit_id is None:
        raise PermissionDenied("请以本单位政工科的身份发放打卡屏。")
    if form.is_valid():
        try:
            screen, key = door_screen_issue(
                unit=Unit.objects.get(pk=viewer.unit_id),
                name=form.cleaned_data["name"],
                acting_user=request.user,
            )
        except AttendanceError as exc:
            form.add_error(None, exc.message)
        else:
            signin = request.build_absolute_uri(reverse("attendance:kiosk_signin"))
            return render(
                request,
                "attendance/screen_issued.html",
                {"screen": screen, "key": key, "signin": signin},
            )
    return render(
        request,
        "attendance/screens.html",
        {"screens": door_selectors.screens_for(viewer), "form": form},
        status=400,
    )


@require_POST
def screen_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    screen = door_selectors.screen_for_viewer(viewer, pk)
    _manager(request, screen.unit_id)
    try:
        door_screen_revoke(screen=screen, acting_user=request.user)
    except AttendanceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"打卡屏“{screen.name}”已吊销，它的二维码即刻失效。")
    return redirect("attendance:screens")


@require_POST
def device_unbind_view(request: HttpRequest, staff_id: int) -> HttpResponse:
    """解除绑定 from the person's page: 404 for a person the viewer cannot see, 403 for one they
    see but may not unbind (a chief), then back to the page with what happened."""
    viewer = viewer_for(request.user)
    person = get_staff_for_viewer(viewer, staff_id)
    if refusal := device_unbind_refusal(viewer, person):
        raise PermissionDenied(refusal)
    form = DeviceUnbindForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"未解除绑定：{first_error(form)}")
    else:
        try:
            device = device_unbind(
                staff=person, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except AttendanceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"已解除{person.name}的打卡设备（{device.label}）绑定，已通知本人；"
                "本人下次打卡所用的手机或电脑将绑定为本人设备。",
            )
    return redirect("people:detail", staff_id=person.pk)


def _signed_in_screen(request: HttpRequest) -> DoorScreen | None:
    try:
        value = request.get_signed_cookie(COOKIE, salt=COOKIE_SALT)
    except (KeyError, BadSignature):
        return None
    pk, _, hashed = value.partition(":")
    if not pk.isdigit():
        return None
    return DoorScreen.objects.filter(pk=int(pk), key_hash=hashed, revoked_at=None).first()


@login_not_required
@require_http_methods(["GET", "POST"])
def kiosk_signin(request: HttpRequest) -> HttpResponse:
    form = ScreenSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        screen = door_selectors.screen_for_key(form.cleaned_data["key"])
        if screen is None:
            form.add_error("key", "密钥不正确或这块打卡屏已吊销，请向政工科核对。")
        else:
            response = redirect("attendance:kiosk")
            response.set_signed_cookie(
                COOKIE,
                f"{screen.pk}:{screen.key_hash}",
                salt=COOKIE_SALT,
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(request, "attendance/kiosk_signin.html", {"form": form})


@login_not_required
@never_cache
@require_GET
def kiosk(request: HttpRequest) -> HttpResponse:
    screen = _signed_in_screen(request)
    if screen is None:
        return redirect("attendance:kiosk_signin")
    codes = _codes(request, screen)
    return render(
        request,
        "attendance/kiosk.html",
        {
            "screen": screen,
            "first": codes["codes"][0],
            "seconds": codes["seconds"],
            "now": codes["now"],
        },
    )


@login_not_required
@never_cache
@require_GET
def kiosk_codes(request: HttpRequest) -> JsonResponse:
    """This step's code and the next few, each with the moments it is shown between: the page
    swaps them on time by itself, so it rides out a short loss of the network."""
    screen = _signed_in_screen(request)
    if screen is None:
        return JsonResponse({"error": "这块打卡屏未登录或已被吊销，请联系政工科。"}, status=403)
    return JsonResponse(_codes(request, screen))


def _codes(request: HttpRequest, screen: DoorScreen) -> dict:
    seconds = config.get("door_code_seconds")
    now = timezone.now()
    current = door.step_of(now, seconds)
    clock_url = request.build_absolute_uri(reverse("attendance:clock"))
    codes = []
    for step in range(current, current + 1 + CODES_AHEAD):
        code = door.code_for(screen.pk, step)
        starts = door.step_start(step, seconds)
        codes.append(
            {
                "step": step,
                "from": int(starts.timestamp() * 1000),
                "until": int(starts.timestamp() * 1000) + seconds * 1000,
                "svg": door.qr_svg(f"{clock_url}?door={code}"),
            }
        )
    return {"seconds": seconds, "now": int(now.timestamp() * 1000), "codes": codes}
