import datetime as dt

import factory

from inspections.dates import SHANGHAI
from inspections.models import Finding, Item


class FindingFactory(factory.django.DjangoModelFactory):
    """A confirmed finding about a person, at 10:00 on a Tuesday of ISO week 2026-W47."""

    class Meta:
        model = Finding

    staff = None
    section = factory.LazyAttribute(lambda o: o.staff.section if o.staff else None)
    item = factory.LazyFunction(lambda: Item.objects.get(code="1-07"))
    occurred_at = dt.datetime(2026, 11, 17, 10, 0, tzinfo=SHANGHAI)
    place = "三楼办公室"
    description = "工作时间玩手机游戏"
    source = Finding.Source.GROUP
    status = Finding.Status.CONFIRMED
