import datetime as dt

import time_machine

from inspections.dates import SHANGHAI
from inspections.demo import seed
from inspections.models import (
    Finding,
    InspectionRound,
    SelfInspectionCampaign,
    SelfInspectionReport,
    WeeklyNotice,
)
from office.demo import seed_office

TODAY = dt.date(2026, 11, 25)


def test_demo_seeds_rounds_findings_notices_and_a_campaign_once(db):
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        seed_office(today=TODAY)
        seed(today=TODAY)
        counts = (InspectionRound.objects.count(), Finding.objects.count())
        seed(today=TODAY)
    assert counts == (InspectionRound.objects.count(), Finding.objects.count())
    assert counts[0] == 4 and counts[1] > 5
    statuses = set(Finding.objects.values_list("status", flat=True))
    assert {"confirmed", "rectifying", "closed"} <= statuses
    assert list(WeeklyNotice.objects.order_by("week").values_list("week", "status", "number")) == [
        (46, "published", 1),
        (47, "draft", None),
    ]
    campaign = SelfInspectionCampaign.objects.get()
    reports = SelfInspectionReport.objects.filter(campaign=campaign)
    assert reports.filter(status="submitted").exists() and reports.filter(status="draft").exists()
