"""站内通知: written after commit, counted on the bell, marked read."""

from office.models import Notification
from office.notifications import notify
from tests.conftest import login


def test_notify_writes_rows_only_after_commit(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(user_ids=[org.staff.user_id, org.chief.user_id, None], title="请假已批准")
        assert not Notification.objects.exists()
    assert len(callbacks) == 1
    assert set(Notification.objects.values_list("recipient_id", "title")) == {
        (org.staff.user_id, "请假已批准"),
        (org.chief.user_id, "请假已批准"),
    }


def test_notify_with_nobody_does_nothing(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(user_ids=[], title="无人")
    assert callbacks == []


def send(org, *titles):
    for title in titles:
        Notification.objects.create(recipient=org.staff.user, title=title)


def test_the_bell_shows_the_unread_count(org):
    send(org, "一", "二", "三")
    page = login(org.staff).get("/").content.decode()
    assert 'bg-danger">3</span>' in page
    assert 'bg-danger">3</span>' not in login(org.chief).get("/").content.decode()


def test_the_list_shows_only_my_notifications(org):
    send(org, "给刘职员的通知")
    Notification.objects.create(recipient=org.chief.user, title="给张科长的通知")
    page = login(org.staff).get("/notifications/").content.decode()
    assert "给刘职员的通知" in page and "给张科长的通知" not in page


def test_mark_all_read_clears_the_bell(org):
    send(org, "一", "二")
    client = login(org.staff)
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert 'bg-danger">' not in client.get("/").content.decode()


def test_marking_someone_elses_notification_does_nothing(org):
    other = Notification.objects.create(recipient=org.chief.user, title="别人的")
    login(org.staff).post("/notifications/read/", {"id": [other.pk]})
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_read_refuses_get(org):
    assert login(org.staff).get("/notifications/read/").status_code == 405


def test_mark_read_never_redirects_off_site(org):
    response = login(org.staff).post("/notifications/read/", {"next": "//evil.example/"})
    assert response["Location"] == "/notifications/"
