from django.db import models
from simple_history.models import HistoricalRecords

from office.audit import history_user


class Category(models.Model):
    """One of the campaign's 4 areas (工作纪律, 作风效能, 形象修养, "三公"消费)."""

    code = models.CharField("编号", max_length=4, unique=True)
    name = models.CharField("类别名称", max_length=30, unique=True)
    order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "检查类别"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One of the 31 具体问题; findings and self-inspections point at it. Wording is data."""

    category = models.ForeignKey(
        Category, verbose_name="类别", on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField("编号", max_length=8, unique=True, help_text="例如 1-01")
    text = models.CharField("问题表述", max_length=120)
    order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = verbose_name_plural = "检查项目"
        ordering = ["category__order", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"
