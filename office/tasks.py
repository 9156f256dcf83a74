import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail

from office.notifications import notifications_create

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def deliver_notifications(*, user_ids: list[int], title: str, body: str, url: str) -> int:
    count = notifications_create(user_ids=user_ids, title=title, body=body, url=url)
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        emails = get_user_model().objects.filter(pk__in=user_ids).exclude(email="")
        messages = [
            (title, f"{body}\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [email])
            for email in emails.values_list("email", flat=True)
        ]
        try:
            send_mass_mail(messages, fail_silently=False)
        except OSError:
            # E-mail is an optional extra; the in-app notification is already stored.
            log.warning("通知邮件发送失败：%s", title, exc_info=True)
    return count
