"""Writes of 绩效: 政工科 edits its unit's rules; the month close freezes a month's result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from office import roles
from office.audit import records_actor
from office.errors import PerformanceError
from office.models import PerformanceLine, PerformanceMonth, PerformanceRule, Unit
from office.org import Viewer, viewer_for
from office.performance import Scope, live_lines, price, rules_as_json, rules_of_unit

RULE_FIELDS = (*PerformanceRule.DEDUCTIONS, *PerformanceRule.REWARDS, *PerformanceRule.CAPS)


def performance_rules_refusal(viewer: Viewer, unit_id: int | None) -> str | None:
    """A unit's rules are its 政工科's (or its 管理员's); the city default is the 市级管理员's."""
    city_admin = viewer.is_superuser or roles.CITY_ADMIN in viewer.groups
    if city_admin:
        return None
    if unit_id is None:
        return "全市默认绩效规则由市级管理员维护。"
    if not (viewer.is_personnel or viewer.is_admin):
        return "只有政工科可以修改绩效规则。"
    if unit_id != viewer.unit_id:
        return "只能修改本单位的绩效规则。"
    return None


def _lock_unit(unit_id: int) -> None:
    """Writes to one unit's 绩效 (its rules, freezing or thawing a month) wait for each other."""
    Unit.objects.select_for_update().filter(pk=unit_id).values_list("pk").first()


@records_actor
def performance_rules_save(
    *,
    unit_id: int | None,
    values: Mapping[str, Decimal | None],
    acting_user: AbstractBaseUser,
) -> PerformanceRule:
    """Store the unit's (or the city's) rules; the history table keeps every earlier version."""
    if refusal := performance_rules_refusal(viewer_for(acting_user), unit_id):
        raise PerformanceError(refusal)
    with transaction.atomic():
        if unit_id is not None:
            _lock_unit(unit_id)  # two first saves of a unit's rules: the second waits, updates
        rule = PerformanceRule.objects.select_for_update().filter(
            unit_id=unit_id
        ).first() or PerformanceRule(unit_id=unit_id, **rules_of_unit(unit_id).as_rules())
        for name in RULE_FIELDS:
            if name in values:
                setattr(rule, name, values[name])
        try:
            rule.full_clean(exclude=["unit"])
        except ValidationError as exc:
            raise PerformanceError(" ".join(exc.messages)) from exc
        rule.save()
    return rule


@records_actor
def performance_month_freeze(
    *, unit_id: int, month: dt.date, acting_user: AbstractBaseUser | None
) -> PerformanceMonth:
    """Store the unit's month as it stands (the rules in force and every priced line), so it
    never changes again; freezing a frozen month returns it unchanged. Called by the month
    close (考勤封帐), inside its transaction."""
    month = month.replace(day=1)
    with transaction.atomic():
        _lock_unit(unit_id)
        frozen = PerformanceMonth.objects.filter(unit_id=unit_id, month=month).first()
        if frozen is not None:
            return frozen
        rules = rules_of_unit(unit_id).as_rules()
        frozen = PerformanceMonth.objects.create(
            unit_id=unit_id,
            month=month,
            rules=rules_as_json(rules),
            frozen_by=acting_user if acting_user and acting_user.is_authenticated else None,
        )
        PerformanceLine.objects.bulk_create(
            (
                PerformanceLine(
                    month=frozen,
                    staff_id=line.staff_id,
                    date=line.date,
                    kind=line.kind,
                    quantity=line.quantity,
                    points=line.points,
                    text=line.text[:200],
                    url=line.url[:200],
                )
                for line in price(live_lines(Scope(unit_id), month), rules)
            ),
            batch_size=2000,
        )
    return frozen


@records_actor
def performance_month_thaw(
    *, unit_id: int, month: dt.date, acting_user: AbstractBaseUser | None
) -> bool:
    """Drop the frozen result when the month is reopened (it is computed on read again);
    whether there was one."""
    with transaction.atomic():
        _lock_unit(unit_id)
        thawed = False
        for frozen in PerformanceMonth.objects.filter(unit_id=unit_id, month=month.replace(day=1)):
            frozen.delete()  # by the instance, so the history table keeps who reopened it
            thawed = True
    return thawed
