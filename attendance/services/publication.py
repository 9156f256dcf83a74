"""考勤公示: 政工科 publishes a month that has ended, once per unit."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from attendance.errors import AttendanceError
from attendance.models import AttendancePublication
from office.audit import records_actor
from office.org import Viewer, viewer_for


def publication_refusal(viewer: Viewer, month: dt.date) -> str | None:
    if not viewer.is_personnel or viewer.unit_id is None:
        return "考勤公示由本单位政工科发布。"
    if month >= timezone.localdate().replace(day=1):
        return "只能公示已经结束的月份。"
    if AttendancePublication.objects.filter(unit_id=viewer.unit_id, month=month).exists():
        return f"{month.year}年{month.month}月的考勤已经公示。"
    return None


@records_actor
def publication_publish(*, month: dt.date, acting_user: AbstractBaseUser) -> AttendancePublication:
    """Publish the month (its first day) for the publisher's unit."""
    viewer = viewer_for(acting_user)
    month = month.replace(day=1)
    if refusal := publication_refusal(viewer, month):
        raise AttendanceError(refusal)
    try:
        with transaction.atomic():
            return AttendancePublication.objects.create(
                unit_id=viewer.unit_id, month=month, published_by=acting_user
            )
    except IntegrityError:  # two clicks at once: the other one published it
        raise AttendanceError(f"{month.year}年{month.month}月的考勤已经公示。") from None
