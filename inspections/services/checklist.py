"""Editing the checklist; an item is retired (active=False), never deleted."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from inspections.models import Item
from inspections.services.findings import require_inspector
from office.audit import records_actor


@records_actor
@transaction.atomic
def item_save(*, item: Item, acting_user: AbstractBaseUser) -> Item:
    """Save a validated item (new or changed); the history table keeps the old wording."""
    require_inspector(acting_user)
    item.save()
    return item
