"""Issue 15 point 1: every setting in plain words, refused in Chinese next to the field, each
change shown with who, when, before and after."""

import pytest

from office import config
from office.models import Setting
from tests.conftest import login
from tests.office.test_settings_view import URL, form_data


def post(client, **changes):
    """The page's own post: the tiers as rows of 年 and 天, the roles as boxes."""
    data = form_data(**changes)
    tiers = data.pop("annual_leave_tiers")
    data["mfa_required_roles"] = [r for r in data["mfa_required_roles"].split(",") if r]
    rows = [part.split(":") for part in tiers.split(",")] if isinstance(tiers, str) else tiers
    data["annual_leave_tiers_years"] = [y for y, _ in rows]
    data["annual_leave_tiers_days"] = [d for _, d in rows]
    return client.post(URL, data)


def test_codes_are_gone_from_the_page(org):
    page = login(org.personnel).get(URL).content.decode()
    for code in ("comp_time=", "0=周一", "1:5,10:10,20:15", "逗号分隔"):
        assert code not in page
    assert 'type="radio" name="overtime_conversion"' in page and ">调休</label>" in page
    assert ">绩效奖励</label>" in page
    assert '<option value="0" selected>周一</option>' in page and ">周日</option>" in page
    assert page.count('name="annual_leave_tiers_years"') == 4  # 3 tiers + the row template
    assert 'type="checkbox" name="mfa_required_roles"' in page and ">督导小组</label>" in page
    assert "默认：调休" in page and "默认：工龄满1年5天；工龄满10年10天；工龄满20年15天" in page
    assert "默认：周一" in page


def test_the_widgets_save_the_stored_forms(org):
    response = post(
        login(org.personnel),
        overtime_conversion="performance",
        notice_weekday="4",
        annual_leave_tiers=[("1", "5"), ("", ""), ("20", "15"), ("10", "12")],
        mfa_required_roles="管理员,政工科,督导小组",
    )
    assert response.status_code == 302
    assert config.get("overtime_conversion") == "performance"
    assert config.get("notice_weekday") == 4
    assert config.get("annual_leave_tiers") == "1:5,10:12,20:15"  # blank row dropped, sorted
    assert config.get("mfa_required_roles") == "政工科,督导小组,管理员"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"annual_leave_tiers": [("1", "5"), ("1", "7")]}, "annual_leave_tiers", "工龄不能重复"),
        ({"annual_leave_tiers": [("1", "9"), ("10", "5")]}, "annual_leave_tiers", "不能越少"),
        ({"annual_leave_tiers": [("一", "5")]}, "annual_leave_tiers", "应为 工龄年数:天数"),
        ({"annual_leave_tiers": [("70", "5")]}, "annual_leave_tiers", "0～60 年"),
        ({"annual_leave_tiers": [("", "")]}, "annual_leave_tiers", "请至少填写一档年休假"),
        ({"overtime_conversion": "cash"}, "overtime_conversion", "请从列出的选项中选择"),
        ({"notice_weekday": "7"}, "notice_weekday", "请从列出的选项中选择"),
        ({"mfa_required_roles": "政工科,老板"}, "mfa_required_roles", "选择一个有效的选项"),
        ({"clock_earliest": "6点"}, "clock_earliest", "应为 时:分"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_saved(org, changes, field, message):
    response = post(login(org.personnel), late_absent_minutes=45, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    box = page.split(f'data-setting="{field}"')[1].split("data-setting=")[0]
    assert message in box and "invalid-feedback" in box
    assert "未保存" in page
    assert not Setting.objects.exists()


def test_refused_tiers_show_what_was_typed(org):
    page = post(login(org.personnel), annual_leave_tiers=[("3", "8"), ("3", "9")]).content.decode()
    assert 'name="annual_leave_tiers_years" value="3"' in page
    assert 'name="annual_leave_tiers_days" value="9"' in page


def test_the_history_says_who_when_before_and_after(org, django_assert_num_queries):
    client = login(org.personnel)
    post(client, overtime_conversion="performance")
    post(client, overtime_conversion="comp_time", notice_weekday="2")
    client.get(URL)
    # session, user, settings rows (the MFA check), viewer (staff, groups, sections), units,
    # settings rows (the page), history rows with their people, unread count, badge; the
    # number of changes adds none
    with django_assert_num_queries(11):
        page = client.get(URL).content.decode()
    history = page.split("修改记录")[-1]
    rows = history.split("<tr>")[2:]
    assert len(rows) == 3
    assert "周政工" in rows[0] and "周通报生成日" in rows[0] and "默认值（周一）" in rows[0]
    assert "<td>周三</td>" in rows[0]
    conversion = [r for r in rows if "核实的加班转为" in r]
    assert "<td>绩效奖励</td><td>调休</td>" in conversion[0]  # newest first: back to 调休
    assert "<td>默认值（调休）</td><td>绩效奖励</td>" in conversion[1]


def test_a_page_with_no_change_says_so(org):
    assert "还没有修改记录" in login(org.personnel).get(URL).content.decode()
