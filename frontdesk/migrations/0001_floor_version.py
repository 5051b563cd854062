"""The floor version table and the triggers that bump it (see frontdesk/models.py).

PostgreSQL: one deferred constraint trigger per table, run at commit. SQLite (local use):
plain AFTER triggers; SQLite writes one transaction at a time, so there is no lock order to
keep. The table list is copied here, as migrations must not depend on code that changes.
"""
from django.db import migrations, models

FLOOR_TABLES = {
    "floorplan_venue": ("id", None),
    "floorplan_area": ("venue_id", None),
    "floorplan_table": ("venue_id", None),
    "floorplan_table_waiters": ("table_id", "floorplan_table"),
    "floorplan_waiter": ("venue_id", None),
    "bookings_reservation": ("venue_id", None),
    "bookings_reservation_tables": ("reservation_id", "bookings_reservation"),
    "bookings_party": ("venue_id", None),
    "bookings_partytable": ("party_id", "bookings_party"),
    "orders_order": ("venue_id", None),
}

# Inserting through the venue table skips venues deleted in the same transaction.
# (`%%I`: the percent sign doubled, as Django passes the SQL through the driver's formatting.)
POSTGRES_FUNCTION = """
CREATE FUNCTION frontdesk_floor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
    venue bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := to_jsonb(OLD); ELSE changed := to_jsonb(NEW); END IF;
    venue := (changed ->> TG_ARGV[0])::bigint;
    IF TG_NARGS > 1 THEN
        EXECUTE format('SELECT venue_id FROM %%I WHERE id = $1', TG_ARGV[1]) INTO venue USING venue;
    END IF;
    INSERT INTO frontdesk_floorversion (venue_id, version)
        SELECT id, 1 FROM floorplan_venue WHERE id = venue
        ON CONFLICT (venue_id) DO UPDATE SET version = frontdesk_floorversion.version + 1;
    RETURN NULL;
END $$;
"""


def _postgres_trigger(table: str, column: str, parent: str | None) -> str:
    arguments = ", ".join(f"'{name}'" for name in (column, parent) if name)
    return (
        f"CREATE CONSTRAINT TRIGGER floor_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION frontdesk_floor_changed({arguments});"
    )


def _sqlite_triggers(table: str, column: str, parent: str | None) -> list[str]:
    statements = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        venue = f"{row}.{column}" if parent is None else f"(SELECT venue_id FROM {parent} WHERE id = {row}.{column})"
        statements.append(
            f"CREATE TRIGGER floor_changed_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
            f"INSERT INTO frontdesk_floorversion (venue_id, version) SELECT id, 1 FROM floorplan_venue WHERE id = {venue} "
            f"ON CONFLICT (venue_id) DO UPDATE SET version = version + 1; END;"
        )
    return statements


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table, (column, parent) in FLOOR_TABLES.items():
            schema_editor.execute(_postgres_trigger(table, column, parent))
    elif vendor == "sqlite":
        for table, (column, parent) in FLOOR_TABLES.items():
            for statement in _sqlite_triggers(table, column, parent):
                schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in FLOOR_TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS floor_changed ON {table};")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS floor_changed_{table}_{event};")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS frontdesk_floor_changed();")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("floorplan", "0001_initial"),
        ("bookings", "0003_move_change_records_to_kernel"),
        ("orders", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="FloorVersion",
            fields=[
                (
                    "venue",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="floor_version",
                        serialize=False,
                        to="floorplan.venue",
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
