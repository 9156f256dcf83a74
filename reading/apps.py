import datetime as dt

from django.apps import AppConfig


class ReadingConfig(AppConfig):
    name = "reading"
    verbose_name = "学习与阅知"

    def ready(self) -> None:
        """Each kind registers itself with office's assignment mechanism (office.assignments)."""
        from django.urls import reverse

        from office.assignments import AssignmentKind, register_assignment_kind
        from office.reports import register_report
        from reading.exports import StudyLedger
        from reading.models.study import KIND as STUDY
        from reading.services.circulars import CIRCULAR
        from reading.services.study import study_assign_refusal

        register_assignment_kind(
            AssignmentKind(
                slug=STUDY,
                label="学习任务",
                done_label="已学",
                needs_accept=False,
                needs_confirm=False,
                # A day ahead: time to read the material or make the meeting.
                remind_before=dt.timedelta(days=1),
                url=lambda assignment: reverse("reading:study_detail", args=[assignment.pk]),
                assign_refusal=study_assign_refusal,
                queue_url=lambda: reverse("reading:study_mine"),
                sent_url=lambda: reverse("reading:study_sent"),
            )
        )
        register_report(StudyLedger())
        register_assignment_kind(CIRCULAR)
