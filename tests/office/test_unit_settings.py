"""Settings inherit (issue 21): city defaults, per-unit overrides of the ``per_unit`` options,
the person's unit deciding which hold for them; the settings page per unit."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office import config
from office.models import Setting
from office.org import approval_chain
from tests.conftest import login
from tests.factories import unit_with_roles

URL = "/settings/"


@pytest.fixture
def other(org):
    return unit_with_roles()


def test_a_unit_override_holds_for_that_unit_only_and_the_rest_falls_back(org, other):
    config.setting_set(key="chain_chief_max_days", value=5, unit_id=other.unit.pk, acting_user=None)
    config.setting_set(key="late_absent_minutes", value=45, acting_user=None)
    assert config.get("chain_chief_max_days", other.unit.pk) == 5
    assert config.get("chain_chief_max_days", org.section.unit_id) == 1
    assert config.get("chain_chief_max_days") == 1
    assert config.get("chain_chief_max_days", section_id=other.section.pk) == 5
    # No override of its own: the city's changed default.
    assert config.get("late_absent_minutes", other.unit.pk) == 45
    # The applicant's unit decides: 3 days is the chief's alone in the other unit.
    assert approval_chain(other.staff, 3) == [other.chief]
    assert org.chief in approval_chain(org.staff, 3) and len(approval_chain(org.staff, 3)) > 1


def test_a_city_wide_option_cannot_be_set_per_unit(org, other):
    with pytest.raises(ValidationError, match="全市统一"):
        config.setting_set(
            key="clock_earliest", value="05:00", unit_id=other.unit.pk, acting_user=None
        )
    assert not Setting.objects.exists()


def test_reset_drops_the_override_and_the_city_default_holds_again(org, other):
    unit = other.unit.pk
    config.setting_set(key="makeup_monthly_limit", value=9, unit_id=unit, acting_user=None)
    assert config.get("makeup_monthly_limit", unit) == 9
    assert config.settings_save(
        values={}, reset=["makeup_monthly_limit"], unit_id=unit, acting_user=None
    )
    assert config.get("makeup_monthly_limit", unit) == 3


def test_unit_personnel_edit_their_unit_overrides_beside_the_city_default(org, other):
    client = login(other.personnel)
    page = client.get(URL).content.decode()
    assert "全市默认" in page and other.unit.name in page
    assert "科长审批即可的最长天数" in page and "通报发文机关" not in page
    data = {key: value for key, value in config.snapshot().items() if config.OPTIONS[key].per_unit}
    assert client.post(URL, {**data, "chain_chief_max_days": 4}).status_code == 302
    assert config.get("chain_chief_max_days", other.unit.pk) == 4
    assert config.get("chain_chief_max_days") == 1
    assert config.get("chain_chief_max_days", org.section.unit_id) == 1
    assert "本单位已单独设置" in client.get(URL).content.decode()
    client.post(URL, {**data, "reset": "chain_chief_max_days"})
    assert not Setting.objects.filter(unit=other.unit).exists()


def test_the_city_admin_edits_the_city_defaults(org, other):
    client = login(org.admin)
    page = client.get(URL).content.decode()
    assert "全市默认值" in page and "通报发文机关" in page and "本单位默认作息" not in page
    data = {k: v for k, v in config.snapshot().items() if k not in config.UNIT_ONLY}
    client.post(URL, {**data, "late_absent_minutes": 20})
    assert Setting.objects.get(key="late_absent_minutes").unit is None
    assert config.get("late_absent_minutes", other.unit.pk) == 20


def test_a_single_unit_office_page_shows_no_unit_wording(as_):
    page = as_("personnel").get(URL).content.decode()
    assert "全市" not in page and "单位" not in page.split("<main", 1)[-1].split("系统设置", 1)[-1]


def test_settings_page_queries_do_not_depend_on_units(org):
    def count(person):
        client = login(person)
        client.get(URL)  # settings cached
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    single = count(org.personnel)
    other = unit_with_roles()
    # Stored without the save signal: a signalled change would leave this test's transaction
    # reading reference data from the database until it ends (office.refdata).
    Setting.objects.bulk_create([Setting(unit=other.unit, key="makeup_monthly_limit", value=5)])
    cache.clear()
    assert count(org.personnel) == single
    assert count(other.personnel) == single
