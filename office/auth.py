from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come only from the roster (政工科's import): there is no public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
