"""The version of what each venue's floor shows, which lets a tablet's poll be answered
"nothing changed" after reading one number.

The number is kept by the database itself (triggers created by this app's migrations), so
every change to what the floor shows counts, whatever made it: a service, the admin, a
command, a bulk write, raw SQL. On PostgreSQL the triggers run when the transaction
commits (deferred constraint triggers): the version changes in the same transaction as the
change, and its row is locked only for the instant of the commit, after every other lock
the transaction takes, so bumping it never orders locks differently from the services.
"""
from django.db import models

# The tables whose rows the floor shows, and how a row leads to its venue: the column holding
# the venue's ID, or a column holding the ID of a row (in the named table) that has a
# `venue_id`. The migrations create one trigger per table; tests check they exist.
# The bill on a tile is read from the order's stored amounts, which every payment, void,
# discount and split stores again in its transaction: the order's row is enough for those.
# The waitlist is not part of the live floor (it refreshes itself): it has no trigger.
FLOOR_TABLES = {
    "floorplan_venue": ("id", None),
    "floorplan_area": ("venue_id", None),
    "floorplan_table": ("venue_id", None),
    "floorplan_table_waiters": ("table_id", "floorplan_table"),
    "floorplan_waiter": ("venue_id", None),
    "floorplan_decor": ("area_id", "floorplan_area"),
    "bookings_reservation": ("venue_id", None),
    "bookings_reservation_tables": ("reservation_id", "bookings_reservation"),
    "bookings_party": ("venue_id", None),
    "bookings_partytable": ("party_id", "bookings_party"),
    "orders_order": ("venue_id", None),
}

# The tables whose rows change what the floor shows of the venue's reservations (the list
# beside the plan and each table's next booking: their times, tables' names, the parties
# seated from them, the venue's time zone), and when a row counts: always, or when the
# named column is set (a party seated from a reservation). Their triggers bump the
# reservations' version too (migration 0004).
RESERVATIONS_TABLES = {
    "floorplan_venue": "always",
    "floorplan_table": "always",
    "bookings_reservation": "always",
    "bookings_reservation_tables": "always",
    "bookings_party": "reservation_id",
}


class FloorVersion(models.Model):
    """Changes with every committed change to what the venue's floor shows. A venue
    without a row has seen no change since this table was created (version 0)."""

    venue = models.OneToOneField(
        "floorplan.Venue", on_delete=models.CASCADE, primary_key=True, related_name="floor_version"
    )
    version = models.BigIntegerField(default=0)
    # What the floor shows of the venue's reservations (`RESERVATIONS_TABLES`) changes less
    # often than the floor: with an order, a payment or a walk-in, the floor renders again
    # and its reservations are read and written as before (`frontdesk.views.floor`).
    reservations_version = models.BigIntegerField(db_default=0)

    def __str__(self):
        return f"{self.venue_id}: {self.version}"
