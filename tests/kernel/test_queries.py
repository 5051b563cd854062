"""The query tools of the hot reads give what the ORM gives, on both databases."""
import datetime as dt
import gc
import threading
import weakref

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Party, PartyTable
from floorplan.models import Area, Venue, Waiter
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.models import ChangeRecord
from posbackoffice.kernel.queries import IdList, Param, PreparedRead, RowList

from ..factories import PartyFactory, WaiterFactory

pytestmark = pytest.mark.django_db

WAITERS = Waiter.objects.filter(areas=OuterRef("pk")).order_by("name", "pk")


def test_an_id_list_is_in_the_subquerys_order_and_empty_when_it_selects_nothing(venue, area):
    Area.objects.create(venue=venue, name="Terrace")
    zoe, ali, bob = (WaiterFactory(venue=venue, name=name) for name in ("Zoe", "Ali", "Bob"))
    area.waiters.add(zoe, ali, bob)

    rows = Area.objects.filter(venue=venue).annotate(waiter_ids=IdList(WAITERS)).order_by("pk")

    assert [row.waiter_ids for row in rows] == [[ali.pk, bob.pk, zoe.pk], []]


def test_a_row_list_gives_the_rows_as_the_orm_reads_them_in_the_subquerys_order(venue, area, tables):
    party = PartyFactory(venue=venue, tables=[tables[0], tables[1]])
    PartyTable.objects.filter(party=party, table=tables[1]).update(is_active=False)
    for entity_id in (7, 8):
        change_record(venue_id=venue.pk, entity="party", entity_id=entity_id, action=ChangeRecord.Action.UPDATED)

    row = Venue.objects.filter(pk=venue.pk).values(
        seats=RowList(PartyTable.objects.filter(party__venue=OuterRef("pk")).order_by("-pk")),
        records=RowList(ChangeRecord.objects.filter(venue=OuterRef("pk")).order_by("pk")),
        none=RowList(ChangeRecord.objects.filter(venue=OuterRef("pk"), entity="nothing")),
    ).get()

    expected_seats = list(PartyTable.objects.filter(party=party).order_by("-pk"))
    expected_records = list(ChangeRecord.objects.filter(venue=venue).order_by("pk"))
    assert [vars_of(seat) for seat in row["seats"]] == [vars_of(seat) for seat in expected_seats]
    assert [seat.is_active for seat in row["seats"]] == [False, True]  # booleans, on SQLite too
    assert [vars_of(record) for record in row["records"]] == [vars_of(record) for record in expected_records]
    assert row["records"][0].at.tzinfo is not None and row["records"][0].at == expected_records[0].at
    assert row["none"] == []
    assert not row["seats"][0]._state.adding  # instances as read from the database


def vars_of(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_a_row_list_refuses_a_model_whose_values_json_would_not_keep():
    with pytest.raises(TypeError, match="deposit_payment_intent_ids"):
        RowList(Party.objects.all())


def test_a_prepared_read_runs_its_compiled_query_with_each_call_s_values(venue, area, tables):
    party = PartyFactory(venue=venue, tables=[tables[2], tables[0]], start_time=timezone.now() - dt.timedelta(hours=1))
    read = PreparedRead(
        lambda: Party.objects.filter(venue_id=Param("venue_id", models.IntegerField()), pk=Param("party_id", models.IntegerField()))
        .annotate(table_ids=IdList(PartyTable.objects.filter(party=OuterRef("pk")).order_by("pk"), "table_id"))
        .values_list("pk", "start_time", "end_time", "table_ids")[:1]
    )

    row = read.first(venue_id=venue.pk, party_id=party.pk)
    with CaptureQueriesContext(connection) as queries:
        missing = read.first(venue_id=venue.pk + 1, party_id=party.pk)

    assert row == (party.pk, party.start_time, None, [tables[2].pk, tables[0].pk])
    assert row.start_time.tzinfo is not None  # converted as the ORM converts it, on SQLite too
    assert missing is None
    assert len(queries) == 1


def test_a_prepared_read_names_its_rows_as_the_fields_it_selects(venue, area):
    read = PreparedRead(lambda: Area.objects.filter(venue_id=Param("venue_id", models.IntegerField())).values_list("pk", "name"))

    assert read.rows(venue_id=venue.pk)[0]._asdict() == {"pk": area.pk, "name": area.name}


def test_what_a_thread_compiled_goes_with_it_and_its_connection_with_them(venue, area):
    read = PreparedRead(lambda: Area.objects.filter(venue_id=Param("venue_id", models.IntegerField())).values_list("pk"))
    used = []

    def serve():
        read.rows(venue_id=venue.pk)
        used.append(weakref.ref(connections[DEFAULT_DB_ALIAS]))

    thread = threading.Thread(target=serve)
    thread.start()
    thread.join()
    gc.collect()

    assert used and used[0]() is None  # collected, which closes its database connection


@pytest.mark.postgres  # PostgreSQL prepares statements; SQLite caches its own
def test_on_postgresql_a_prepared_read_is_prepared_by_the_server_and_gives_the_same_rows(venue, area):
    ali = WaiterFactory(venue=venue, name="Ali")
    read = PreparedRead(
        lambda: Waiter.objects.filter(venue_id=Param("venue_id", models.IntegerField())).order_by("pk").values_list("pk", "name")
    )

    runs = [read.rows(venue_id=venue.pk) for _ in range(3)]

    assert runs == [[(ali.pk, "Ali")]] * 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ['%"floorplan_waiter"."venue_id" = ($1)%'])
        assert cursor.fetchall() != []
    with CaptureQueriesContext(connection) as queries:  # while queries are logged, Django's cursor runs it
        assert read.rows(venue_id=venue.pk) == [(ali.pk, "Ali")]
    assert f'"floorplan_waiter"."venue_id" = ({venue.pk})' in queries[0]["sql"]
