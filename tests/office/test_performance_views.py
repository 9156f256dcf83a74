"""绩效 pages: a person's month, the list and the sheet by role, the rules page."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from office.models import PerformanceRule
from office.performance_services import performance_month_freeze, performance_rules_save
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles
from tests.office.performance_data import DEDUCTED, NOVEMBER, REWARDED, TOTAL, day, november_of

MONTH = "?month=2026-11"
LIST = "/performance/list/"
SHEET = "/performance/list/sheet.xlsx"


@pytest.fixture
def november(org):
    performance_rules_save(unit_id=None, values={"finding_4": Decimal(8)}, acting_user=org.admin)
    return november_of(org.staff, org.chief)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- a person's month ----------------------------------------------------------------------------


def test_my_page_shows_each_line_with_its_link_and_the_total(as_, org, november):
    html = page(as_("staff"), f"/performance/{MONTH}")
    assert "我的绩效" in html and "2026年11月" in html
    assert (
        f'href="/attendance/staff/{org.staff.pk}/?month=2026-11#d-2026-11-03">11月3日 全天旷工'
        in html
    )
    assert f'href="/inspections/findings/{november["discipline"].pk}/"' in html
    assert f'href="/inspections/findings/{november["spending"].pk}/"' in html
    assert 'href="/leave/overtime/' in html and "核实3.5小时" in html
    assert '<div class="fs-4 fw-bold" data-total>-47.5</div>' in html
    assert "每半天扣10分" in html  # the rules beside the lines


def test_the_day_link_lands_on_the_days_cell(as_, org, november):
    html = page(as_("staff"), f"/attendance/staff/{org.staff.pk}/{MONTH}")
    assert 'id="d-2026-11-03"' in html


def test_another_persons_page_is_404_for_staff(as_, org):
    assert as_("staff").get(f"/performance/staff/{org.chief.pk}/").status_code == 404
    assert as_("staff").get(f"/performance/staff/{org.other_staff.pk}/").status_code == 404
    assert as_("staff").get(f"/performance/staff/{org.staff.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("chief", 200), ("deputy", 200), ("director", 200), ("personnel", 200), ("other_chief", 404)],
)
def test_a_persons_page_by_role(as_, org, november, who, status):
    response = as_(who).get(f"/performance/staff/{org.staff.pk}/{MONTH}")
    assert response.status_code == status
    if status == 200:
        assert "刘职员（综合科）的绩效" in response.content.decode()


def test_personnel_of_another_unit_get_404(org):
    other = unit_with_roles()
    assert login(other.personnel).get(f"/performance/staff/{org.staff.pk}/").status_code == 404


def test_an_account_without_staff_has_no_own_page(org):
    assert login(org.admin).get("/performance/").status_code == 403


def test_wrong_method_is_405(as_):
    assert as_("staff").post("/performance/").status_code == 405
    assert as_("personnel").post(LIST).status_code == 405
    assert as_("personnel").put("/performance/rules/").status_code == 405


# --- the list and the sheet ------------------------------------------------------------------------


def names_on(html: str, org) -> set[str]:
    people = [org.staff, org.chief, org.other_staff, org.other_chief, org.personnel, org.director]
    return {p.name for p in people if f">{p.name}</a>" in html}


def test_a_chief_lists_their_section(as_, org, november):
    html = page(as_("chief"), LIST + MONTH)
    assert names_on(html, org) == {org.staff.name, org.chief.name}
    # Asking for another section shows their own instead.
    html = page(as_("chief"), f"{LIST}{MONTH}&section={org.other_section.pk}")
    assert names_on(html, org) == {org.staff.name, org.chief.name}


@pytest.mark.parametrize("who", ["personnel", "director"])
def test_personnel_and_leaders_list_the_whole_unit(as_, org, november, who):
    html = page(as_(who), LIST + MONTH)
    assert names_on(html, org) == {
        org.staff.name,
        org.chief.name,
        org.other_staff.name,
        org.other_chief.name,
        org.personnel.name,
        org.director.name,
    }
    assert "-47.5" in html
    html = page(as_(who), f"{LIST}{MONTH}&section={org.other_section.pk}")
    assert names_on(html, org) == {org.other_staff.name, org.other_chief.name}


def test_another_units_personnel_list_only_their_own(org, november):
    other = unit_with_roles()
    html = page(login(other.personnel), LIST + MONTH)
    assert names_on(html, org) == set()
    assert other.staff.name in html


@pytest.mark.parametrize("who", ["staff", "inspector"])
def test_staff_get_no_list_or_sheet(as_, who):
    assert as_(who).get(LIST).status_code == 403
    assert as_(who).get(SHEET).status_code == 403


def read_sheet(client, url=SHEET + MONTH):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith("2026-11.xlsx")
    return load_workbook(io.BytesIO(response.content), read_only=True)


def test_the_sheet_has_a_row_per_person_and_the_rules_on_sheet_two(as_, org, november):
    book = read_sheet(as_("personnel"))
    assert book.sheetnames == ["绩效表", "绩效规则"]
    rows = list(book["绩效表"].iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:5] == ("工号", "姓名", "科室", "旷工（半天）", "旷工得分")
    assert headers[-4:] == ("扣分合计", "加分合计", "绩效得分", "备注")
    mine = next(row for row in rows if row[1] == org.staff.name)
    cell = dict(zip(headers, mine, strict=False))  # an empty 备注 is no cell
    assert (cell["旷工（半天）"], cell["旷工得分"]) == (3, -30)
    assert (cell["“三公”消费问题（起）"], cell["“三公”消费问题得分"]) == (1, -8)
    assert (cell["加班计入绩效（小时）"], cell["加班计入绩效得分"]) == (3.5, 3.5)
    assert (cell["扣分合计"], cell["加分合计"], cell["绩效得分"]) == (
        -DEDUCTED,
        REWARDED,
        TOTAL,
    )
    assert len(rows) == 1 + 9  # every person of the unit
    nothing = next(row for row in rows if row[1] == org.other_staff.name)
    assert nothing[3:19] == (None,) * 16  # nothing of a kind is a blank cell
    assert nothing[19:22] == (0, 0, 0)
    rules = list(book["绩效规则"].iter_rows(values_only=True))
    assert rules[0] == ("项目", "分值")
    assert ("旷工", "每半天扣10分") in rules
    assert ("“三公”消费问题", "每起扣8分") in rules
    assert ("每月扣分上限", "不设上限") in rules
    assert ("说明", "未封帐，按当前规则计算") in rules


def test_the_sheet_of_a_frozen_month_keeps_its_numbers(as_, org, november):
    performance_month_freeze(unit_id=org.staff.section.unit_id, month=NOVEMBER, acting_user=None)
    performance_rules_save(unit_id=None, values={"absent_half_day": 1}, acting_user=org.admin)
    book = read_sheet(as_("personnel"))
    rows = list(book["绩效表"].iter_rows(values_only=True))
    assert next(row for row in rows if row[1] == org.staff.name)[-2:] == (TOTAL, None)  # no 备注
    rules = list(book["绩效规则"].iter_rows(values_only=True))
    assert ("旷工", "每半天扣10分") in rules
    assert ("说明", "已封帐，按封帐时的规则和明细") in rules


def test_a_cap_hit_is_noted_on_the_sheet(as_, org, november):
    performance_rules_save(
        unit_id=org.staff.section.unit_id,
        values={"max_deduction": Decimal(40)},
        acting_user=org.personnel.user,
    )
    rows = list(read_sheet(as_("personnel"))["绩效表"].iter_rows(values_only=True))
    mine = next(row for row in rows if row[1] == org.staff.name)
    assert mine[-4:] == (-40, 3.5, -36.5, "扣分已封顶")


def queries(client, url) -> int:
    client.get(url)  # settings and sessions warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST + MONTH, SHEET + MONTH])
def test_queries_do_not_grow_with_the_staff(org, november, url):
    client = login(org.personnel)
    few = queries(client, url)
    for n in range(30):
        person = StaffFactory(section=org.section)
        day(person, NOVEMBER.replace(day=3 + n % 20), "absent", "late")
    assert queries(client, url) == few


def test_list_queries_named(org, november, django_assert_num_queries):
    client = login(org.personnel)
    client.get(LIST + MONTH)
    # session, user, the viewer's staff, groups and sections; the sections of the list; the
    # count and the page of people; the frozen month; the rules; one per source (3); the
    # menu's unread notifications and approvals waiting.
    with django_assert_num_queries(15):
        client.get(LIST + MONTH)


# --- the rules page -----------------------------------------------------------------------------


def rules_url(org) -> str:
    return f"/performance/rules/{org.staff.section.unit_id}/"


def rule_form(**changes) -> dict:
    data = {name: str(value) for name, value in PerformanceRule().as_rules().items() if value}
    data.update({"max_deduction": "", "max_reward": ""})
    data.update({key: str(value) for key, value in changes.items()})
    return data


def test_personnel_are_sent_to_their_units_rules(as_, org):
    response = as_("personnel").get("/performance/rules/")
    assert response.status_code == 302 and response.url == rules_url(org)
    assert login(org.admin).get("/performance/rules/").url == "/performance/rules/city/"


def test_personnel_edit_the_rules_and_see_the_change_history(as_, org):
    client = as_("personnel")
    html = page(client, rules_url(org))
    assert "旷工每半天扣分" in html and "“三公”消费问题每起扣分" in html and "每月扣分上限" in html
    assert "沿用全市默认值" in html
    response = client.post(rules_url(org), rule_form(late=3, max_deduction=40))
    assert response.status_code == 302
    client.post(rules_url(org), rule_form(late="2.5", max_deduction=40))
    html = page(client, rules_url(org))
    assert "迟到每次扣分：3 → 2.5" in html
    assert "每月扣分上限：40" in html
    assert org.personnel.name in html


def test_a_bad_value_is_refused_in_chinese(as_, org):
    response = as_("personnel").post(rules_url(org), rule_form(late=-1))
    assert response.status_code == 200
    assert "确保该值大于或等于" in response.content.decode()
    assert not PerformanceRule.objects.exists()


@pytest.mark.parametrize("who", ["staff", "chief", "director"])
def test_other_roles_may_not_edit_the_rules(as_, org, who):
    assert as_(who).get(rules_url(org)).status_code == 403
    assert as_(who).post(rules_url(org), rule_form(late=3)).status_code == 403
    assert as_(who).get("/performance/rules/").status_code == 403
    assert not PerformanceRule.objects.exists()


def test_personnel_of_another_unit_may_not_edit_ours_nor_the_city(org):
    client = login(unit_with_roles().personnel)
    assert client.post(rules_url(org), rule_form(late=3)).status_code == 403
    assert client.post("/performance/rules/city/", rule_form(late=3)).status_code == 403
    assert not PerformanceRule.objects.exists()
    assert client.get("/performance/rules/999999/").status_code == 404


def test_the_city_admin_edits_the_default(org):
    client = login(org.admin)
    assert client.post("/performance/rules/city/", rule_form(early=1)).status_code == 302
    assert PerformanceRule.objects.get(unit=None).early == 1


def test_the_menu_offers_the_pages_by_role(as_):
    assert "/performance/" in page(as_("staff"), "/") and "/performance/list/" not in page(
        as_("staff"), "/"
    )
    assert "/performance/list/" in page(as_("chief"), "/")
    html = page(as_("personnel"), "/")
    assert "/performance/list/" in html and "/performance/rules/" in html
