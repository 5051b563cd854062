"""The migration giving areas a plan size keeps the floor's look: an existing area's plan
holds its tables, as the floor view drew it, and an empty area gets the default."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The floor version's triggers (frontdesk) are taken off first: SQLite remakes a table to
# alter it, which a trigger naming that table does not survive.
BEFORE = [("frontdesk", None), ("floorplan", "0001_initial")]
AFTER = [("floorplan", "0002_plan_size_decor_retired")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_existing_areas_get_a_plan_just_holding_their_tables():
    old = migrate(BEFORE)
    try:
        venue = old.get_model("floorplan", "Venue").objects.create(name="Old", slug="old")
        Area, Table = old.get_model("floorplan", "Area"), old.get_model("floorplan", "Table")
        main, empty = Area.objects.create(venue=venue, name="Main"), Area.objects.create(venue=venue, name="Empty")
        Table.objects.create(venue=venue, area=main, name="1", x=0, y=0, width=10, height=10)
        Table.objects.create(venue=venue, area=main, name="2", x=56, y=28, width=9, height=9, rotation=45)
        Table.objects.create(venue=venue, area=main, name="3", x=20, y=40, width=8, height=8, rotation=45,
                             shape="round")

        new = migrate(AFTER)

        sizes = {area.name: (area.width, area.height) for area in new.get_model("floorplan", "Area").objects.all()}
        # Table 2 turned 45° reaches 66.9 across and 38.9 deep; round table 3 turns in place, to 48.
        assert sizes == {"Main": (67, 48), "Empty": (100, 60)}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
