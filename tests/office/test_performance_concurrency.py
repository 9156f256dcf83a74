"""Two first saves of a unit's 绩效 rules, and two freezes of one month, at once (PostgreSQL)."""

from decimal import Decimal

import pytest

from office.models import PerformanceLine, PerformanceMonth, PerformanceRule
from office.performance_services import performance_month_freeze, performance_rules_save
from tests.concurrency import postgres_only, together
from tests.office.performance_data import NOVEMBER, day

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    postgres_only()


def test_two_first_saves_make_one_row_with_the_later_value(org):
    unit_id = org.staff.section.unit_id

    def save(late: int):
        return lambda: performance_rules_save(
            unit_id=unit_id, values={"late": Decimal(late)}, acting_user=org.personnel.user
        )

    outcomes = together(save(3), save(4))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    rule = PerformanceRule.objects.get(unit_id=unit_id)
    assert rule.late in (3, 4)
    assert rule.history.count() == 2


def test_two_freezes_store_the_month_once(org):
    unit_id = org.staff.section.unit_id
    day(org.staff, NOVEMBER.replace(day=3), "absent", "absent")

    def freeze():
        return performance_month_freeze(unit_id=unit_id, month=NOVEMBER, acting_user=None).pk

    outcomes = together(freeze, freeze)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert outcomes[0] == outcomes[1]
    assert PerformanceMonth.objects.count() == 1
    assert PerformanceLine.objects.count() == 1
