"""花名册导入: a preview (new, changed before → after, unchanged) that 政工科 confirms before
anything is written; the file waits privately and only the same session's token confirms it."""

import pytest

from office.models import Staff
from office.org import viewer_for
from office.roster_preview import PENDING_DIR, roster_preview
from tests.conftest import login
from tests.office.conftest import xlsx_bytes
from tests.office.test_roster_views import CONFIRM_URL, IMPORT_URL, confirm, token_of


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def moved(org):
    """刘职员 renamed and moved to 行政科, plus one new person."""
    return [
        [org.staff.staff_no, "张三", "行政科", "科员", "2015-07-01", "2015-07-01", "", "离职"],
        ["2001", "孙丽", "综合科", "科员", "2010-07-01", None, None, None],
    ]


def test_the_preview_shows_each_change_before_and_after_and_writes_nothing(org, roster_file):
    client = login(org.personnel)
    history = Staff.history.count()
    page = client.post(IMPORT_URL, {"file": roster_file(moved(org))}).content.decode()
    assert (
        "将新增 <strong>1</strong> 人，更新 <strong>1</strong> 人，未变化 <strong>0</strong> 人"
        in page
    )
    for label, before, after in [
        ("姓名", "刘职员", "张三"),
        ("科室", "综合科", "行政科"),
        ("状态", "在岗", "离职"),
    ]:
        assert (
            f'<span class="text-secondary">{label}：</span><del class="text-danger">{before}</del>'
            f' → <strong class="text-success">{after}</strong>'
        ) in page
    assert "孙丽" in page
    org.staff.refresh_from_db()
    assert org.staff.name == "刘职员" and org.staff.section == org.section
    assert not Staff.objects.filter(staff_no="2001").exists()
    assert Staff.history.count() == history


def test_confirming_imports_and_forgets_the_file(org, roster_file, media):
    client = login(org.personnel)
    preview = client.post(IMPORT_URL, {"file": roster_file(moved(org))})
    stored = media / PENDING_DIR / f"{org.personnel.user.pk}.xlsx"
    assert stored.exists() and oct(stored.stat().st_mode & 0o777) == "0o600"
    result = confirm(client, preview)
    assert "新增 <strong>1</strong> 人，更新 <strong>1</strong> 人" in result.content.decode()
    assert "no-store" in result["Cache-Control"]
    org.staff.refresh_from_db()
    assert (org.staff.name, org.staff.status) == ("张三", Staff.Status.LEFT)
    assert not stored.exists()
    # The same token again does nothing: the passwords were shown once.
    again = confirm(client, preview)
    assert again.status_code == 302 and again.url == IMPORT_URL


def test_an_older_tabs_token_is_refused_and_the_newer_upload_stays(org, roster_file):
    client = login(org.personnel)
    older = client.post(IMPORT_URL, {"file": roster_file(moved(org))})
    newer = client.post(
        IMPORT_URL, {"file": roster_file([["2002", "钱明", "综合科", "", None, None, None, None]])}
    )
    response = confirm(client, older)
    assert response.status_code == 302
    assert "这份预览已失效" in client.get(IMPORT_URL).content.decode()
    assert not Staff.objects.filter(staff_no__in=["2001", "2002"]).exists()
    confirm(client, newer)
    assert Staff.objects.filter(staff_no="2002").exists()
    assert not Staff.objects.filter(staff_no="2001").exists()


def test_another_users_token_is_refused(org, roster_file):
    preview = login(org.personnel).post(IMPORT_URL, {"file": roster_file(moved(org))})
    response = login(org.admin).post(CONFIRM_URL, {"token": token_of(preview)})
    assert response.status_code == 302
    assert not Staff.objects.filter(staff_no="2001").exists()


def test_a_file_changed_while_waiting_is_refused(org, roster_file, media):
    client = login(org.personnel)
    preview = client.post(IMPORT_URL, {"file": roster_file(moved(org))})
    stored = media / PENDING_DIR / f"{org.personnel.user.pk}.xlsx"
    stored.write_bytes(xlsx_bytes([["2009", "冒名", "综合科", "", None, None, None, None]]))
    assert confirm(client, preview).status_code == 302
    assert not Staff.objects.filter(staff_no__in=["2001", "2009"]).exists()


def test_cancel_removes_the_file_and_writes_nothing(org, roster_file, media):
    client = login(org.personnel)
    preview = client.post(IMPORT_URL, {"file": roster_file(moved(org))})
    response = client.post(CONFIRM_URL, {"token": token_of(preview), "cancel": "1"})
    assert response.status_code == 302
    assert not any((media / PENDING_DIR).iterdir())
    assert confirm(client, preview).status_code == 302
    assert not Staff.objects.filter(staff_no="2001").exists()


def test_a_roster_changed_since_the_preview_is_previewed_again(org, roster_file):
    client = login(org.personnel)
    preview = client.post(IMPORT_URL, {"file": roster_file(moved(org))})
    org.staff.name = "刘新名"
    org.staff.save()
    page = confirm(client, preview).content.decode()
    assert "预览之后名册已有变化" in page
    assert '<del class="text-danger">刘新名</del>' in page
    org.staff.refresh_from_db()
    assert org.staff.name == "刘新名"
    confirm(client, type("R", (), {"content": page.encode()}))
    org.staff.refresh_from_db()
    assert org.staff.name == "张三"


@pytest.mark.parametrize("who", ["staff", "chief", "deputy", "director", "inspector"])
def test_other_roles_may_not_confirm(org, who):
    assert login(getattr(org, who)).post(CONFIRM_URL, {"token": "x"}).status_code == 403


def test_confirm_refuses_get(org):
    assert login(org.personnel).get(CONFIRM_URL).status_code == 405


@pytest.mark.parametrize("count", [10, 60])
def test_the_preview_takes_three_queries_whatever_the_size(org, django_assert_num_queries, count):
    rows = [[str(5000 + i), f"职工{i}", "综合科", "", None, None, None, None] for i in range(count)]
    rows.append([org.staff.staff_no, "刘职员", "行政科", "", None, None, None, None])
    viewer = viewer_for(org.personnel.user)  # built by the page already
    # 1 sections, 2 people already on file with their sections, 3 logins already taken
    with django_assert_num_queries(3):
        preview = roster_preview(data=xlsx_bytes(rows), viewer=viewer)
    assert (len(preview.added), len(preview.changed)) == (count, 1)
