"""A second number beside the floor's version: the version of what the floor shows of the
venue's reservations (the list beside the plan, each table's next booking), which changes
with the reservations, their tables, the parties seated from them, the tables' names and the
venue's time zone, and not with an order, a payment or a walk-in. The floor renders its
reservations again only when it changes (see frontdesk/models.py).

The same triggers keep both numbers: on the tables listed here, they now bump this one too
(a party's row only when it was seated from a reservation). The table list is copied here,
as migrations must not depend on code that changes.
"""
import importlib

from django.db import migrations, models

_first = importlib.import_module("frontdesk.migrations.0001_floor_version")
_venue_goes = importlib.import_module("frontdesk.migrations.0003_sqlite_floor_version_goes_with_its_venue")

# Table: (the column leading to the venue, the table it names or None, and "always" or the
# column that must be set for a row's change to count).
RESERVATIONS_TABLES = {
    "floorplan_venue": ("id", None, "always"),
    "floorplan_table": ("venue_id", None, "always"),
    "bookings_reservation": ("venue_id", None, "always"),
    "bookings_reservation_tables": ("reservation_id", "bookings_reservation", "always"),
    "bookings_party": ("venue_id", None, "reservation_id"),
}

# The function of 0001, with a third argument: when given, the reservations' version is
# bumped too ("always", or when the named column is set in the row before or after).
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION frontdesk_floor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
    venue bigint;
    listed bigint := 0;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := to_jsonb(OLD); ELSE changed := to_jsonb(NEW); END IF;
    venue := (changed ->> TG_ARGV[0])::bigint;
    IF TG_NARGS > 1 AND TG_ARGV[1] <> '' THEN
        EXECUTE format('SELECT venue_id FROM %%I WHERE id = $1', TG_ARGV[1]) INTO venue USING venue;
    END IF;
    IF TG_NARGS > 2 AND (
        TG_ARGV[2] = 'always' OR changed ->> TG_ARGV[2] IS NOT NULL
        OR (TG_OP = 'UPDATE' AND to_jsonb(OLD) ->> TG_ARGV[2] IS NOT NULL)
    ) THEN
        listed := 1;
    END IF;
    INSERT INTO frontdesk_floorversion (venue_id, version, reservations_version)
        SELECT id, 1, listed FROM floorplan_venue WHERE id = venue
        ON CONFLICT (venue_id) DO UPDATE SET
            version = frontdesk_floorversion.version + 1,
            reservations_version = frontdesk_floorversion.reservations_version + EXCLUDED.reservations_version;
    RETURN NULL;
END $$;
"""

# 0001's function, for going back: it names no reservations' version.
POSTGRES_FUNCTION_BEFORE = _first.POSTGRES_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


def _postgres_trigger(table: str, column: str, parent: str | None, when: str) -> str:
    arguments = ", ".join(f"'{name}'" for name in (column, parent or "", when))
    return (
        f"CREATE CONSTRAINT TRIGGER floor_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION frontdesk_floor_changed({arguments});"
    )


def _sqlite_listed(event: str, when: str) -> str:
    """Whether a row's change counts for the reservations: 1 or 0, in SQLite's SQL."""
    if when == "always":
        return "1"
    rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}[event]
    return "(" + " OR ".join(f"{row}.{when} IS NOT NULL" for row in rows) + ")"


def _sqlite_triggers(table: str, column: str, parent: str | None, when: str) -> list[str]:
    statements = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        if (table, event) == ("floorplan_venue", "DELETE"):
            continue  # a venue's delete removes its versions (0003)
        venue = f"{row}.{column}" if parent is None else f"(SELECT venue_id FROM {parent} WHERE id = {row}.{column})"
        statements.append(
            f"CREATE TRIGGER floor_changed_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
            f"INSERT INTO frontdesk_floorversion (venue_id, version, reservations_version) "
            f"SELECT id, 1, {_sqlite_listed(event, when)} FROM floorplan_venue WHERE id = {venue} "
            f"ON CONFLICT (venue_id) DO UPDATE SET version = version + 1, "
            f"reservations_version = reservations_version + excluded.reservations_version; END;"
        )
    return statements


def _drop_sqlite_triggers(schema_editor, table: str) -> None:
    for event in ("insert", "update") if table == "floorplan_venue" else ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS floor_changed_{table}_{event};")


def count_the_reservations_too(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
    for table, (column, parent, when) in RESERVATIONS_TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS floor_changed ON {table};")
            schema_editor.execute(_postgres_trigger(table, column, parent, when))
        elif vendor == "sqlite":
            _drop_sqlite_triggers(schema_editor, table)
            for statement in _sqlite_triggers(table, column, parent, when):
                schema_editor.execute(statement)


def count_the_floor_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, (column, parent, _) in RESERVATIONS_TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS floor_changed ON {table};")
            schema_editor.execute(_first._postgres_trigger(table, column, parent))
        elif vendor == "sqlite":
            _drop_sqlite_triggers(schema_editor, table)
            for statement in _first._sqlite_triggers(table, column, parent):
                if not statement.startswith(f"CREATE TRIGGER {_venue_goes.TRIGGER} "):
                    schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION_BEFORE)


def add_the_column(apps, schema_editor):
    """Django adds a column on SQLite by making the table again, which breaks the triggers
    that write it; SQLite adds this one in place."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "ALTER TABLE frontdesk_floorversion ADD COLUMN reservations_version bigint NOT NULL DEFAULT 0;"
        )
    else:
        model = apps.get_model("frontdesk", "FloorVersion")
        schema_editor.add_field(model, model._meta.get_field("reservations_version"))


def drop_the_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ALTER TABLE frontdesk_floorversion DROP COLUMN reservations_version;")
    else:
        model = apps.get_model("frontdesk", "FloorVersion")
        schema_editor.remove_field(model, model._meta.get_field("reservations_version"))


class Migration(migrations.Migration):
    dependencies = [("frontdesk", "0003_sqlite_floor_version_goes_with_its_venue")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="floorversion",
                    name="reservations_version",
                    field=models.BigIntegerField(db_default=0),  # 0001's triggers on SQLite do not name it
                ),
            ],
        ),
        migrations.RunPython(add_the_column, drop_the_column),
        migrations.RunPython(count_the_reservations_too, count_the_floor_only),
    ]
