from django.db import migrations


def load_checklist(apps, schema_editor):
    from inspections.checklist_seed import CHECKLIST

    Category = apps.get_model("inspections", "Category")
    Item = apps.get_model("inspections", "Item")
    for order, (code, name, items) in enumerate(CHECKLIST, start=1):
        category, _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
        for index, text in enumerate(items, start=1):
            Item.objects.get_or_create(
                code=f"{code}-{index:02d}",
                defaults={"category": category, "text": text, "order": index},
            )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load_checklist, migrations.RunPython.noop)]
