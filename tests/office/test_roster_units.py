"""Roster import per unit (issue 21): a unit's 政工科 imports into its own unit only; the city
administrator imports several units at once with a 单位 column; section names are per unit."""

import io

import pytest
from django.db import IntegrityError
from openpyxl import load_workbook

from office.errors import RosterError
from office.models import Section, Staff
from office.org import viewer_for
from office.roster import CITY_HEADERS, HEADERS, roster_import
from office.roster_preview import roster_preview
from tests.conftest import login
from tests.factories import SectionFactory, UserFactory, unit_with_roles
from tests.office.conftest import xlsx_bytes


@pytest.fixture
def other(org):
    return unit_with_roles()


@pytest.fixture
def city_admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


def errors_of(excinfo):
    return [str(e) for e in excinfo.value.errors]


def test_a_section_of_another_unit_is_refused_with_its_row(org, other):
    rows = [["3001", "孙丽", "综合科"], ["3002", "钱明", other.section.name]]
    with pytest.raises(RosterError) as excinfo:
        roster_preview(data=xlsx_bytes(rows), viewer=viewer_for(org.personnel.user))
    assert errors_of(excinfo) == [
        f"第3行：科室“{other.section.name}”属于其他单位，只能导入本单位的人员。"
    ]
    assert not Staff.objects.filter(staff_no__in=["3001", "3002"]).exists()


def test_a_staff_no_of_another_units_person_is_refused_and_nothing_is_written(
    org, other, roster_file
):
    rows = [["3001", "孙丽", "综合科"], [other.staff.staff_no, "改个名", "综合科"]]
    with pytest.raises(RosterError) as excinfo:
        roster_import(
            file=roster_file(rows),
            viewer=viewer_for(org.personnel.user),
            acting_user=org.personnel.user,
        )
    assert errors_of(excinfo) == [
        f"第3行：工号 {other.staff.staff_no} 是其他单位的人员，不能在本单位导入，请核对工号。"
    ]
    other.staff.refresh_from_db()
    assert (other.staff.name, other.staff.section) == ("市发改委职员", other.section)
    assert not Staff.objects.filter(staff_no="3001").exists()


def test_the_upload_page_shows_the_refusal(org, other):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = xlsx_bytes([[other.staff.staff_no, "改个名", "综合科"]])
    page = login(org.personnel).post(
        "/people/import/", {"file": SimpleUploadedFile("名册.xlsx", data)}
    )
    assert "是其他单位的人员" in page.content.decode()


def test_each_units_personnel_imports_its_own_section_of_the_same_name(org, other, roster_file):
    theirs = SectionFactory(unit=other.unit, name="综合科")
    for personnel, staff_no in ((org.personnel, "3001"), (other.personnel, "3002")):
        roster_import(
            file=roster_file([[staff_no, "同名科室人员", "综合科"]]),
            viewer=viewer_for(personnel.user),
            acting_user=personnel.user,
        )
    assert Staff.objects.get(staff_no="3001").section == org.section
    assert Staff.objects.get(staff_no="3002").section == theirs


def test_section_names_are_unique_within_a_unit_only(org, other):
    SectionFactory(unit=other.unit, name=org.section.name)
    with pytest.raises(IntegrityError):
        SectionFactory(unit=org.section.unit, name=org.section.name)


def test_the_city_administrator_imports_several_units_with_a_unit_column(
    org, other, city_admin, roster_file
):
    unit_name = org.section.unit.name
    rows = [
        [unit_name, "3001", "孙丽", "综合科"],
        [other.unit.name, "3002", "钱明", other.section.name],
        # The city administrator may move a person to another unit.
        [other.unit.name, org.staff.staff_no, org.staff.name, other.section.name],
    ]
    result = roster_import(
        file=roster_file(rows, headers=CITY_HEADERS),
        viewer=viewer_for(city_admin),
        acting_user=city_admin,
    )
    assert [(s.staff_no, s.section) for s, _ in result.added] == [
        ("3001", org.section),
        ("3002", other.section),
    ]
    org.staff.refresh_from_db()
    assert org.staff.section == other.section


def test_an_unknown_unit_or_a_section_not_of_the_named_unit_is_a_row_error(org, other, city_admin):
    rows = [
        ["不存在局", "3001", "孙丽", "综合科"],
        [other.unit.name, "3002", "钱明", "综合科"],
        [None, "3003", "李四", "综合科"],
    ]
    with pytest.raises(RosterError) as excinfo:
        roster_preview(data=xlsx_bytes(rows, CITY_HEADERS), viewer=viewer_for(city_admin))
    assert errors_of(excinfo) == [
        "第2行：单位“不存在局”不存在，请填写系统中已有单位的全称。",
        f"第3行：科室“综合科”不是“{other.unit.name}”的科室，请填写该单位已有的科室名称。",
        "第4行：缺少单位。",
    ]


def test_a_unit_file_is_refused_to_the_city_administrator_of_several_units(org, other, city_admin):
    with pytest.raises(RosterError) as excinfo:
        roster_preview(data=xlsx_bytes([["3001", "孙丽", "综合科"]]), viewer=viewer_for(city_admin))
    assert errors_of(excinfo)[0].startswith("第1行：表头不正确，应为：单位、工号")


def template_headers(client):
    response = client.get("/people/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet, notes = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), rows[1], "\n".join(str(r[0]) for r in notes.iter_rows(values_only=True))


def test_only_the_city_administrators_template_has_the_unit_column(org, other, city_admin):
    headers, example, notes = template_headers(login(city_admin))
    assert headers == CITY_HEADERS
    assert example[:2] == (org.section.unit.name, "示例")
    assert f"{other.unit.name}：{other.section.unit.sections.first().name}" in notes
    headers, _, notes = template_headers(login(other.personnel))
    assert headers == HEADERS
    assert "市发改委综合科" in notes and "综合科、" not in notes


def test_a_single_unit_office_shows_no_unit_column_to_the_superuser(org, city_admin, roster_file):
    headers, _, notes = template_headers(login(city_admin))
    assert headers == HEADERS and "单位" not in notes
    result = roster_import(
        file=roster_file([["3001", "孙丽", "综合科"]]),
        viewer=viewer_for(city_admin),
        acting_user=city_admin,
    )
    assert [s.section for s, _ in result.added] == [org.section]


def test_the_city_preview_takes_one_more_query_for_the_units(
    org, other, city_admin, django_assert_num_queries
):
    rows = [[other.unit.name, str(5000 + i), f"职工{i}", other.section.name] for i in range(30)]
    viewer = viewer_for(city_admin)
    # 1 units, 2 sections with their units, 3 people already on file, 4 logins already taken
    with django_assert_num_queries(4):
        preview = roster_preview(data=xlsx_bytes(rows, CITY_HEADERS), viewer=viewer)
    assert len(preview.added) == 30
    assert Section.objects.count() == 6
