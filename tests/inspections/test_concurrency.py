"""Two compiles or two publishes at once, on PostgreSQL (real row locks)."""

import pytest

from inspections.models import WeeklyNotice
from inspections.services.notices import notice_compile, notice_publish
from office.demo import demo_unit
from tests.concurrency import postgres_only, together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    postgres_only()


def test_two_compiles_of_one_week_make_one_notice(org):
    compile_week = lambda: notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None).pk  # noqa: E731
    results = together(compile_week, compile_week)
    assert WeeklyNotice.objects.count() == 1
    assert results == [WeeklyNotice.objects.get().pk] * 2


def test_two_publishes_take_different_numbers(org):
    first = notice_compile(year=2026, week=46, unit=demo_unit(), acting_user=None)
    second = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    user = org.inspector.user
    results = together(
        lambda: notice_publish(notice=first, acting_user=user).number,
        lambda: notice_publish(notice=second, acting_user=user).number,
    )
    assert sorted(results) == [1, 2]


def test_publishing_one_notice_twice_at_once_publishes_it_once(org):
    notice = notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None)
    user = org.inspector.user
    publish = lambda: notice_publish(notice=notice, acting_user=user).number  # noqa: E731
    results = together(publish, publish)
    assert sorted(map(str, results)) == ["1", "通报已发布，内容不能再修改。"]
