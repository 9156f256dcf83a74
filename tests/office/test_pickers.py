"""People pickers: the search endpoint and the field that takes a typed 工号 or name (issue 19)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from attendance.forms import AssignmentForm
from leave.forms import DelegationForm
from office.models import Staff
from office.org import viewer_for
from office.pickers import LIST_LIMIT, PICKER_LIMIT, StaffListPickerField, StaffPickerField
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles

URL = reverse("office:staff_search")


def search(person: object, q: str) -> str:
    response = login(person).get(URL, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_by_name_and_by_staff_no(org):
    assert f'data-pick="{org.other_chief.staff_no}"' in search(org.chief, "陈科")
    found = search(org.chief, org.staff.staff_no)
    assert f'data-pick="{org.staff.staff_no}"' in found and "刘职员" in found


def test_it_never_offers_someone_who_left(org):
    StaffFactory(name="钱离职", section=org.section, status=Staff.Status.LEFT)
    assert "没有找到" in search(org.personnel, "钱离职")


def test_it_offers_only_the_searchers_unit(org):
    other = unit_with_roles()
    assert "没有找到" in search(org.chief, other.staff.name)
    assert "没有找到" in search(other.chief, org.staff.staff_no)
    assert f'data-pick="{other.staff.staff_no}"' in search(other.chief, other.staff.name)


def test_a_field_limited_to_a_unit_refuses_another_units_person(org):
    other = unit_with_roles()
    form = DelegationForm(
        {"delegate": other.staff.staff_no, "start": "2026-12-07", "end": "2026-12-08"},
        viewer=viewer_for(org.chief.user),
    )
    assert not form.is_valid() and "没有找到" in form.errors["delegate"][0]


def test_it_lists_at_most_the_limit_and_says_so(org):
    StaffFactory.create_batch(PICKER_LIMIT + 5, name="孙同名", section=org.section)
    page = search(org.director, "孙同名")
    assert page.count("data-pick=") == PICKER_LIMIT and "只显示前" in page


def test_an_empty_query_lists_nobody(org):
    assert "data-pick" not in search(org.chief, "  ")


def test_it_is_closed_to_roles_without_a_picker(org):
    assert login(org.staff).get(URL, {"q": "刘"}).status_code == 403


def test_the_inspection_group_searches_to_send_a_circular(org):
    assert f'data-pick="{org.staff.staff_no}"' in search(org.inspector, "刘职员")


def test_it_takes_get_only(org):
    assert login(org.chief).post(URL, {"q": "刘"}).status_code == 405


@pytest.mark.parametrize("matches", [1, 30])
def test_its_queries_do_not_grow_with_the_matches(org, django_assert_num_queries, matches):
    StaffFactory.create_batch(matches, name="周同名", section=org.section)
    client = login(org.personnel)
    client.get(URL, {"q": "周同名"})  # the settings, cached from here on
    # Session, user, viewer (staff, led sections, groups), the matches with their sections,
    # and the bell's unread count (a context processor, run for the fragment too).
    with django_assert_num_queries(7):
        client.get(URL, {"q": "周同名"})


def test_the_pages_render_a_search_box_not_everyone(org):
    StaffFactory.create_batch(30, section=org.other_section)
    for person, url in ((org.chief, "leave:delegations"), (org.personnel, "attendance:schedules")):
        page = login(person).get(reverse(url)).content.decode()
        assert "data-staff-picker" in page and "<option" not in page.split("data-staff-picker")[1]
        assert page.count(org.other_staff.staff_no) == 0


def test_the_field_takes_a_staff_no_or_an_exact_name(org):
    field = StaffPickerField()
    assert field.clean(org.staff.staff_no) == org.staff
    assert field.clean(" 刘职员 ") == org.staff


def test_the_field_refuses_an_unknown_a_shared_or_a_departed_name(org):
    StaffFactory(name="刘职员", section=org.other_section)
    gone = StaffFactory(section=org.section, status=Staff.Status.LEFT)
    form = DelegationForm(
        data={"delegate": "刘职员", "start": "2026-11-02", "end": "2026-11-06"},
        viewer=viewer_for(org.chief.user),
    )
    assert "有多人名为“刘职员”" in form.errors["delegate"][0]
    for typed in (gone.staff_no, str(org.staff.pk), "无此人"):
        form = AssignmentForm(data={"staff": typed}, viewer=viewer_for(org.personnel.user))
        assert "没有找到工号或姓名为" in form.errors["staff"][0]


def test_a_bound_form_shows_the_chosen_staff_no(org):
    form = DelegationForm(initial={"delegate": org.other_chief}, viewer=viewer_for(org.chief.user))
    assert f'value="{org.other_chief.staff_no}"' in str(form["delegate"])


def test_the_list_field_takes_staff_nos_and_names_in_any_separators(org):
    field = StaffListPickerField()
    typed = f"{org.staff.staff_no}，张科长、 {org.other_staff.staff_no}\n{org.staff.staff_no}"
    assert field.clean(typed) == [org.staff, org.chief, org.other_staff]


def test_the_list_field_names_what_it_cannot_place_in_one_message_per_reason(org):
    StaffFactory(name="刘职员", section=org.other_section)
    with pytest.raises(ValidationError) as refused:
        StaffListPickerField().clean("刘职员 无此人 张科长 ZZ9")
    assert refused.value.messages == [
        "没有找到这些工号或姓名的在职人员：无此人、ZZ9。请从搜索结果中选择。",
        "有多人名为“刘职员”，请改填工号或从搜索结果中选择。",
    ]


def test_the_list_field_refuses_someone_who_left_as_unknown(org):
    gone = StaffFactory(section=org.section, status=Staff.Status.LEFT)
    with pytest.raises(ValidationError) as refused:
        StaffListPickerField().clean(gone.staff_no)
    assert refused.value.messages == [
        f"没有找到这些工号或姓名的在职人员：{gone.staff_no}。请从搜索结果中选择。"
    ]


def test_the_list_field_limited_to_a_unit_does_not_tell_another_units_people_exist(org):
    """Another unit's 工号 or name is refused as one that names nobody (no existence leak)."""
    other = unit_with_roles()
    field = StaffListPickerField()
    field.limit_to(viewer_for(org.personnel.user))
    with pytest.raises(ValidationError) as refused:
        field.clean(f"{org.staff.staff_no} {other.staff.staff_no} NOPE1 {other.chief.name}")
    assert refused.value.messages == [
        f"没有找到这些工号或姓名的在职人员：{other.staff.staff_no}、NOPE1、{other.chief.name}。"
        "请从搜索结果中选择。"
    ]


def test_a_long_refusal_names_ten_and_counts_the_rest(org):
    with pytest.raises(ValidationError) as refused:
        StaffListPickerField().clean(" ".join(f"N{n}" for n in range(12)))
    assert refused.value.messages[0].startswith("没有找到这些工号或姓名的在职人员：N0、N1")
    assert "N9等12个。" in refused.value.messages[0] and "N10" not in refused.value.messages[0]


def test_the_list_field_refuses_more_than_its_limit(org):
    with pytest.raises(ValidationError) as refused:
        StaffListPickerField().clean(" ".join(str(n) for n in range(LIST_LIMIT + 1)))
    assert refused.value.messages == [f"一次最多填写 {LIST_LIMIT} 人，人数更多时请选择整个科室。"]
    with pytest.raises(ValidationError, match="一次最多填写"):
        StaffListPickerField().clean("1" * (LIST_LIMIT * 31 + 1))
    # At the limit the words are read (and here, none is anyone).
    with pytest.raises(ValidationError, match="没有找到"):
        StaffListPickerField().clean(" ".join(str(n) for n in range(LIST_LIMIT)))


def test_the_list_field_reads_many_people_in_two_queries(org, django_assert_num_queries):
    people = StaffFactory.create_batch(40, section=org.section)
    field = StaffListPickerField()
    # The people by 工号; then by name (for the words that were not a 工号).
    with django_assert_num_queries(2):
        found = field.clean(" ".join(p.staff_no for p in people) + " 张科长")
    assert found == [*people, org.chief]


class ListForm(forms.Form):
    people = StaffListPickerField(label="阅知人员", required=False)


def render_list(form: forms.Form) -> str:
    return render_to_string("office/_staff_list_picker.html", {"field": form["people"]})


def test_the_list_picker_shows_the_chosen_as_chips_over_the_box_it_posts(org):
    page = render_list(ListForm(initial={"people": [org.staff, org.chief]}))
    # The box the form posts (shown alone without JavaScript), labelled.
    assert '<textarea name="people"' in page and 'for="id_people"' in page
    assert f"{org.staff.staff_no} {org.chief.staff_no}</textarea>" in page
    # The search box, labelled, asking office:staff_search; the chips with their remove buttons.
    assert 'for="id_people_find"' in page and 'id="id_people_find"' in page
    assert f'hx-get="{URL}"' in page
    assert f'data-staff-no="{org.staff.staff_no}"' in page
    assert f'aria-label="移除刘职员（{org.staff.staff_no}）"' in page
    assert f"张科长（{org.chief.staff_no}）" in page
    assert "<template data-chip-template>" in page


def test_a_posted_list_shows_each_word_as_typed_when_it_names_nobody(org):
    StaffFactory(name="刘职员", section=org.other_section)
    form = ListForm(data={"people": f"刘职员 无此人 {org.chief.staff_no} 张科长"})
    chips = form["people"].chosen
    assert [(c.value, c.label, c.found) for c in chips] == [
        ("刘职员", "刘职员", False),
        ("无此人", "无此人", False),
        (org.chief.staff_no, f"张科长（{org.chief.staff_no}）", True),
        ("张科长", f"张科长（{org.chief.staff_no}）", True),
    ]


def test_the_chips_take_one_query_and_none_for_an_empty_box(org, django_assert_num_queries):
    people = StaffFactory.create_batch(20, section=org.section)
    with django_assert_num_queries(0):
        render_list(ListForm())
    form = ListForm(data={"people": " ".join(p.staff_no for p in people)})
    assert form.is_valid()
    with django_assert_num_queries(1):  # the people named, by 工号 or name
        page = render_list(form)
    assert page.count("data-unpick") == 21  # 20 chips and the template's
