"""The Django admin leaves a closed month (考勤封帐) alone too: its rows open read-only, and a
stored day cannot be added to it. Corrections go through 更正申请, never the admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from attendance.closing import closed_refusal
from office.forms import OfficeModelForm

Span = tuple[int, dt.date, dt.date]  # (section_id, first day, last day)


class ClosedMonthAdmin(admin.ModelAdmin):
    """Each subclass defines ``closed_span(obj)``: the person's section and the days a row is
    about (None when it is about none)."""

    closed_span: Callable[[Any], Span | None]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (span := self.closed_span(obj)) and closed_refusal(*span):
            return False
        return super().has_change_permission(request, obj)


class DayForm(OfficeModelForm):
    """A stored day added or changed in the admin must not lie in a closed month."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        staff, day = cleaned.get("staff"), cleaned.get("date")
        refusal = staff and day and closed_refusal(staff.section_id, day)
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned
