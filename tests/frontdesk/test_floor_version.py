"""The floor's version is kept by the database: a trigger on every table the floor shows,
bumping it when the change commits (PostgreSQL) or at once (SQLite)."""
import pytest
from django.db import connection, transaction

from bookings import services
from bookings.models import PartyTable
from floorplan.models import Table, Venue
from frontdesk.models import FLOOR_TABLES, RESERVATIONS_TABLES
from frontdesk.versions import floor_version_of
from orders.models import Order

from ..factories import AreaFactory, PartyFactory, ReservationFactory, WaiterFactory
from .floors import build_floor, reservations_version_of


@pytest.mark.django_db
def test_every_table_the_floor_shows_has_its_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'floor_changed'")
            tables = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'floor_changed_%'")
            tables = {row[0] for row in cursor.fetchall()}

    assert tables == set(FLOOR_TABLES)


@pytest.mark.django_db
def test_the_triggers_of_the_tables_the_reservations_show_bump_their_version_too():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text, encode(tgargs, 'escape') FROM pg_trigger WHERE tgname = 'floor_changed'")
            counting = {table: arguments.split("\\000")[2] for table, arguments in cursor.fetchall() if arguments.count("\\000") > 2}
        else:
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'floor_changed_%_insert'")
            counting = {table: "always" if ", 1, 1 FROM" in sql else "reservation_id"
                        for table, sql in cursor.fetchall() if "reservations_version" in sql}

    assert counting == RESERVATIONS_TABLES


def add_reservation(floor):
    ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]])


def book_another_table(floor):
    reservation = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    reservation.tables.add(floor.tables["T2"])


def seat_a_reservation(floor):
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], reservation=ReservationFactory(venue=floor.venue))


def seat_a_walk_in(floor):
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])


def open_an_order(floor):
    Order.objects.create(venue=floor.venue, table=floor.tables["T2"])


def rename_a_table(floor):
    Table.objects.filter(pk=floor.tables["T3"].pk).update(name="T30")


def add_a_waiter(floor):
    WaiterFactory(venue=floor.venue)


def move_the_venue(floor):
    Venue.objects.filter(pk=floor.venue.pk).update(timezone="Europe/Dublin")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("change", "listed"), [
    (add_reservation, True), (book_another_table, True), (seat_a_reservation, True), (rename_a_table, True),
    (move_the_venue, True), (seat_a_walk_in, False), (open_an_order, False), (add_a_waiter, False),
])
def test_what_the_floor_shows_of_the_reservations_has_its_own_version(change, listed):
    floor = build_floor()
    before = floor_version_of(floor.venue), reservations_version_of(floor.venue)

    change(floor)

    after = floor_version_of(floor.venue), reservations_version_of(floor.venue)
    assert after[0] > before[0] and (after[1] > before[1]) == listed


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_version_changes_when_a_change_commits_and_not_when_it_rolls_back():
    floor = build_floor()
    before = floor_version_of(floor.venue)

    with transaction.atomic():
        PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
        during = floor_version_of(floor.venue)
    committed = floor_version_of(floor.venue)
    with pytest.raises(RuntimeError), transaction.atomic():
        PartyFactory(venue=floor.venue, tables=[floor.tables["T2"]])
        raise RuntimeError("changed my mind")

    assert during == before < committed == floor_version_of(floor.venue)


@pytest.mark.django_db(transaction=True)
def test_a_party_moved_with_its_seat_in_place_changes_the_version():
    floor = build_floor()
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    before = floor_version_of(floor.venue)

    services.party_move(venue=floor.venue, party_id=party.pk, table_ids=[floor.tables["T2"].pk])
    moved = floor_version_of(floor.venue)
    PartyTable.objects.filter(party=party).update(table=floor.tables["T3"])  # the seat's row alone, as `seat` moves it

    assert before < moved < floor_version_of(floor.venue)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deleting_a_venue_with_its_floor_leaves_no_version_behind():
    venue = AreaFactory(name="Bar").venue  # the area's insert bumps the version at commit
    assert floor_version_of(venue) > 0

    venue.delete()  # and the area's delete finds no venue to bump at commit

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM frontdesk_floorversion")
        assert cursor.fetchone() == (0,)
