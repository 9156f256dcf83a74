"""人员名册 list (政工科/admin) and one person's page (per the org rules)."""

import pytest

from office.models import Staff
from office.services import staff_set_status
from tests.conftest import login
from tests.factories import PASSWORD, StaffFactory

LIST_URL = "/people/"


def detail_url(person):
    return f"/people/{person.pk}/"


def test_personnel_sees_whole_unit_with_section_and_status(as_, org):
    page = as_("personnel").get(LIST_URL).content.decode()
    assert "共 9 人" in page
    assert "刘职员" in page and "陈科长" in page


def test_filters_by_section_status_and_search(as_, org):
    StaffFactory(name="离职的人", section=org.section, status=Staff.Status.LEFT)
    client = as_("personnel")
    by_section = client.get(LIST_URL, {"section": org.other_section.pk}).content.decode()
    assert "陈科长" in by_section and "刘职员" not in by_section
    left = client.get(LIST_URL, {"status": "left"}).content.decode()
    assert "离职的人" in left and "共 1 人" in left
    found = client.get(LIST_URL, {"q": "张科"}).content.decode()
    assert "共 1 人" in found and "张科长" in found
    by_no = client.get(LIST_URL, {"q": org.staff.staff_no}).content.decode()
    assert "刘职员" in by_no


def test_a_bad_filter_value_shows_everyone_instead_of_failing(as_, org):
    response = as_("personnel").get(LIST_URL, {"section": "abc", "status": "x"})
    assert response.status_code == 200
    assert "共 9 人" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 120])
def test_list_query_count_does_not_grow_with_people(as_, org, django_assert_num_queries, extra):
    StaffFactory.create_batch(extra, section=org.section)
    client = as_("personnel")
    client.get(LIST_URL)  # the first page of a session also records the MFA check
    # 1 session, 2 user, 3 viewer's staff, 4 sections led, 5 groups, 6 count of people,
    # 7 sections for the filter, 8 unread notifications (nav), 9 待我审批 count (leave's nav),
    # 10 the page of people with sections
    with django_assert_num_queries(10):
        response = client.get(LIST_URL, {"page": 2 if extra else 1})
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["staff", "chief", "deputy", "director", "inspector"])
def test_other_roles_may_not_see_the_full_roster(as_, who):
    assert as_(who).get(LIST_URL).status_code == 403


def test_admin_sees_the_roster(org):
    assert login(org.admin).get(LIST_URL).status_code == 200


def test_list_refuses_post(as_):
    assert as_("personnel").post(LIST_URL).status_code == 405


def test_detail_shows_the_person_their_chain_and_history(as_, org):
    page = as_("personnel").get(detail_url(org.staff)).content.decode()
    assert "刘职员" in page and "张科长" in page and "李副主任" in page
    assert "建档" in page


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("staff", "staff", 200),
        ("staff", "chief", 404),
        ("staff", "other_staff", 404),
        ("chief", "staff", 200),
        ("chief", "other_staff", 404),
        ("deputy", "staff", 200),
        ("deputy", "other_staff", 404),
        ("director", "other_staff", 200),
        ("inspector", "staff", 404),
        ("personnel", "other_staff", 200),
    ],
)
def test_detail_follows_who_may_see_whom(as_, org, who, target, status):
    assert as_(who).get(detail_url(getattr(org, target))).status_code == status


def test_detail_of_a_missing_person_is_404(as_):
    assert as_("personnel").get("/people/999999/").status_code == 404


def test_detail_refuses_post(as_, org):
    assert as_("staff").post(detail_url(org.staff)).status_code == 405


@pytest.mark.parametrize("edits", [1, 30])
def test_detail_query_count_does_not_grow_with_history(as_, org, django_assert_num_queries, edits):
    for number in range(edits):
        org.staff.phone = f"1380000{number:04d}"
        org.staff.save()
    client = as_("personnel")
    client.get(detail_url(org.staff))
    # 1 session, 2 user, 3 viewer's staff, 4 sections led, 5 groups, 6 the person with section
    # and account, 7 history with who made each change, 8 their chief, 9 their deputy director,
    # 10 the sections they lead, 11 their groups (whether 政工科 may reset their password),
    # 12 the device bound (打卡设备 card), 13 the devices' history with who made each change,
    # 14 unread notifications (nav), 15 待我审批 count (leave's nav)
    with django_assert_num_queries(15):
        page = client.get(detail_url(org.staff)).content.decode()
    assert "修改：联系电话" in page


def reset_url(person):
    return f"/people/{person.pk}/reset-password/"


def test_personnel_resets_a_password_and_sees_it_once(as_, org):
    response = as_("personnel").post(reset_url(org.staff))
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = page.split('<p class="display-6 mb-3"><code>')[1].split("</code>")[0]
    org.staff.user.refresh_from_db()
    assert org.staff.user.check_password(password)
    assert not org.staff.user.check_password(PASSWORD)


def test_a_person_who_left_cannot_have_a_password_reset(as_, org):
    staff_set_status(staff=org.staff, status=Staff.Status.LEFT, acting_user=None)
    response = as_("personnel").post(reset_url(org.staff), follow=True)
    assert "刘职员已离职，账号已停用，不能重置密码。" in response.content.decode()
    org.staff.user.refresh_from_db()
    assert org.staff.user.check_password(PASSWORD)


@pytest.mark.parametrize("who", ["staff", "chief", "deputy", "director", "inspector"])
def test_other_roles_may_not_reset_passwords(as_, org, who):
    assert as_(who).post(reset_url(org.staff)).status_code == 403
    org.staff.user.refresh_from_db()
    assert org.staff.user.check_password(PASSWORD)


def test_reset_refuses_get(as_, org):
    assert as_("personnel").get(reset_url(org.staff)).status_code == 405


def test_reset_of_a_missing_person_is_404(as_):
    assert as_("personnel").post("/people/999999/reset-password/").status_code == 404


def test_the_reset_button_is_shown_to_personnel_only(as_, org):
    assert "重置密码" in as_("personnel").get(detail_url(org.staff)).content.decode()
    assert "重置密码" not in as_("chief").get(detail_url(org.staff)).content.decode()
