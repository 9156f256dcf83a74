"""Starting Celery tasks from web code.

Tasks are started only after the transaction commits (so the worker sees the rows), and if the
broker is down the task runs in-process instead: the web keeps working without Redis.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction

log = logging.getLogger(__name__)


def enqueue(task: Task, **kwargs: Any) -> None:
    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except Exception:  # the broker's errors vary by transport; any means "not queued"
            log.warning("消息队列不可用，任务 %s 改为当场执行", task.name, exc_info=True)
            task.apply(kwargs=kwargs)

    transaction.on_commit(send)
