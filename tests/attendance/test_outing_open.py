"""Issue 15 point 3: 返回 on the clock page and the home page while an outing is open, the
message after it, and the list's 外出中 / 已返回 / 逾期未返回."""

import pytest
from django.urls import reverse

from attendance.services.requests import outing_create
from office.approvals.services import approval_decide
from tests.attendance.conftest import MONDAY, at
from tests.conftest import login


def approved_outing(org, start=(9, 38), back=(11, 30), destination="市财政局"):
    obj = outing_create(
        acting_user=org.staff.user,
        destination=destination,
        reason="报送预算材料",
        start=at(MONDAY, *start),
        expected_return=at(MONDAY, *back),
    )
    approval_decide(request_obj=obj, acting_user=org.chief.user, approve=True)
    return obj


@pytest.mark.parametrize("page", ["/", "/attendance/"])
def test_an_open_outing_shows_where_and_until_when_with_a_return_button(org, frozen, page):
    frozen(at(MONDAY, 9, 0))
    obj = approved_outing(org)
    assert "外出中：" not in login(org.staff).get(page).content.decode()  # not yet left
    frozen(at(MONDAY, 10, 0))
    html = login(org.staff).get(page).content.decode()
    assert "<strong>外出中：</strong>市财政局，预计 11:30 返回" in html
    assert reverse("attendance:outing_return", args=[obj.pk]) in html
    assert f'name="next" value="{page}"' in html
    assert "逾期未返回" not in html


def test_the_others_pages_show_no_outing(org, frozen):
    frozen(at(MONDAY, 9, 0))
    approved_outing(org)
    frozen(at(MONDAY, 10, 0))
    assert "外出中：" not in login(org.chief).get("/").content.decode()


def test_an_overdue_outing_says_so(org, frozen):
    frozen(at(MONDAY, 9, 0))
    approved_outing(org)
    frozen(at(MONDAY, 12, 0))
    html = login(org.staff).get("/attendance/").content.decode()
    assert "预计 11:30 返回" in html and "逾期未返回" in html


def test_return_from_the_clock_page_says_how_long_and_comes_back(org, frozen):
    frozen(at(MONDAY, 9, 0))
    obj = approved_outing(org)
    frozen(at(MONDAY, 11, 30))
    response = login(org.staff).post(
        reverse("attendance:outing_return", args=[obj.pk]),
        {"next": "/attendance/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/attendance/"
    html = response.content.decode()
    assert "已返回，外出用时 1 小时 52 分。" in html
    assert "外出中：" not in html
    obj.refresh_from_db()
    assert obj.returned_at == at(MONDAY, 11, 30)


def test_return_never_redirects_off_site(org, frozen):
    frozen(at(MONDAY, 9, 0))
    obj = approved_outing(org)
    frozen(at(MONDAY, 10, 0))
    response = login(org.staff).post(
        reverse("attendance:outing_return", args=[obj.pk]), {"next": "//evil.example/"}
    )
    assert response["Location"] == obj.get_absolute_url()


def test_someone_elses_outing_cannot_be_returned(org, frozen):
    frozen(at(MONDAY, 9, 0))
    obj = approved_outing(org)
    frozen(at(MONDAY, 10, 0))
    url = reverse("attendance:outing_return", args=[obj.pk])
    assert login(org.other_staff).post(url).status_code == 404
    login(org.chief).post(url)  # the chief sees it, but only the applicant returns
    obj.refresh_from_db()
    assert obj.returned_at is None
    assert login(org.staff).get(url).status_code == 405


def test_the_list_says_out_back_or_overdue(org, frozen, django_assert_num_queries):
    frozen(at(MONDAY, 8, 0))
    out = approved_outing(org, start=(9, 0), back=(11, 0), destination="市档案馆")
    overdue = approved_outing(org, start=(8, 10), back=(8, 40), destination="市统计局")
    back = approved_outing(org, start=(12, 0), back=(13, 0), destination="市审计局")
    later = approved_outing(org, start=(15, 0), back=(16, 0), destination="市民政局")
    frozen(at(MONDAY, 13, 0))
    client = login(org.staff)
    client.post(reverse("attendance:outing_return", args=[back.pk]))
    frozen(at(MONDAY, 10, 0))
    client.get("/")
    # session, user, viewer (staff, groups, sections), count, rows, unread count, badge
    with django_assert_num_queries(9):
        html = client.get(reverse("attendance:request_list", args=["outing"])).content.decode()

    def badge(obj):
        return html.split(f'href="{obj.get_absolute_url()}"')[1].split("</a>")[0]

    assert ">外出中<" in badge(out)
    assert ">逾期未返回<" in badge(overdue)
    assert ">已返回<" in badge(back)
    assert ">已批准<" in badge(later)
