import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")

app = Celery("office")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py; and office's tasks that live next to their service.
app.autodiscover_tasks()
app.autodiscover_tasks(["office"], related_name="notifications")
app.autodiscover_tasks(["office"], related_name="reports")
app.autodiscover_tasks(["office"], related_name="assignment_sweep")
