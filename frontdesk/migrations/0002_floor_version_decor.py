"""The floor now draws each area's decor (walls, bar counter, labels): its rows bump the
floor's version too. Areas' sizes and tables' retirement are columns of tables that
already have their triggers."""
import importlib

from django.db import migrations

FLOOR_TABLES = {"floorplan_decor": ("area_id", "floorplan_area")}

_first = importlib.import_module("frontdesk.migrations.0001_floor_version")


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, (column, parent) in FLOOR_TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(_first._postgres_trigger(table, column, parent))
        elif vendor == "sqlite":
            for statement in _first._sqlite_triggers(table, column, parent):
                schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in FLOOR_TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS floor_changed ON {table};")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS floor_changed_{table}_{event};")


class Migration(migrations.Migration):
    dependencies = [
        ("frontdesk", "0001_floor_version"),
        ("floorplan", "0002_plan_size_decor_retired"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
