"""A study task handed out by 政工科, for the 学习任务 tests."""

from __future__ import annotations

import datetime as dt

from office.models import Staff
from reading.models import StudyTask
from reading.services.study import study_create

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# Monday 7 December 2026, 09:00.
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)


def study_task(
    by: Staff,
    people: list[Staff] = (),
    sections: list = (),
    *,
    due_in: dt.timedelta = dt.timedelta(days=3),
    **fields: object,
) -> StudyTask:
    values = {
        "title": "学习全市作风整顿动员会议精神",
        "form": StudyTask.Form.TEXT,
        "body": "认真学习主任讲话，对照检查。",
        "due_at": NOW + due_in,
        "staff_ids": [p.pk for p in people],
        "section_ids": [s.pk for s in sections],
        **fields,
    }
    return study_create(acting_user=by.user, **values)
