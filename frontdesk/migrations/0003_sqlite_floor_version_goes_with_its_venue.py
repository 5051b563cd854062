"""SQLite only: a venue deleted takes its floor version with it. Django deletes a venue's
rows before the venue, after collecting its floor version; each of those deletes bumps the
version again (SQLite's triggers run at once, not at the commit as PostgreSQL's do), which
left a version naming a venue that no longer exists and failed the commit's foreign-key
check. The venue's own delete trigger now removes its version instead of bumping it."""
import importlib

from django.db import migrations

_first = importlib.import_module("frontdesk.migrations.0001_floor_version")

TRIGGER = "floor_changed_floorplan_venue_delete"


def remove_the_version_with_the_venue(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER};")
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER DELETE ON floorplan_venue BEGIN "
            "DELETE FROM frontdesk_floorversion WHERE venue_id = OLD.id; END;"
        )


def bump_the_version_as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER};")
        schema_editor.execute(_first._sqlite_triggers("floorplan_venue", "id", None)[2])


class Migration(migrations.Migration):
    dependencies = [("frontdesk", "0002_floor_version_decor")]

    operations = [migrations.RunPython(remove_the_version_with_the_venue, bump_the_version_as_before)]
