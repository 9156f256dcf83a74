from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.forms import ChangePasswordForm, LoginForm
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from office.net import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come only from the roster (政工科's import): there is no public sign-up."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": "工号或密码不正确。",
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's per-IP rate limits count the real client behind the trusted proxy, by the
        same rule as every other reader (office.net), not by ALLAUTH_TRUSTED_PROXY_COUNT."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("无法确定您的网络地址。")
        return ip

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        """Every password a person sets themselves lifts the "must change" flag."""
        from office.services import staff_password_changed

        with transaction.atomic():
            super().set_password(user, password)
            staff_password_changed(acting_user=user)


class StaffBackend(AuthenticationBackend):
    """allauth's login by 工号, and each request's user loaded together with their Staff row:
    one query instead of two on every page that needs the person (the clock-in tap above all)."""

    def get_user(self, user_id: Any) -> AbstractBaseUser | None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("staff").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def user_display(user: AbstractBaseUser) -> str:
    """Messages like "以 xx 成功登录" name the person, not their staff number."""
    staff = getattr(user, "staff", None)
    return staff.name if staff is not None else user.get_username()


class StaffNumberLoginForm(LoginForm):
    """The login name is the staff number (工号) from the roster."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = "工号"
        field.widget.attrs.update(
            {"placeholder": "请输入工号", "inputmode": "text", "autocomplete": "username"}
        )
        # The intranet has no e-mail: 政工科 resets passwords, so no self-service reset link.
        self.fields["password"].help_text = ""


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """For the random one-time passwords of imported accounts only.

    Django's default (PBKDF2, a million rounds, ~0.2 s a hash) makes a 1,000-person import
    spend minutes hashing. Stretching protects guessable passwords; these are 10 random
    characters from 55 (~58 bits), so 10,000 rounds still leave cracking one far out of reach.
    Django re-hashes with the default hasher the first time the person logs in. Active only
    when listed in settings.PASSWORD_HASHERS (after the default).
    """

    algorithm = "pbkdf2_sha256_initial"
    iterations = 10_000


def initial_hasher() -> str:
    try:
        get_hasher(InitialPasswordHasher.algorithm)
    except ValueError:
        return "default"
    return InitialPasswordHasher.algorithm


class NewPasswordForm(ChangePasswordForm):
    """Changing a handed-out password to itself would leave it known to whoever handed it out."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        old, new = cleaned.get("oldpassword"), cleaned.get("password1")
        if old and new and old == new:
            self.add_error("password1", "新密码不能与当前密码相同。")
        return cleaned
