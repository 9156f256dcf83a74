"""站内通知: written after commit (once per person, however often delivery is retried), counted
on the bell, marked read."""

import uuid

from django.utils import timezone

from office.models import Notification
from office.notifications import notify
from tests.conftest import login

BLANK = {"body": "", "url": ""}


def test_notify_writes_rows_only_after_commit(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            user_ids=[org.staff.user_id, org.chief.user_id, None],
            title="请假已批准",
            acting_user=None,
        )
        assert not Notification.objects.exists()
    assert len(callbacks) == 1
    assert set(Notification.objects.values_list("recipient_id", "title")) == {
        (org.staff.user_id, "请假已批准"),
        (org.chief.user_id, "请假已批准"),
    }


def test_notify_with_nobody_does_nothing(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(user_ids=[], title="无人", acting_user=None)
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


def test_a_retried_delivery_writes_each_persons_notification_once(org, settings, monkeypatch):
    from office import notifications

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    org.staff.user.email = "liu@example.org"
    org.staff.user.save()
    sent = []

    def send_once_then_work(messages, fail_silently):
        sent.append([address for message in messages for address in message[3]])
        if len(sent) == 1:
            raise RuntimeError("after the rows were written")  # autoretry_for=(Exception,)

    monkeypatch.setattr(notifications, "send_mass_mail", send_once_then_work)
    ids = [org.staff.user_id, org.chief.user_id]
    # throw=False: Celery then retries in-process, as a worker would.
    result = notifications.deliver_notifications.apply(
        kwargs={"batch": str(uuid.uuid4()), "user_ids": ids, "title": "请假已批准"} | BLANK,
        throw=False,
    )
    assert result.successful() and result.get() == 0  # the retry wrote nothing new
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(ids)
    # The retry found the rows written: nobody is notified, nor e-mailed, twice.
    assert sent == [["liu@example.org"]]


def test_the_same_batch_delivered_twice_is_written_once(org):
    from office.notifications import deliver_notifications

    kwargs = {"batch": str(uuid.uuid4()), "user_ids": [org.staff.user_id], "title": "一"} | BLANK
    assert deliver_notifications.apply(kwargs=kwargs).get() == 1
    assert deliver_notifications.apply(kwargs=kwargs).get() == 0  # a redelivered message
    assert Notification.objects.count() == 1


def test_a_message_queued_before_batches_is_still_delivered(org):
    from office.notifications import deliver_notifications

    kwargs = {"user_ids": [org.staff.user_id], "title": "旧消息"} | BLANK
    assert deliver_notifications.apply(kwargs=kwargs).get() == 1
    assert Notification.objects.get().title == "旧消息"


def test_opening_the_list_writes_nothing_but_offers_the_shown_ones(org, django_assert_num_queries):
    send(org, "一", "二")
    client = login(org.staff)
    client.get("/")  # the session and user are loaded before counting
    # session, user; page count, page rows; the viewer (staff, groups, sections), the bell's
    # unread count, the inbox count; the same with 30 rows as with 2
    with django_assert_num_queries(9):
        page = client.get("/notifications/").content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 2  # a GET never writes
    ids = sorted(Notification.objects.values_list("pk", flat=True))
    form = page.split("data-mark-shown>")[1].split("</form>")[0]
    assert [f'name="id" value="{pk}"' in form for pk in ids] == [True, True]
    assert "本页有 2 条新通知" in form


def test_marking_the_shown_ones_answers_the_new_count(org):
    send(org, "一", "二", "三")
    shown = list(Notification.objects.order_by("pk").values_list("pk", flat=True)[:2])
    response = login(org.staff).post(
        "/notifications/read/",
        {"shown": "1", "id": shown},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {"unread": 1}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_shown_with_no_ids_marks_nothing(org):
    send(org, "一")
    login(org.staff).post("/notifications/read/", {"shown": "1"})
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_a_page_with_nothing_new_offers_no_marking(org):
    send(org, "一")
    Notification.objects.update(read_at=timezone.now())
    page = login(org.staff).get("/notifications/").content.decode()
    assert "data-mark-shown" not in page and "全部已读" not in page
