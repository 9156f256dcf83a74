from decimal import Decimal

from django.db import migrations

# name, code, paid, min, max, certificate, balance, half days, note
TYPES = [
    ("年休假", "annual", True, None, None, False, "annual", True, "工龄满1年5天、满10年10天、满20年15天"),
    ("事假", "personal", False, None, None, False, "", True, ""),
    ("病假", "sick", True, None, None, True, "", True, "超过规定天数须上传医院证明"),
    ("婚假", "marriage", True, None, Decimal(3), False, "", False, "3天"),
    ("丧假", "bereavement", True, Decimal(1), Decimal(3), False, "", False, "1至3天"),
    ("产假", "maternity", True, Decimal(98), None, False, "", False, "98天起"),
    ("陪产假", "paternity", True, None, None, False, "", False, ""),
    ("探亲假", "home_visit", True, None, None, False, "", False, ""),
    ("调休", "comp_time", True, None, None, False, "comp_time", True, "使用核实的加班折算"),
]


def seed(apps, schema_editor):
    LeaveType = apps.get_model("leave", "LeaveType")
    for order, (name, code, paid, low, high, cert, balance, halves, note) in enumerate(TYPES):
        LeaveType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "paid": paid,
                "min_days": low,
                "max_days": high,
                "certificate_required": cert,
                "balance_kind": balance,
                "half_days": halves,
                "order": order,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("leave", "0002_leave_overtime")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
