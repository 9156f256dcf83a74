from inspections.models import Category, Item
from tests.conftest import login


def test_migration_ships_four_categories_and_thirty_one_items(db):
    assert list(Category.objects.values_list("name", flat=True)) == [
        "工作纪律",
        "作风效能",
        "形象修养",
        "“三公”消费",
    ]
    assert Item.objects.count() == 31
    assert Item.objects.filter(code="1-01", text="上班缺岗").exists()
    assert Item.objects.filter(text="私车公养", category__name="“三公”消费").exists()


def test_item_codes_follow_category_and_order(db):
    for item in Item.objects.select_related("category"):
        assert item.code == f"{item.category.code}-{item.order:02d}"


def test_everyone_reads_the_checklist(org):
    response = login(org.staff).get("/inspections/checklist/")
    assert response.status_code == 200
    assert "通过网络、微信私自转发内部文件" in response.content.decode()


def test_inspector_edits_an_items_wording(org):
    item = Item.objects.get(code="1-06")
    response = login(org.inspector).post(
        f"/inspections/checklist/{item.pk}/",
        {
            "category": item.category_id,
            "code": "1-06",
            "text": "未到下班时间提前就餐",
            "order": 6,
            "active": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "未到下班时间提前就餐"
    # The change is on record with who made it (the migration's rows predate the history).
    assert item.history.get().history_user == org.inspector.user


def test_staff_may_not_edit_the_checklist(org):
    item = Item.objects.get(code="1-06")
    assert login(org.staff).get(f"/inspections/checklist/{item.pk}/").status_code == 403
    assert login(org.personnel).post("/inspections/checklist/new/", {}).status_code == 403


def test_checklist_rejects_wrong_method(org):
    assert login(org.staff).post("/inspections/checklist/").status_code == 405
