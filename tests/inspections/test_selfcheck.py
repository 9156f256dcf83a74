"""自查自纠: drafts, submit, read-only after; completion for chiefs; reminders once."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from inspections.dates import SHANGHAI
from inspections.errors import InspectionError
from inspections.models import Item, SelfInspectionReport
from inspections.services.selfcheck import campaign_create, report_save, self_inspection_remind
from office import config
from office.models import ExportFile, Job, Staff
from office.services import staff_set_status
from tests.conftest import login
from tests.factories import StaffFactory

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def campaign(org):
    return campaign_create(
        title="2026年工作纪律作风自查自纠",
        intro="对照31项具体问题开展自查。",
        deadline=dt.date(2026, 11, 30),
        acting_user=org.inspector.user,
    )


def _save(org, campaign, *, submit, report="本人存在上班时间玩手机的情况。"):
    return report_save(
        campaign=campaign,
        staff=org.staff,
        items=Item.objects.filter(code="1-07"),
        report=report,
        submit=submit,
        acting_user=org.staff.user,
    )


def test_draft_then_submit_then_read_only(org, campaign):
    draft = _save(org, campaign, submit=False)
    assert draft.status == "draft"
    submitted = _save(org, campaign, submit=True)
    assert submitted.status == "submitted" and submitted.submitted_at is not None
    assert [i.code for i in submitted.items.all()] == ["1-07"]
    with pytest.raises(InspectionError, match="不能再修改"):
        _save(org, campaign, submit=False, report="改写")


def test_submit_needs_a_report(org, campaign):
    with pytest.raises(InspectionError, match="请撰写自查报告"):
        _save(org, campaign, submit=True, report="  ")


def test_nobody_writes_someone_elses_report(org, campaign):
    with pytest.raises(InspectionError, match="本人"):
        report_save(
            campaign=campaign,
            staff=org.staff,
            items=[],
            report="x",
            submit=False,
            acting_user=org.chief.user,
        )


def test_campaign_creation_needs_a_future_deadline(org):
    with pytest.raises(InspectionError, match="截止日期"):
        campaign_create(
            title="x",
            intro="",
            deadline=TODAY - dt.timedelta(days=1),
            acting_user=org.inspector.user,
        )


def test_staff_fills_the_report_through_the_page(org, campaign):
    client = login(org.staff)
    item = Item.objects.get(code="1-04")
    client.post(
        f"/inspections/campaigns/{campaign.pk}/",
        {"items": [item.pk], "report": "偶有迟到", "save": "1"},
    )
    page = client.get(f"/inspections/campaigns/{campaign.pk}/").content.decode()
    assert f'value="{item.pk}" id="item-{item.pk}" checked' in page
    client.post(
        f"/inspections/campaigns/{campaign.pk}/",
        {"items": [item.pk], "report": "偶有迟到", "submit": "1"},
    )
    page = client.get(f"/inspections/campaigns/{campaign.pk}/").content.decode()
    assert "内容不能再修改" in page and "<textarea" not in page


def test_chief_sees_own_section_completion_only(org, campaign):
    _save(org, campaign, submit=True)
    page = (
        login(org.chief).get(f"/inspections/campaigns/{campaign.pk}/completion/").content.decode()
    )
    assert "刘职员" in page and "张科长" in page and "杨职员" not in page
    assert "应交 2 人，已提交 1 人" in page


def test_inspector_and_director_see_everyone(org, campaign):
    active = Staff.objects.filter(status="active").count()
    for who in ("inspector", "director"):
        page = login(getattr(org, who)).get(f"/inspections/campaigns/{campaign.pk}/completion/")
        assert f"应交 {active} 人，已提交 0 人" in page.content.decode()


def test_pending_filter_lists_who_has_not_submitted(org, campaign):
    _save(org, campaign, submit=True)
    page = login(org.chief).get(f"/inspections/campaigns/{campaign.pk}/completion/?pending=1")
    assert "刘职员" not in page.content.decode() and "张科长" in page.content.decode()


def test_pending_filter_lists_everyone_without_a_submitted_report(org, campaign):
    # One submitted, one draft, one with no report at all: the last is the one that went missing.
    drafting = StaffFactory(name="钱草稿", section=org.section)
    StaffFactory(name="孙未填", section=org.section)
    _save(org, campaign, submit=True)
    report_save(
        campaign=campaign,
        staff=drafting,
        items=Item.objects.none(),
        report="",
        submit=False,
        acting_user=drafting.user,
    )
    page = login(org.chief).get(f"/inspections/campaigns/{campaign.pk}/completion/?pending=1")
    names = set(re.findall(r'<td class="person-name">([^<]+)</td>', page.content.decode()))
    assert names == {"张科长", "钱草稿", "孙未填"}
    assert "应交 4 人，已提交 1 人" in page.content.decode()


def test_staff_may_not_see_completion(org, campaign):
    assert (
        login(org.staff).get(f"/inspections/campaigns/{campaign.pk}/completion/").status_code == 403
    )
    assert (
        login(org.staff).get(f"/inspections/campaigns/{campaign.pk}/completion.xlsx").status_code
        == 403
    )


def test_completion_export_lists_status_per_person(org, campaign):
    _save(org, campaign, submit=True)
    response = login(org.chief).get(f"/inspections/campaigns/{campaign.pk}/completion.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == f"{campaign.title} 完成情况"  # the title row
    assert rows[1] == ("科室", "工号", "姓名", "状态", "提交时间")
    people = {(r[2], r[3]) for r in rows[2:] if r[1]}  # the signature lines have no 工号
    assert people == {("张科长", "未填写"), ("刘职员", "已提交")}


@pytest.mark.parametrize("count", [1, 8])
def test_completion_export_query_count_does_not_grow(
    org, campaign, count, django_assert_num_queries
):
    for _ in range(count):
        StaffFactory(section=org.section)
    client = login(org.chief)
    # session; user; MFA-roles setting; viewer's staff, sections, groups; the campaign;
    # how many people (inline or a job); the campaign again (the export's run fetches its
    # subject); the people with their report status (one query with subqueries); SAVEPOINT,
    # session save, RELEASE.
    with django_assert_num_queries(13):
        assert (
            client.get(f"/inspections/campaigns/{campaign.pk}/completion.xlsx").status_code == 200
        )


def test_a_large_completion_sheet_is_written_by_a_job_started_by_a_post(
    org, campaign, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("inspections.views.campaigns.INLINE_MAX_ROWS", 1)
    url = f"/inspections/campaigns/{campaign.pk}/completion.xlsx"
    client = login(org.chief)
    assert 'method="post"' in client.get(f"/inspections/campaigns/{campaign.pk}/completion/").text
    page = client.get(url)  # a GET starts nothing: it offers the button
    assert page.status_code == 200 and "后台生成 Excel" in page.text
    assert not ExportFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    export = ExportFile.objects.get()
    assert response["Location"] == reverse("office:job", args=[export.job_id])
    assert Job.objects.get(pk=export.job_id).status == Job.Status.DONE
    assert (export.report, export.rows) == ("campaign_completion", 2)
    assert export.filename == f"{campaign.title}-完成情况.xlsx"
    download = client.get(reverse("office:export_download", args=[export.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    names = {row[2] for row in book.active.iter_rows(min_row=3, values_only=True) if row[1]}
    assert names == {"张科长", "刘职员"}
    assert login(org.staff).post(url).status_code == 403
    assert ExportFile.objects.count() == 1


def test_the_completion_sheet_is_not_offered_on_the_exports_page(org):
    assert "完成情况" not in login(org.inspector).get(reverse("office:exports")).text


def test_only_inspectors_start_campaigns(org):
    assert login(org.chief).get("/inspections/campaigns/new/").status_code == 403
    response = login(org.inspector).post(
        "/inspections/campaigns/new/", {"title": "自查", "intro": "", "deadline": "2026-12-01"}
    )
    assert response.status_code == 302


def test_campaign_pages_reject_wrong_methods(org, campaign):
    assert login(org.staff).post("/inspections/campaigns/").status_code == 405
    assert (
        login(org.chief).post(f"/inspections/campaigns/{campaign.pk}/completion/").status_code
        == 405
    )


def test_reminders_start_exactly_remind_days_before_the_deadline(org, campaign):
    # Deadline 30 November, 2 days' notice: nothing on the 27th, reminders on the 28th.
    assert config.get("self_inspection_remind_days") == 2
    assert self_inspection_remind(today=dt.date(2026, 11, 27), acting_user=None) == 0
    _save(org, campaign, submit=True)
    active = Staff.objects.filter(status="active").count()
    assert self_inspection_remind(today=dt.date(2026, 11, 28), acting_user=None) == active - 1


def test_reminders_are_sent_once_per_person(org, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = self_inspection_remind(today=dt.date(2026, 11, 29), acting_user=None)
        again = self_inspection_remind(today=dt.date(2026, 11, 30), acting_user=None)
    assert first > 0 and again == 0
    assert org.staff.user.notifications.filter(title__startswith="自查自纠将于").count() == 1


def test_no_reminders_after_the_deadline_or_for_people_who_left(org, campaign):
    assert self_inspection_remind(today=dt.date(2026, 12, 1), acting_user=None) == 0
    staff_set_status(staff=org.other_staff, status=Staff.Status.LEFT, acting_user=None)
    self_inspection_remind(today=dt.date(2026, 11, 30), acting_user=None)
    assert not campaign.reminders.filter(staff=org.other_staff).exists()
    assert not SelfInspectionReport.objects.exists()
