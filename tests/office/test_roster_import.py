"""roster_import: all-or-nothing, idempotent, by 工号, with a bounded number of queries."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from office import roles
from office.errors import RosterError
from office.models import Staff
from office.org import viewer_for
from office.roster import MAX_BYTES, roster_import
from tests.factories import UserFactory


def good_rows():
    return [
        ["2001", "孙丽", "综合科", "科员", "2010-07-01", "2012-03-01", "13800000001", "在岗"],
        ["2002", "钱明", "行政科", "主任科员", "1999-09-01", None, None, None],
    ]


def errors_of(excinfo):
    return [str(e) for e in excinfo.value.errors]


def test_good_file_creates_accounts_that_can_log_in(org, roster_file):
    result = roster_import(
        file=roster_file(good_rows()),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    assert [(s.staff_no, s.name, s.section.name) for s, _ in result.added] == [
        ("2001", "孙丽", "综合科"),
        ("2002", "钱明", "行政科"),
    ]
    assert result.updated == [] and result.unchanged == []
    person, password = result.added[0]
    person.refresh_from_db()
    assert person.work_start_date == dt.date(2010, 7, 1)
    assert person.phone == "13800000001"
    assert person.user.check_password(password)
    assert person.user.password != password
    assert list(person.user.groups.values_list("name", flat=True)) == [roles.STAFF]
    history = person.history.get()
    assert history.history_user == org.personnel.user
    assert history.history_change_reason == "花名册导入"


def test_each_new_account_gets_its_own_password(org, roster_file):
    result = roster_import(
        file=roster_file(good_rows()),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    passwords = [p for _, p in result.added]
    assert len(set(passwords)) == 2 and all(len(p) == 10 for p in passwords)


def test_reimporting_the_same_file_changes_nothing(org, roster_file):
    roster_import(
        file=roster_file(good_rows()),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    history_rows = Staff.history.count()
    result = roster_import(
        file=roster_file(good_rows()),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    assert (len(result.added), len(result.updated)) == (0, 0)
    assert [s.staff_no for s in result.unchanged] == ["2001", "2002"]
    assert Staff.history.count() == history_rows


def test_existing_people_are_updated_by_staff_no_and_the_change_is_named(org, roster_file):
    row = [org.staff.staff_no, "刘职员", "行政科", "副科长", "2015-07-01", "2015-07-01", "", ""]
    result = roster_import(
        file=roster_file([row]),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    assert [(s.pk, fields) for s, fields in result.updated] == [(org.staff.pk, ["科室", "职务"])]
    org.staff.refresh_from_db()
    assert (org.staff.section, org.staff.position) == (org.other_section, "副科长")
    assert org.staff.history.first().history_user == org.personnel.user


def test_status_left_disables_the_account_and_keeps_the_record(org, roster_file):
    row = [org.staff.staff_no, "刘职员", "综合科", "科员", "2015-07-01", "2015-07-01", "", "离职"]
    result = roster_import(
        file=roster_file([row]),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    assert [fields for _, fields in result.updated] == [["状态"]]
    org.staff.refresh_from_db()
    assert org.staff.status == Staff.Status.LEFT
    assert org.staff.user.is_active is False


def test_a_new_person_imported_as_left_gets_no_password(org, roster_file):
    row = ["3001", "离职者", "综合科", "", None, None, None, "离职"]
    result = roster_import(
        file=roster_file([row]),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    person, password = result.added[0]
    assert password is None
    assert person.user.is_active is False and not person.user.has_usable_password()


def test_one_bad_row_means_nothing_is_imported(org, roster_file):
    rows = [*good_rows(), ["2003", "", "宣传科", "", "2020-02-30", None, None, None]]
    with pytest.raises(RosterError) as excinfo:
        roster_import(
            file=roster_file(rows),
            viewer=viewer_for(org.personnel.user),
            acting_user=org.personnel.user,
        )
    assert errors_of(excinfo) == [
        "第4行：缺少姓名。",
        "第4行：科室“宣传科”不存在，请填写系统中已有的科室名称。",
        "第4行：参加工作时间“2020-02-30”不是有效日期，应写作 2015-07-01。",
    ]
    assert not Staff.objects.filter(staff_no__in=["2001", "2002"]).exists()


def test_a_staff_no_already_used_by_another_login_is_refused(org, roster_file):
    UserFactory(username="2002")
    with pytest.raises(RosterError) as excinfo:
        roster_import(
            file=roster_file(good_rows()),
            viewer=viewer_for(org.personnel.user),
            acting_user=org.personnel.user,
        )
    assert errors_of(excinfo) == ["第3行：工号 2002 已被其他登录账号占用，请联系管理员。"]
    assert not Staff.objects.filter(staff_no="2001").exists()


def test_a_file_that_is_not_xlsx_is_refused(org):
    upload = SimpleUploadedFile("名册.xlsx", "工号,姓名\n1,张三".encode())
    with pytest.raises(RosterError) as excinfo:
        roster_import(
            file=upload, viewer=viewer_for(org.personnel.user), acting_user=org.personnel.user
        )
    assert errors_of(excinfo) == ["无法读取文件：请上传用本系统模板填写的 Excel（.xlsx）文件。"]


def test_a_csv_name_is_refused_before_reading(org, roster_file):
    with pytest.raises(RosterError) as excinfo:
        roster_import(
            file=roster_file(good_rows(), name="名册.csv"),
            viewer=viewer_for(org.personnel.user),
            acting_user=org.personnel.user,
        )
    assert errors_of(excinfo) == ["只能上传 Excel（.xlsx）文件，请使用下载的模板。"]


def test_a_file_over_the_size_limit_is_refused(org):
    upload = SimpleUploadedFile("名册.xlsx", b"0" * (MAX_BYTES + 1))
    with pytest.raises(RosterError) as excinfo:
        roster_import(
            file=upload, viewer=viewer_for(org.personnel.user), acting_user=org.personnel.user
        )
    assert errors_of(excinfo) == ["文件超过 5 MB，请拆分后上传。"]


def big_rows(count, start=5000):
    sections = ["综合科", "行政科", "政工科"]
    return [
        [str(start + i), f"职工{i}", sections[i % 3], "科员", "2010-07-01", None, None, None]
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [10, 60])
def test_new_people_are_created_with_a_fixed_number_of_queries(
    org, roster_file, django_assert_num_queries, count
):
    upload = roster_file(big_rows(count))
    viewer = viewer_for(org.personnel.user)  # the page has it already: no query in the count
    # 1 sections, 2 savepoint, 3 existing staff (select_for_update), 4 logins already taken,
    # 5 savepoint of staff_create_many, 6 insert users, 7 staff group, 8 group memberships,
    # 9 insert staff, 10 their history rows, 11-12 release both savepoints
    with django_assert_num_queries(12):
        result = roster_import(file=upload, viewer=viewer, acting_user=org.personnel.user)
    assert len(result.added) == count
    assert get_user_model().objects.filter(username__startswith="5").count() >= count


@pytest.mark.parametrize("count", [10, 60])
def test_changed_people_are_updated_with_a_fixed_number_of_queries(
    org, roster_file, django_assert_num_queries, count
):
    roster_import(
        file=roster_file(big_rows(count)),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    changed = [[*row[:3], "副科长", *row[4:]] for row in big_rows(count)]
    upload = roster_file(changed)
    # 1 sections, 2 savepoint, 3 existing staff with users and sections (the check for taken
    # logins is not run for an empty list), 4 bulk update, 5 history rows, 6 savepoint release
    with django_assert_num_queries(6):
        result = roster_import(
            file=upload, viewer=viewer_for(org.personnel.user), acting_user=org.personnel.user
        )
    assert len(result.updated) == count


def test_a_1000_row_file_imports_in_a_few_dozen_queries(
    org, roster_file, django_assert_max_num_queries
):
    """Bulk inserts are split by the database's parameter limit (SQLite: 999 per statement, so
    about 70-110 rows per INSERT); the count grows per batch, never per person."""
    viewer_for(org.personnel.user)  # built by the page already
    with django_assert_max_num_queries(50):
        result = roster_import(
            file=roster_file(big_rows(1000)),
            viewer=viewer_for(org.personnel.user),
            acting_user=org.personnel.user,
        )
    assert len(result.added) == 1000
    changed = [[*row[:3], "副科长", *row[4:]] for row in big_rows(1000)]
    with django_assert_max_num_queries(50):
        result = roster_import(
            file=roster_file(changed),
            viewer=viewer_for(org.personnel.user),
            acting_user=org.personnel.user,
        )
    assert len(result.updated) == 1000
    again = roster_file(changed)
    # 1 sections, 2 savepoint, 3 existing staff, 4 savepoint release: nothing to write
    with django_assert_max_num_queries(4):
        result = roster_import(
            file=again, viewer=viewer_for(org.personnel.user), acting_user=org.personnel.user
        )
    assert len(result.unchanged) == 1000


INITIAL_HASHER = "office.auth.InitialPasswordHasher"
MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"


def test_initial_passwords_use_the_light_hasher_when_configured_and_upgrade_at_login(
    org, roster_file, settings
):
    settings.PASSWORD_HASHERS = [MD5, INITIAL_HASHER]
    result = roster_import(
        file=roster_file(good_rows()),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    person, password = result.added[0]
    person.user.refresh_from_db()
    assert person.user.password.startswith("pbkdf2_sha256_initial$10000$")
    response = Client().post("/accounts/login/", {"login": "2001", "password": password})
    assert response.status_code == 302
    person.user.refresh_from_db()
    assert person.user.password.startswith("md5$")


def test_without_the_light_hasher_configured_the_default_is_used(org, roster_file, settings):
    settings.PASSWORD_HASHERS = [MD5]
    result = roster_import(
        file=roster_file(good_rows()),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    person, _ = result.added[0]
    person.user.refresh_from_db()
    assert person.user.password.startswith("md5$")


def test_the_light_hasher_is_never_used_for_a_chosen_password(db, settings):
    from office.demo import DEMO_PASSWORD, demo_rows, seed_office

    settings.PASSWORD_HASHERS = [MD5, INITIAL_HASHER]
    seed_office(today=dt.date(2026, 11, 24))
    user = get_user_model().objects.get(username=demo_rows(today=dt.date(2026, 11, 24))[0].staff_no)
    assert user.password.startswith("md5$") and user.check_password(DEMO_PASSWORD)
