from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from office.audit import history_user
from office.models import Unit


class WeeklyNotice(models.Model):
    """周通报 of one ISO week. Compiled into a draft, edited, then published and frozen.

    ``data`` holds the compiled tables as JSON so a published notice never changes when the
    findings behind it do; the prose fields are what 督导小组 writes around them. Each unit has
    its own series (one notice a week, numbered from 1 each year); ``unit`` empty is the city
    notice of 市级督查, a series of its own.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
        help_text="留空为市级通报",
    )
    year = models.PositiveIntegerField("年（ISO）")
    week = models.PositiveSmallIntegerField("周（ISO）")
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.DRAFT)
    number_year = models.PositiveIntegerField("期号年份", null=True, blank=True)
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    title = models.CharField("标题", max_length=100)
    intro = models.TextField("导语", max_length=2000, blank=True)
    remarks = models.TextField("工作要求", max_length=2000, blank=True)
    cc = models.CharField("抄送", max_length=200, blank=True)
    issuer = models.CharField("印发机关", max_length=60, blank=True)
    data = models.JSONField("汇总数据", default=dict)
    compiled_at = models.DateTimeField("汇总时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "周通报"
        ordering = ["-year", "-week"]
        # NULL is never equal to NULL in a unique index, so the city series has its own pair.
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "week"],
                condition=models.Q(unit__isnull=False),
                name="inspections_one_notice_per_unit_week",
            ),
            models.UniqueConstraint(
                fields=["unit", "number_year", "number"],
                condition=models.Q(unit__isnull=False),
                name="inspections_unique_unit_notice_number",
            ),
            models.UniqueConstraint(
                fields=["year", "week"],
                condition=models.Q(unit__isnull=True),
                name="inspections_one_city_notice_per_week",
            ),
            models.UniqueConstraint(
                fields=["number_year", "number"],
                condition=models.Q(unit__isnull=True),
                name="inspections_unique_city_notice_number",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:notice_detail", args=[self.pk])

    @property
    def is_city(self) -> bool:
        return self.unit_id is None

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def number_text(self) -> str:
        if self.number is None:
            return "（未编号）"
        return f"督导通报〔{self.number_year}〕第{self.number}期"
