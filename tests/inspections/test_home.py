"""The 督导检查 card on "我的" and the navigation entries."""

import datetime as dt

from inspections.models import Finding
from inspections.services.notices import notice_compile, notice_publish
from inspections.services.selfcheck import campaign_create
from office.demo import demo_unit
from tests.conftest import login
from tests.inspections.factories import FindingFactory


def test_home_card_shows_latest_notice_open_findings_and_pending_report(org, monday):
    FindingFactory(
        staff=org.staff, status=Finding.Status.RECTIFYING, rectify_deadline=dt.date(2026, 11, 30)
    )
    notice_publish(
        notice=notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None),
        acting_user=org.inspector.user,
    )
    campaign_create(
        title="年度自查", intro="", deadline=dt.date(2026, 11, 30), acting_user=org.inspector.user
    )
    page = login(org.staff).get("/").content.decode()
    assert "督导通报〔2026〕第1期" in page
    assert "1 条未办结的督查问题" in page
    assert "自查自纠未提交" in page and "年度自查" in page
    chief_page = login(org.chief).get("/").content.decode()
    assert "1 条问题待整改反馈" in chief_page


def test_nav_shows_each_role_its_entries(org):
    staff_page = login(org.staff).get("/").content.decode()
    inspector_page = login(org.inspector).get("/").content.decode()
    assert "督导周通报" in staff_page and "登记问题" not in staff_page
    assert "登记问题" in inspector_page and "检查轮次" in inspector_page
    assert "整改反馈" in login(org.chief).get("/").content.decode()


def test_inspector_adds_an_item_to_the_checklist(org):
    from inspections.models import Category, Item

    category = Category.objects.get(code="2")
    response = login(org.inspector).post(
        "/inspections/checklist/new/",
        {
            "category": category.pk,
            "code": "2-09",
            "text": "学习热情不足，参与度不高",
            "order": 9,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Item.objects.get(code="2-09").category == category
    assert Item.objects.count() == 32
