"""The booking rules, exercised through the service layer."""
import datetime as dt

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import Party, PartyTable, Reservation
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord

from ..factories import PartyFactory, ReservationFactory, TableFactory, VenueFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def seat(venue, tables, **overrides):
    fields = {"table_ids": [t.pk for t in tables], "start_time": NOW, "covers": 2}
    return services.party_create(venue=venue, **(fields | overrides))


def book(venue, tables, **overrides):
    fields = {
        "name": "Sasha",
        "covers": 3,
        "start_time": NOW + dt.timedelta(hours=1),
        "end_time": NOW + dt.timedelta(hours=3),
        "table_ids": [t.pk for t in tables],
    }
    return services.reservation_create(venue=venue, **(fields | overrides))


class TestReservations:
    def test_create_books_the_tables(self, venue, tables):
        reservation, created = book(venue, tables[:2], guest_requests="nut allergy; window please")

        assert created
        assert set(reservation.tables.all()) == set(tables[:2])
        assert reservation.guest_requests == "nut allergy; window please"

    def test_create_is_idempotent_on_the_platform_id(self, venue, tables):
        first, _ = book(venue, tables[:1], dojo_reservation_id="dojo-1")

        again, created = book(venue, tables[1:2], dojo_reservation_id="dojo-1", covers=8)

        assert not created
        assert again.pk == first.pk
        assert again.covers == 3
        assert Reservation.objects.count() == 1

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"covers": 0}, "covers"),
            ({"end_time": NOW}, "end time"),
            ({"table_ids": []}, "At least one table"),
            ({"table_ids": [999999]}, "Unknown table"),
        ],
    )
    def test_create_refuses_what_the_rules_do_not_allow(self, venue, tables, overrides, message):
        with pytest.raises(InvalidInput, match=message):
            book(venue, tables[:1], **overrides)
        assert not Reservation.objects.exists()

    def test_tables_of_another_venue_are_unknown(self, venue):
        elsewhere = TableFactory(area__venue=VenueFactory(slug="elsewhere"))

        with pytest.raises(InvalidInput, match="Unknown table"):
            book(venue, [elsewhere])

    def test_inactive_tables_cannot_be_booked(self, venue, tables):
        tables[0].is_active = False
        tables[0].save()

        with pytest.raises(InvalidInput, match="not in service"):
            book(venue, tables[:1])

    def test_update_sets_every_detail(self, venue, tables):
        reservation, _ = book(venue, tables[:1], host_notes="regulars", dojo_reservation_id="dojo-1")

        updated = services.reservation_update(
            venue=venue,
            reservation_id=reservation.pk,
            name="Sasha J.",
            covers=4,
            start_time=NOW + dt.timedelta(hours=2),
            end_time=NOW + dt.timedelta(hours=4),
            table_ids=[tables[2].pk],
            dojo_reservation_id="dojo-1",
        )

        assert (updated.name, updated.covers, updated.host_notes) == ("Sasha J.", 4, "")
        assert list(updated.tables.all()) == [tables[2]]

    def test_update_refuses_a_different_platform_id(self, venue, tables):
        reservation, _ = book(venue, tables[:1], dojo_reservation_id="dojo-1")

        with pytest.raises(Conflict):
            services.reservation_update(
                venue=venue,
                reservation_id=reservation.pk,
                name="X",
                covers=2,
                start_time=NOW + dt.timedelta(hours=1),
                end_time=NOW + dt.timedelta(hours=2),
                table_ids=[tables[0].pk],
                dojo_reservation_id="dojo-2",
            )

    def test_delete_leaves_the_party_it_became(self, venue, tables):
        reservation, _ = book(venue, tables[:1])
        party, _ = seat(venue, tables[:1], reservation_id=reservation.pk)

        services.reservation_delete(venue=venue, reservation_id=reservation.pk)

        party.refresh_from_db()
        assert party.reservation_id is None
        assert party.is_active

    def test_another_venues_reservation_is_not_found(self, venue):
        theirs = ReservationFactory(venue=VenueFactory(slug="elsewhere"))

        with pytest.raises(NotFound):
            services.reservation_delete(venue=venue, reservation_id=theirs.pk)
        assert Reservation.objects.filter(pk=theirs.pk).exists()


class TestParties:
    def test_seating_from_a_reservation_links_it_and_leaves_it_unchanged(self, venue, tables):
        reservation, _ = book(venue, tables[:2])
        before = Reservation.objects.get(pk=reservation.pk).updated_at

        party, created = seat(venue, tables[:2], reservation_id=reservation.pk, dojo_party_id="p-1")

        assert created
        assert party.reservation_id == reservation.pk
        assert Reservation.objects.get(pk=reservation.pk).updated_at == before

    def test_create_is_idempotent_on_the_platform_id(self, venue, tables):
        first, _ = seat(venue, tables[:1], dojo_party_id="p-1")

        again, created = seat(venue, tables[:1], dojo_party_id="p-1")

        assert not created
        assert again.pk == first.pk
        assert Party.objects.count() == 1

    def test_a_table_holds_one_active_party(self, venue, tables):
        seat(venue, tables[:2])

        with pytest.raises(Conflict, match="T2"):
            seat(venue, tables[1:3])
        assert Party.objects.count() == 1

    def test_the_database_refuses_a_second_active_party_at_a_table(self, venue, tables):
        """The last word is the database's, whatever path the rows take."""
        from django.db import IntegrityError, transaction

        PartyFactory(venue=venue, tables=[tables[0]])
        with pytest.raises(IntegrityError), transaction.atomic():
            PartyFactory(venue=venue, tables=[tables[0]])

    def test_an_unknown_reservation_is_refused(self, venue, tables):
        with pytest.raises(InvalidInput, match="reservation"):
            seat(venue, tables[:1], reservation_id=424242)
        assert not PartyTable.objects.exists()

    def test_ending_a_party_frees_its_tables(self, venue, tables):
        party, _ = seat(venue, tables[:1], dojo_party_id="p-1")

        services.party_update(
            venue=venue,
            party_id=party.pk,
            table_ids=[tables[0].pk],
            start_time=NOW,
            status="Paid",
            end_time=NOW + dt.timedelta(hours=1),
            dojo_party_id="p-1",
        )
        next_party, created = seat(venue, tables[:1])

        assert created
        assert list(PartyTable.objects.filter(party=party).values_list("is_active", flat=True)) == [False]

    def test_update_moves_the_party_and_keeps_the_reservation_link(self, venue, tables):
        reservation, _ = book(venue, tables[:1])
        party, _ = seat(venue, tables[:1], reservation_id=reservation.pk)

        moved = services.party_update(
            venue=venue, party_id=party.pk, table_ids=[tables[1].pk, tables[2].pk], start_time=NOW, status="Ordered"
        )

        assert [pt.table_id for pt in moved.party_tables.all()] == [tables[1].pk, tables[2].pk]
        assert moved.reservation_id == reservation.pk
        assert seat(venue, tables[:1])[1], "the table it left is free"

    def test_update_onto_an_occupied_table_is_a_conflict(self, venue, tables):
        party, _ = seat(venue, tables[:1])
        seat(venue, tables[1:2])

        with pytest.raises(Conflict):
            services.party_update(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], start_time=NOW, status="Seated")
        assert [pt.table_id for pt in party.party_tables.all()] == [tables[0].pk]

    def test_a_party_keeps_a_table_taken_out_of_service_while_it_sits(self, venue, tables):
        party, _ = seat(venue, tables[:1])
        tables[0].is_active = False
        tables[0].save()

        updated = services.party_update(venue=venue, party_id=party.pk, table_ids=[tables[0].pk], start_time=NOW, status="Paying")

        assert updated.status == "Paying"

    def test_guest_requests_are_stored_verbatim(self, venue, tables):
        words = "  Nut ALLERGY!!  —  gluten-free 🌾\nno sesame  "

        party, _ = seat(venue, tables[:1], guest_requests=words)

        assert Party.objects.get(pk=party.pk).guest_requests == words

    def test_every_change_is_recorded_with_its_actor(self, venue, tables):
        actor = Actor(source=Source.EPOS_API, waiter_ref="42", device_id="tm_1", device_type="Dojo Terminal", requesting_product="Bookings")

        with acting_as(actor):
            party, _ = seat(venue, tables[:1])
            services.party_delete(venue=venue, party_id=party.pk)

        records = ChangeRecord.objects.filter(entity="party", entity_id=party.pk).order_by("pk")
        assert [r.action for r in records] == ["created", "deleted"]
        assert {(r.source, r.waiter_ref, r.device_id, r.device_type, r.requesting_product) for r in records} == {
            ("epos_api", "42", "tm_1", "Dojo Terminal", "Bookings")
        }
