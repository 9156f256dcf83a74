"""绩效: the hand-computed month, the caps, the rules by role, freezing a closed month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from attendance.models import AttendanceDay
from inspections.models import Finding
from office.errors import PerformanceError
from office.models import PerformanceLine, PerformanceMonth, PerformanceRule, Setting
from office.performance import SOURCES, Scope, month_result, person_months, rules_of_unit
from office.performance_services import (
    performance_month_freeze,
    performance_month_thaw,
    performance_rules_save,
)
from tests.factories import unit_with_roles
from tests.office.performance_data import (
    DEDUCTED,
    EXPECTED,
    NOVEMBER,
    REWARDED,
    TOTAL,
    november_of,
)


@pytest.fixture
def november(org):
    performance_rules_save(unit_id=None, values={"finding_4": Decimal(8)}, acting_user=org.admin)
    return november_of(org.staff, org.chief)


def staff_month(org, **scope):
    unit_id = org.staff.section.unit_id
    result = month_result(
        Scope(unit_id=unit_id, **scope), NOVEMBER, [org.staff, org.chief, org.other_staff]
    )
    return result.people[0]


def test_every_app_contributes_its_source():
    assert set(SOURCES) == {"attendance", "overtime", "findings"}


def test_the_hand_computed_month(org, november):
    month = staff_month(org)
    assert {kind: (month.quantities[kind], month.points[kind]) for kind in month.points} == (
        EXPECTED
    )
    assert (month.deducted, month.rewarded, month.total) == (DEDUCTED, REWARDED, TOTAL)
    assert not (month.deduction_capped or month.reward_capped)


def test_each_line_leads_to_what_is_behind_it(org, november):
    lines = staff_month(org).lines
    assert [line.date.day for line in lines] == [3, 4, 5, 6, 6, 7, 9, 17, 18]
    absent = lines[0]
    assert absent.text == "11月3日 全天旷工"
    assert absent.url == f"/attendance/staff/{org.staff.pk}/?month=2026-11#d-2026-11-03"
    assert lines[1].text == "11月4日 上午迟到（12分钟）"
    assert lines[5].url.startswith("/leave/overtime/")
    assert lines[7].url == f"/inspections/findings/{november['discipline'].pk}/"
    assert lines[8].kind == "finding_4"


def test_a_finding_counts_once_confirmed_and_not_when_dismissed(org, november):
    finding = november["discipline"]
    Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.DISMISSED)
    assert "finding_1" not in staff_month(org).points


def test_the_caps_limit_deductions_and_rewards_separately(org, november):
    performance_rules_save(
        unit_id=org.staff.section.unit_id,
        values={"max_deduction": Decimal(40), "max_reward": Decimal(2)},
        acting_user=org.personnel.user,
    )
    month = staff_month(org)
    assert (month.deducted, month.rewarded, month.total) == (40, 2, -38)
    assert month.deduction_capped and month.reward_capped
    # The lines still show what each thing was worth.
    assert sum(line.points for line in month.lines) == REWARDED - DEDUCTED


def test_a_cap_not_reached_changes_nothing(org):
    rules = {**rules_of_unit(None).as_rules(), "max_deduction": Decimal(10)}
    (month,) = person_months([org.staff], [], rules)
    assert (month.total, month.deduction_capped) == (0, False)


def test_scope_keeps_to_its_unit_sections_and_people(org, november):
    assert staff_month(org, section_ids=frozenset({org.other_section.pk})).lines == []
    assert staff_month(org, staff_ids=frozenset({org.chief.pk})).lines == []
    other = unit_with_roles()
    result = month_result(Scope(unit_id=other.unit.pk), NOVEMBER, [org.staff])
    assert result.people[0].lines == []


def test_the_sources_read_one_query_each_whatever_the_people(
    org, november, django_assert_num_queries
):
    people = [org.staff, org.chief]
    # the frozen month (none), the rules, then one per source
    with django_assert_num_queries(2 + len(SOURCES)):
        month_result(Scope(unit_id=org.staff.section.unit_id), NOVEMBER, people)


# --- the rules ---------------------------------------------------------------------------------


def test_the_old_settings_are_gone():
    from office import config

    assert not [key for key in config.OPTIONS if key.startswith("perf_")]


def test_personnel_edit_their_units_rules_and_history_keeps_each_version(org):
    unit_id = org.staff.section.unit_id
    rule = performance_rules_save(
        unit_id=unit_id, values={"late": Decimal("1.5")}, acting_user=org.personnel.user
    )
    performance_rules_save(unit_id=unit_id, values={"late": 3}, acting_user=org.personnel.user)
    assert rules_of_unit(unit_id).late == 3
    versions = list(rule.history.order_by("history_id"))
    assert [v.late for v in versions] == [Decimal("1.5"), Decimal(3)]
    assert {v.history_user for v in versions} == {org.personnel.user}


def test_a_unit_without_its_own_rules_follows_the_city(org):
    performance_rules_save(unit_id=None, values={"late": Decimal(4)}, acting_user=org.admin)
    assert rules_of_unit(org.staff.section.unit_id).late == 4
    assert rules_of_unit(unit_with_roles().unit.pk).late == 4


@pytest.mark.parametrize("who", ["staff", "chief", "director", "inspector"])
def test_only_personnel_edit_the_rules(org, who):
    with pytest.raises(PerformanceError, match="只有政工科可以修改绩效规则。"):
        performance_rules_save(
            unit_id=org.staff.section.unit_id,
            values={"late": 1},
            acting_user=getattr(org, who).user,
        )
    assert not PerformanceRule.objects.exists()


def test_personnel_of_another_unit_are_refused(org):
    other = unit_with_roles()
    with pytest.raises(PerformanceError, match="只能修改本单位的绩效规则。"):
        performance_rules_save(
            unit_id=org.staff.section.unit_id, values={"late": 1}, acting_user=other.personnel.user
        )
    with pytest.raises(PerformanceError, match="全市默认绩效规则由市级管理员维护。"):
        performance_rules_save(unit_id=None, values={"late": 1}, acting_user=other.personnel.user)


@pytest.mark.parametrize("value", [Decimal(-1), Decimal(101)])
def test_points_out_of_bounds_are_refused_in_chinese(org, value):
    with pytest.raises(PerformanceError, match="确保该值"):
        performance_rules_save(
            unit_id=org.staff.section.unit_id, values={"late": value}, acting_user=org.admin
        )
    assert not PerformanceRule.objects.exists()


def test_the_migration_carries_the_settings_over(org):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("office.migrations.0011_performance_rules_from_settings")
    unit = org.staff.section.unit
    Setting.objects.bulk_create(
        [
            Setting(unit=None, key="perf_late_early", value=-3),
            Setting(unit=unit, key="perf_absent_half_day", value=-12),
            Setting(unit=unit, key="perf_overtime_hour", value=2),
        ]
    )
    migration.settings_to_rules(apps, None)
    assert not Setting.objects.filter(key__startswith="perf_").exists()
    city, own = rules_of_unit(None), rules_of_unit(unit.pk)
    assert (city.late, city.early, city.absent_half_day) == (3, 3, 10)
    assert (own.absent_half_day, own.overtime_hour, own.late) == (12, 2, 2)


# --- freezing a closed month ---------------------------------------------------------------------


def test_a_frozen_month_does_not_change_with_later_edits(org, november):
    unit_id = org.staff.section.unit_id
    frozen = performance_month_freeze(
        unit_id=unit_id, month=NOVEMBER, acting_user=org.personnel.user
    )
    assert frozen.frozen_by == org.personnel.user
    assert PerformanceLine.objects.filter(month=frozen, staff=org.staff).count() == 9
    # After the close: the rules change, a finding is dismissed, a day is corrected.
    performance_rules_save(unit_id=unit_id, values={"absent_half_day": 50}, acting_user=org.admin)
    Finding.objects.filter(pk=november["discipline"].pk).update(status=Finding.Status.DISMISSED)
    AttendanceDay.objects.filter(staff=org.staff, date=dt.date(2026, 11, 9)).delete()
    month = staff_month(org)
    assert (month.deducted, month.rewarded, month.total) == (DEDUCTED, REWARDED, TOTAL)
    assert month_result(Scope(unit_id=unit_id), NOVEMBER, [org.staff]).frozen == frozen
    # Freezing again keeps the first result.
    assert performance_month_freeze(unit_id=unit_id, month=NOVEMBER, acting_user=None) == frozen
    # Reopened, the month is computed from what stands now.
    assert performance_month_thaw(unit_id=unit_id, month=NOVEMBER, acting_user=org.admin)
    assert not PerformanceMonth.objects.exists()
    assert staff_month(org).points["absent_half_day"] == -100


def test_a_frozen_month_reads_in_two_queries(org, november, django_assert_num_queries):
    unit_id = org.staff.section.unit_id
    performance_month_freeze(unit_id=unit_id, month=NOVEMBER, acting_user=None)
    with django_assert_num_queries(2):  # the frozen month, its lines
        month_result(Scope(unit_id=unit_id), NOVEMBER, [org.staff, org.chief])
