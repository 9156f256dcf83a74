"""office.org for each role: flags, visibility, and who approves whom."""

import pytest
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from office import roles
from office.models import Staff
from office.org import (
    approval_chain,
    chain_levels,
    get_staff_for_viewer,
    viewer_for,
    visible_staff,
)
from office.services import section_set_leaders
from tests.factories import StaffFactory

FLAGS = ["is_chief", "is_deputy", "is_director", "is_personnel", "is_inspector", "is_admin"]


def viewer(org, who):
    person = getattr(org, who)
    return viewer_for(person if who == "admin" else person.user)


@pytest.mark.parametrize(
    ("who", "flags", "sees_whole_unit", "runs_inspections"),
    [
        ("staff", set(), False, False),
        ("chief", {"is_chief"}, False, False),
        ("deputy", {"is_deputy"}, False, False),
        ("director", {"is_director", "is_chief"}, True, False),
        ("personnel", {"is_personnel", "is_chief"}, True, False),
        ("inspector", {"is_inspector"}, False, True),
        ("admin", {"is_admin"}, True, True),
    ],
)
def test_viewer_flags_for_each_role(org, who, flags, sees_whole_unit, runs_inspections):
    v = viewer(org, who)
    assert {flag for flag in FLAGS if getattr(v, flag)} == flags
    assert v.sees_whole_unit is sees_whole_unit
    assert v.runs_inspections is runs_inspections
    assert v.has_role(roles.STAFF) is (who != "admin")


def test_viewer_is_built_once_per_user_object(org, django_assert_num_queries):
    user = org.chief.user
    with django_assert_num_queries(3):  # staff, sections led/supervised, groups
        first = viewer_for(user)
    with django_assert_num_queries(0):
        assert viewer_for(user) is first


def test_anonymous_viewer_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    v = viewer_for(AnonymousUser())
    assert v.staff is None and not v.sees_whole_unit
    assert not Staff.objects.filter(v.staff_filter()).exists()


def names_visible_to(org, who):
    return set(visible_staff(viewer(org, who)).values_list("name", flat=True))


ALL = {"王主任", "李副主任", "赵副主任", "张科长", "刘职员", "陈科长", "杨职员", "周政工", "吴督导"}


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("staff", {"刘职员"}),
        ("chief", {"张科长", "刘职员"}),
        ("deputy", {"李副主任", "张科长", "刘职员"}),
        # 赵副主任 supervises 行政科 and 政工科
        ("other_deputy", {"赵副主任", "陈科长", "杨职员", "吴督导", "周政工"}),
        ("inspector", {"吴督导"}),
        ("director", ALL),
        ("personnel", ALL),
        ("admin", ALL),
    ],
)
def test_staff_filter_visibility_for_each_role(org, who, visible):
    assert names_visible_to(org, who) == visible


def test_staff_filter_with_a_prefix_filters_related_rows(org):
    from office.models import Section

    chief_view = viewer(org, "chief")
    sections = Section.objects.filter(chief__in=Staff.objects.filter(chief_view.staff_filter()))
    assert list(sections) == [org.section]
    q = chief_view.staff_filter("chief__")
    assert set(Section.objects.filter(q)) == {org.section}


@pytest.mark.parametrize(
    ("who", "target", "allowed"),
    [
        ("staff", "staff", True),
        ("staff", "chief", False),
        ("chief", "staff", True),
        ("chief", "other_staff", False),
        ("deputy", "chief", True),
        ("deputy", "other_chief", False),
        ("inspector", "staff", False),
        ("director", "other_staff", True),
        ("personnel", "staff", True),
        ("admin", "inspector", True),
    ],
)
def test_can_see_staff(org, who, target, allowed):
    v = viewer(org, who)
    assert v.can_see_staff(getattr(org, target)) is allowed
    if allowed:
        assert get_staff_for_viewer(v, getattr(org, target).pk) == getattr(org, target)
    else:
        with pytest.raises(Http404):
            get_staff_for_viewer(v, getattr(org, target).pk)


def test_section_checks(org):
    chief, staff, deputy = viewer(org, "chief"), viewer(org, "staff"), viewer(org, "deputy")
    assert chief.can_manage_section(org.section.pk)
    assert not chief.can_manage_section(org.other_section.pk)
    assert staff.can_see_section(org.section.pk) and not staff.can_manage_section(org.section.pk)
    assert not staff.can_see_section(org.other_section.pk)
    assert deputy.can_manage_section(org.section.pk)
    assert viewer(org, "admin").can_manage_section(org.other_section.pk)


def chain_names(person, days):
    return [p.name for p in approval_chain(person, days)]


@pytest.mark.parametrize(
    ("days", "chain"),
    [
        (1, ["张科长"]),
        (1.5, ["张科长", "李副主任"]),
        (3, ["张科长", "李副主任"]),
        (3.5, ["张科长", "李副主任", "王主任"]),
    ],
)
def test_staff_chain_by_length(org, days, chain):
    assert chain_names(org.staff, days) == chain


@pytest.mark.parametrize("days", [0.5, 1, 3, 5])
def test_chiefs_own_leave_goes_deputy_then_director_whatever_its_length(org, days):
    # PRODUCT.md §3: the director has the final approval of a chief's leave.
    assert chain_names(org.chief, days) == ["李副主任", "王主任"]


def test_chiefs_own_one_level_request_goes_to_the_deputy_alone(org):
    # 补卡, 外出 and 加班 are the chief's matter; a chief's own stops at the deputy.
    assert [p.name for p in approval_chain(org.chief, 0.5, is_leave=False)] == ["李副主任"]


def test_chief_without_a_deputy_goes_to_the_director(org):
    section_set_leaders(section=org.section, chief=org.chief, deputy=None, acting_user=None)
    assert chain_names(org.chief, 1) == ["王主任"]


@pytest.mark.parametrize("days", [1, 3.5])
def test_deputys_own_leave_goes_to_the_director(org, days):
    assert chain_names(org.deputy, days) == ["王主任"]


@pytest.mark.parametrize("days", [1, 10])
def test_directors_own_leave_has_no_approver(org, days):
    assert chain_names(org.director, days) == []


def test_missing_chief_is_skipped_and_the_director_covers_a_chief_only_request(org):
    section_set_leaders(section=org.section, chief=None, deputy=org.deputy, acting_user=None)
    assert chain_names(org.staff, 1) == ["王主任"]
    assert chain_names(org.staff, 2) == ["李副主任"]
    assert chain_names(org.staff, 4) == ["李副主任", "王主任"]


def test_section_with_no_leaders_goes_to_the_director(org):
    section_set_leaders(section=org.section, chief=None, deputy=None, acting_user=None)
    assert chain_names(org.staff, 1) == ["王主任"]


@pytest.mark.parametrize(
    "who", ["staff", "chief", "deputy", "other_staff", "personnel", "director"]
)
@pytest.mark.parametrize("days", [0.5, 1, 2, 3, 5])
def test_nobody_approves_their_own_request(org, who, days):
    person = getattr(org, who)
    chain = approval_chain(person, days)
    assert person.pk not in [p.pk for p in chain]
    assert len({p.pk for p in chain}) == len(chain)


def test_chain_reads_the_thresholds_from_settings(org):
    from office import config

    config.setting_set(key="chain_chief_max_days", value=2, acting_user=None)
    assert chain_names(org.staff, 1.5) == ["张科长"]


def test_a_member_who_is_also_section_deputy_elsewhere(org):
    """A 副主任 who is 分管主任 of a section and a member of 主任室 goes straight to the director."""
    extra = StaffFactory(name="新副主任", section=org.leadership)
    section_set_leaders(
        section=org.other_section, chief=org.other_chief, deputy=extra, acting_user=None
    )
    assert chain_names(extra, 5) == ["王主任"]


ORDER = [roles.CHIEF, roles.DEPUTY, roles.DIRECTOR]


@given(
    days=st.floats(min_value=0.5, max_value=400, allow_nan=False),
    is_chief=st.booleans(),
    is_leave=st.booleans(),
    chief_max=st.integers(min_value=0, max_value=10),
    extra=st.integers(min_value=0, max_value=10),
)
def test_chain_levels_are_ordered_and_never_include_a_chief_for_a_chief(
    days, is_chief, is_leave, chief_max, extra
):
    deputy_max = chief_max + extra
    kwargs = {"chief_max_days": chief_max, "deputy_max_days": deputy_max, "is_leave": is_leave}
    levels = chain_levels(days, is_chief=is_chief, **kwargs)
    assert levels
    assert levels == [level for level in ORDER if level in levels]
    assert len(set(levels)) == len(levels)
    if is_chief:
        assert roles.CHIEF not in levels
    else:
        assert levels == ORDER[: len(levels)]
    assert (roles.DIRECTOR in levels) is (days > deputy_max or (is_chief and is_leave))
    longer = chain_levels(days + 1, is_chief=is_chief, **kwargs)
    assert len(longer) >= len(levels)


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("staff", False, False),  # a member sees their own row, not the section's grid
        ("chief", True, False),
        ("deputy", True, False),
        ("inspector", False, False),
        ("personnel", True, True),
        ("director", True, True),
        ("admin", True, True),
    ],
)
def test_who_oversees_a_section(org, who, own, other):
    v = viewer(org, who)
    assert v.oversees_section(org.section.pk) is own
    assert v.oversees_section(org.other_section.pk) is other
