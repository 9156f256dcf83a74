"""Who may reset whose password (issue 10, break 4), and what a reset leaves behind: a forced
change at the next login, an audit row naming who, when and from where, and a notice."""

import pytest
from django.test import Client

from office import roles
from office.models import Notification, Staff
from office.org import viewer_for
from office.roster import roster_import
from office.services import role_grant, staff_create
from tests.conftest import login
from tests.factories import PASSWORD, StaffFactory, UserFactory

LOGIN_URL = "/accounts/login/"
CHANGE_URL = "/accounts/password/change/"
NEW_PASSWORD = "Qiuyu#Lan2027"


def reset_url(person: Staff) -> str:
    return f"/people/{person.pk}/reset-password/"


def shown_password(response) -> str:
    return (
        response.content.decode().split('<p class="display-6 mb-3"><code>')[1].split("</code>")[0]
    )


@pytest.fixture
def other_personnel(org) -> Staff:
    peer = StaffFactory(name="郑政工", section=org.personnel_section)
    role_grant(staff=peer, role=roles.PERSONNEL, acting_user=None)
    return peer


@pytest.fixture
def admin_staff(org) -> Staff:
    """A person of the roster who is also 管理员."""
    person = StaffFactory(name="钱管理", section=org.personnel_section)
    role_grant(staff=person, role=roles.ADMIN, acting_user=None)
    return person


@pytest.fixture
def django_staff(org) -> Staff:
    """A person whose account may enter Django's admin site."""
    return StaffFactory(
        name="孙后台", section=org.section, user=UserFactory(username="9001", is_staff=True)
    )


def _untouched(person: Staff, history_rows: int) -> None:
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert person.user.check_password(PASSWORD)
    assert not person.must_change_password
    assert person.history.count() == history_rows
    assert not Notification.objects.filter(recipient=person.user).exists()


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("director", "王主任是主任，其密码只能由管理员重置。"),
        ("deputy", "李副主任是分管主任，其密码只能由管理员重置。"),
        ("other_personnel", "郑政工是政工科，其密码只能由管理员重置。"),
        ("admin_staff", "钱管理是管理员，其密码只能由管理员重置。"),
        ("django_staff", "孙后台是管理员，其密码只能由管理员重置。"),
        ("inspector", "吴督导是督导小组，其密码只能由管理员重置。"),
        ("personnel", "不能在这里重置自己的密码，请在“修改密码”中修改。"),
    ],
)
def test_personnel_may_not_reset_a_leader_a_peer_an_admin_or_themselves(
    org, request, target, reason, django_capture_on_commit_callbacks
):
    person = getattr(org, target, None) or request.getfixturevalue(target)
    history_rows = person.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(org.personnel).post(reset_url(person), follow=True)
    page = response.content.decode()
    assert reason in page
    assert "display-6" not in page  # no password shown
    _untouched(person, history_rows)


@pytest.mark.parametrize("target", ["staff", "chief", "other_chief"])
def test_personnel_resets_staff_and_chiefs(org, target, django_capture_on_commit_callbacks):
    person = getattr(org, target)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(org.personnel).post(reset_url(person), REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 200
    password = shown_password(response)
    person.refresh_from_db()
    assert person.user.check_password(password)
    assert person.must_change_password
    record = person.history.first()
    assert record.history_user == org.personnel.user
    assert record.history_change_reason == "重置密码"
    assert record.history_ip == "10.20.30.40"
    assert [c.field for c in record.diff_against(record.prev_record).changes] == [
        "must_change_password"
    ]
    notice = Notification.objects.get(recipient=person.user)
    assert notice.title == "您的密码已被重置"
    assert "周政工重置了您的登录密码" in notice.body


@pytest.mark.parametrize("target", ["director", "deputy", "personnel", "inspector"])
def test_an_admin_resets_leaders_and_personnel(org, target):
    person = getattr(org, target)
    response = login(org.admin).post(reset_url(person))
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.user.check_password(shown_password(response))
    assert person.must_change_password
    assert person.history.first().history_user == org.admin


def test_the_person_page_hides_the_button_and_says_why(as_, org):
    page = as_("personnel").get(f"/people/{org.director.pk}/").content.decode()
    assert "不能重置密码：王主任是主任，其密码只能由管理员重置。" in page
    assert f'action="{reset_url(org.director)}"' not in page
    page = as_("personnel").get(f"/people/{org.staff.pk}/").content.decode()
    assert f'action="{reset_url(org.staff)}"' in page
    assert "onsubmit" not in page  # the confirmation lives in static/js/office.js
    page = as_("admin").get(f"/people/{org.director.pk}/").content.decode()
    assert f'action="{reset_url(org.director)}"' in page


def test_the_person_page_lists_the_reset_with_who_and_where(as_, org):
    as_("personnel").post(reset_url(org.staff), REMOTE_ADDR="10.20.30.40")
    page = as_("personnel").get(f"/people/{org.staff.pk}/").content.decode()
    assert "修改：须修改密码" in page
    assert "周政工 · 重置密码 · 来自 10.20.30.40" in page


def _log_in(client: Client, staff_no: str, password: str):
    return client.post(LOGIN_URL, {"login": staff_no, "password": password}, follow=True)


def test_a_reset_person_must_change_the_password_then_can_use_the_site(org):
    password = shown_password(login(org.personnel).post(reset_url(org.staff)))
    client = Client()
    response = _log_in(client, org.staff.staff_no, password)
    assert response.redirect_chain[-1][0] == CHANGE_URL
    assert "您的密码由政工科设置，请先修改密码再使用系统。" in response.content.decode()
    for url in ("/", "/attendance/clock/", "/people/", "/accounts/2fa/"):
        assert client.get(url)["Location"] == CHANGE_URL
    assert client.get(CHANGE_URL).status_code == 200
    response = client.post(
        CHANGE_URL,
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    org.staff.refresh_from_db()
    assert not org.staff.must_change_password
    record = org.staff.history.first()
    assert (record.history_user, record.history_change_reason) == (org.staff.user, "本人修改密码")


def test_the_new_password_must_differ_from_the_handed_out_one(org):
    password = shown_password(login(org.personnel).post(reset_url(org.staff)))
    client = Client()
    _log_in(client, org.staff.staff_no, password)
    response = client.post(
        CHANGE_URL, {"oldpassword": password, "password1": password, "password2": password}
    )
    assert "新密码不能与当前密码相同。" in response.content.decode()
    org.staff.refresh_from_db()
    assert org.staff.must_change_password


def test_a_flagged_person_may_still_log_out(org):
    org.staff.must_change_password = True
    org.staff.save()
    client = login(org.staff)
    assert client.get("/accounts/logout/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_imported_account_must_change_its_password_at_first_login(org, roster_file):
    rows = [["2001", "孙丽", "综合科", "科员", None, None, None, "在岗"]]
    result = roster_import(
        file=roster_file(rows),
        viewer=viewer_for(org.personnel.user),
        acting_user=org.personnel.user,
    )
    person, password = result.added[0]
    assert Staff.objects.get(pk=person.pk).must_change_password
    client = Client()
    response = _log_in(client, "2001", password)
    assert response.redirect_chain[-1][0] == CHANGE_URL
    assert client.get("/")["Location"] == CHANGE_URL


def test_staff_create_flags_a_generated_password_only(org):
    generated, _ = staff_create(staff_no="3001", name="林一", section=org.section, acting_user=None)
    chosen, _ = staff_create(
        staff_no="3002", name="林二", section=org.section, password=PASSWORD, acting_user=None
    )
    assert generated.must_change_password
    assert not chosen.must_change_password
