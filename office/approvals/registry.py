"""How each kind of request plugs into the approval mechanism (the apps register in ``ready``).

``office`` imports no other app: leave and attendance tell it here how to build a request's
chain, what happens on approval or cancellation, and how a viewer fetches one by id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404

from office.approvals.models import ApprovalRequest
from office.models import Staff
from office.org import Viewer


class Hook(Protocol):
    """Runs inside approval_start/approval_decide/approval_cancel, which pass their actor on."""

    def __call__(
        self, request_obj: ApprovalRequest, /, *, acting_user: AbstractBaseUser | None
    ) -> None: ...


def _nothing(_request_obj: ApprovalRequest, /, *, acting_user: AbstractBaseUser | None) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    model: type[ApprovalRequest]
    slug: str
    chain: Callable[[ApprovalRequest], list[Staff]]
    # Fetches one request for a viewer, raising Http404 for an outsider (the object-level check).
    fetch: Callable[[Viewer, int], ApprovalRequest]
    on_approved: Hook
    on_cancelled: Hook | None
    # Relations its __str__/inbox row needs, joined in the inbox's one query per kind.
    related: tuple[str, ...] = ()


KINDS: dict[type[ApprovalRequest], Kind] = {}


def register(
    model: type[ApprovalRequest],
    *,
    slug: str,
    chain: Callable[[ApprovalRequest], list[Staff]],
    fetch: Callable[[Viewer, int], ApprovalRequest],
    on_approved: Hook = _nothing,
    on_cancelled: Hook | None = None,
    related: tuple[str, ...] = (),
) -> None:
    """Declare a request model. ``on_cancelled=None`` means approved requests cannot be cancelled.

    Hooks run inside the deciding transaction: if a hook fails, the decision is not saved.
    ``slug`` names the kind in URLs (``/approvals/leave/3/withdraw/``).
    """
    KINDS[model] = Kind(model, slug, chain, fetch, on_approved, on_cancelled, related)


def kind_of(request_obj: ApprovalRequest) -> Kind:
    return KINDS[type(request_obj)]


def kind_by_slug(slug: str) -> Kind:
    for kind in KINDS.values():
        if kind.slug == slug:
            return kind
    raise Http404("没有这种申请。")
