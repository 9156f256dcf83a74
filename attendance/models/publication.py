"""考勤公示: a unit's month of attendance, published by 政工科 for its people to read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class AttendancePublication(models.Model):
    """That a month's summary is published, by whom and when. The table itself is read live
    from the stored days (``attendance.selectors.publication_rows``): the days of a month that
    has ended change only through an approved 补卡 or a correction, which the table should then
    show, and once 考勤封帐 closes the month they no longer change at all."""

    unit = models.ForeignKey(
        "office.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("月份", help_text="该月1日")
    published_at = models.DateTimeField("公示时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公示人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "考勤公示"
        ordering = ["-month", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="attendance_published_once"),
        ]

    def __str__(self) -> str:
        return f"{self.month.year}年{self.month.month}月考勤公示"

    def get_absolute_url(self) -> str:
        return reverse("attendance:publication", args=[self.pk])
