"""Repair day counts stored wider than their column.

Before dates were bounded (issue 10), a 事假 from 0001-01-01 to 9999-12-31 stored ~2.6 million
days in a DECIMAL(5, 1). SQLite keeps such a value, and reading it back raises
``decimal.InvalidOperation``, so every page listing the row failed (PostgreSQL refused the
insert instead, so there nothing is to repair). The value is clamped to the largest the column
holds: the row reads again, and its approver can reject it or its applicant withdraw it.
"""

from decimal import Decimal

from django.db import migrations

# (model, decimal fields) whose values could outgrow their column.
COLUMNS = {
    "LeaveRequest": ["days", "days_used"],
    "HistoricalLeaveRequest": ["days", "days_used"],
    "LeaveBalance": ["base", "adjusted", "used"],
    "HistoricalLeaveBalance": ["base", "adjusted", "used"],
    "BalanceAdjustment": ["days"],
    "HistoricalBalanceAdjustment": ["days"],
}


def clamp_overwide(apps, schema_editor) -> None:
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model_name, field_names in COLUMNS.items():
            model = apps.get_model("leave", model_name)
            for name in field_names:
                field = model._meta.get_field(name)
                largest = Decimal(10) ** (field.max_digits - field.decimal_places) - (
                    Decimal(10) ** -field.decimal_places
                )
                table, column = quote(model._meta.db_table), quote(field.column)
                for sign, op in ((1, ">"), (-1, "<")):
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE {column} {op} %s",
                        [sign * largest, sign * largest],
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("leave", "0005_balance_precision"),
    ]

    operations = [migrations.RunPython(clamp_overwide, migrations.RunPython.noop)]
