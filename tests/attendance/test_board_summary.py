"""The board of a viewer of many sections: a summary line per section, names one section at a
time or by search (a city office's whole list was 2 MB of HTML, issue 19)."""

import pytest
from django.urls import reverse

from attendance.models import ClockRecord
from tests.attendance.conftest import MONDAY, at
from tests.attendance.test_views import BOARD_QUERIES
from tests.conftest import login


@pytest.fixture
def many_sections(monkeypatch):
    monkeypatch.setattr("attendance.views.grids.BOARD_OPEN_SECTIONS", 1)


def test_director_sees_counts_per_section_and_no_names(org, frozen, many_sections):
    frozen(at(MONDAY, 9, 0))
    ClockRecord.objects.create(staff=org.chief, date=MONDAY, point="am_in", at=at(MONDAY, 8, 20))
    text = login(org.director).get(reverse("attendance:board")).text
    assert "综合科" in text and "展开名单" in text
    assert "刘职员" not in text and "张科长" not in text
    row = text[text.index(f'id="board-section-{org.section.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "在岗 1" in row and "未打卡 1" in row


def test_expanding_a_section_lists_its_people_only(org, frozen, many_sections):
    frozen(at(MONDAY, 9, 0))
    response = login(org.director).get(
        reverse("attendance:board"), {"section": org.section.pk}, HTTP_HX_REQUEST="true"
    )
    assert "刘职员" in response.text and "张科长" in response.text
    assert "杨职员" not in response.text
    assert f"section={org.section.pk}" in response.text  # the poll keeps the section open


def test_search_by_name_finds_people_in_any_section(org, frozen, many_sections):
    frozen(at(MONDAY, 9, 0))
    text = login(org.director).get(reverse("attendance:board"), {"q": "杨"}).text
    assert "杨职员" in text and "刘职员" not in text
    text = login(org.director).get(reverse("attendance:board"), {"q": "无此人"}).text
    assert "没有找到姓名含“无此人”的人员" in text


def test_chief_sees_names_at_once(org, frozen, many_sections):
    """A chief watches one section: the board lists it in full."""
    frozen(at(MONDAY, 9, 0))
    text = login(org.chief).get(reverse("attendance:board")).text
    assert "刘职员" in text


@pytest.mark.parametrize("params", [{}, {"section": "1"}, {"q": "职员"}])
def test_summary_expanded_and_search_take_the_board_queries(
    org, frozen, many_sections, django_assert_num_queries, params
):
    frozen(at(MONDAY, 10, 0))
    client = login(org.director)
    client.get(reverse("home"))
    with django_assert_num_queries(BOARD_QUERIES):
        assert client.get(reverse("attendance:board"), params).status_code == 200
