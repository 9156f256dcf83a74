"""Issue 10, breaks 2 and 3: a finding's text is bounded and cleaned, its dates are real."""

import datetime as dt

import pytest
import time_machine

from inspections.dates import SHANGHAI
from inspections.errors import InspectionError
from inspections.models import Finding, Item
from inspections.services.findings import finding_record, finding_rectify
from tests.conftest import login
from tests.inspections.factories import FindingFactory

NOW = dt.datetime(2026, 11, 18, 9, 0, tzinfo=SHANGHAI)
MEGABYTE = "问" * (1024 * 1024 // 3)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _record(org, **extra) -> Finding:
    values = {
        "item": Item.objects.get(code="1-03"),
        "occurred_at": NOW - dt.timedelta(minutes=10),
        "description": "到其他科室闲聊",
        "staff": org.staff,
        "acting_user": org.inspector.user,
    }
    return finding_record(**(values | extra))


def test_a_one_megabyte_description_is_refused(org):
    with pytest.raises(InspectionError, match="问题描述.*最多2000字"):
        _record(org, description=MEGABYTE)
    assert not Finding.objects.exists()
    assert len(_record(org, description="问" * 2000).description) == 2000


def test_the_form_refuses_it_too(org):
    form = {
        "section": org.section.pk,
        "staff": org.staff.pk,
        "item": Item.objects.get(code="1-03").pk,
        "occurred_at": "2026-11-18T08:50",
        "description": MEGABYTE,
        "source": Finding.Source.COVERT,
    }
    response = login(org.inspector).post("/inspections/findings/new/", form)
    assert response.status_code == 200
    assert not Finding.objects.exists()


def test_word_line_breaks_and_control_characters_are_cleaned_when_saved(org):
    form = {
        "section": org.section.pk,
        "staff": org.staff.pk,
        "item": Item.objects.get(code="1-03").pk,
        "occurred_at": "2026-11-18T08:50",
        "place": "三楼\x07",
        "description": "第一行\x0b第二行\x01",
        "source": Finding.Source.COVERT,
    }
    response = login(org.inspector).post("/inspections/findings/new/", form)
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.description, finding.place) == ("第一行\n第二行", "三楼")


@pytest.mark.parametrize("year", [1, 9999, 2100])
def test_a_finding_time_in_a_year_the_office_cannot_mean_is_refused(org, year):
    with pytest.raises(InspectionError, match="须在|不能晚于现在"):
        _record(org, occurred_at=dt.datetime(year, 1, 4, 9, 0, tzinfo=SHANGHAI))
    assert not Finding.objects.exists()


def test_a_rectification_deadline_in_9999_is_refused(org):
    finding = FindingFactory(staff=org.staff)
    with pytest.raises(InspectionError, match="整改期限须在"):
        finding_rectify(
            finding=finding, deadline=dt.date(9999, 12, 31), acting_user=org.inspector.user
        )
