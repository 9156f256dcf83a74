"""Who gets told: small reads the services share."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from office import roles
from office.models import Section, Staff


def inspector_user_ids() -> list[int]:
    return list(
        get_user_model()
        .objects.filter(groups__name=roles.INSPECTOR, is_active=True)
        .values_list("pk", flat=True)
    )


def section_chief_user_id(section_id: int) -> int | None:
    return Section.objects.filter(pk=section_id).values_list("chief__user_id", flat=True).first()


def staff_user_id(staff: Staff | None) -> int | None:
    return staff.user_id if staff is not None else None
