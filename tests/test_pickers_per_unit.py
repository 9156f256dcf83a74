"""Pickers per unit (issue 21): no form offers another unit's sections or people, and a forged
POST of one is refused as not a valid choice; city roles are offered every unit."""

import pytest

from attendance.forms import AssignmentForm
from inspections.forms import FindingFilterForm, FindingForm, RoundForm
from inspections.models import Finding, Item
from leave.forms import DelegationForm
from office import roles
from office.forms import PeopleFilterForm
from office.org import viewer_for
from office.services import role_grant
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles

INVALID = "选择一个有效的选项"


@pytest.fixture
def other(org):
    return unit_with_roles()


def choices(form, name):
    return {
        value.value if hasattr(value, "value") else value for value, _ in form.fields[name].choices
    } - {""}


def test_the_finding_form_offers_and_accepts_only_the_units_sections_and_people(org, other):
    viewer = viewer_for(org.inspector.user)
    form = FindingForm(viewer=viewer)
    assert org.section.pk in choices(form, "section")
    assert other.section.pk not in choices(form, "section")
    forged = FindingForm(data={"section": other.section.pk, "staff": other.staff.pk}, viewer=viewer)
    assert not forged.is_valid()
    assert INVALID in str(forged.errors["section"]) and INVALID in str(forged.errors["staff"])


def test_a_forged_finding_post_for_another_unit_writes_nothing(org, other):
    # The checklist's items come with the migrations.
    item = Item.objects.get(code="1-02")
    page = login(org.inspector).post(
        "/inspections/findings/new/",
        {
            "section": other.section.pk,
            "staff": other.staff.pk,
            "item": item.pk,
            "occurred_at": "2026-11-24T09:00",
            "description": "越权登记",
            "source": "inspection",
        },
    )
    assert page.status_code == 200 and INVALID in page.content.decode()
    assert not Finding.objects.filter(section=other.section).exists()


def test_round_and_filter_forms_offer_only_the_unit(org, other):
    viewer = viewer_for(org.inspector.user)
    rounds = RoundForm(viewer=viewer)
    assert org.inspector.pk in choices(rounds, "inspectors")
    assert other.inspector.pk not in choices(rounds, "inspectors")
    assert other.section.pk not in choices(rounds, "sections")
    forged = RoundForm(data={"sections": [other.section.pk]}, viewer=viewer)
    assert not forged.is_valid() and "sections" in forged.errors
    findings = FindingFilterForm(data={"section": other.section.pk}, viewer=viewer)
    assert other.section.pk not in choices(findings, "section")
    assert not findings.is_valid() and INVALID in str(findings.errors["section"])


def test_people_schedule_and_delegation_forms_refuse_another_units_ids(org, other):
    personnel = viewer_for(org.personnel.user)
    people = PeopleFilterForm(data={"section": other.section.pk}, viewer=personnel)
    assert not people.is_valid() and "section" in people.errors
    assignment = AssignmentForm(
        data={"section": other.section.pk, "staff": other.staff.staff_no}, viewer=personnel
    )
    assert not assignment.is_valid()
    assert "section" in assignment.errors and "staff" in assignment.errors
    delegation = DelegationForm(
        data={"delegate": other.chief.staff_no}, viewer=viewer_for(org.chief.user)
    )
    # The people pickers take a 工号 (office/pickers.py): another unit's is not found.
    assert not delegation.is_valid() and "没有找到" in str(delegation.errors["delegate"])
    assert other.chief.pk not in choices(
        DelegationForm(viewer=viewer_for(org.chief.user)), "delegate"
    )


def test_city_roles_are_offered_every_unit(org, other):
    city = StaffFactory(section=org.section, name="市督查")
    role_grant(staff=city, role=roles.CITY_INSPECTOR, acting_user=None)
    viewer = viewer_for(city.user)
    form = FindingForm(data={"section": other.section.pk}, viewer=viewer)
    assert {org.section.pk, other.section.pk} <= choices(form, "section")
    form.is_valid()
    assert "section" not in form.errors
    rounds = RoundForm(viewer=viewer)
    assert {org.inspector.pk, other.inspector.pk, city.pk} <= choices(rounds, "inspectors")
