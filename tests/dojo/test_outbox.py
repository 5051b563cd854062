"""Model changes become outbox rows in their own transaction; delivery through the outbox."""
import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from bookings import services
from bookings.models import Party, PartyTable
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.dojo.models import DeliveryAttempt, DojoSettings, OutboxEvent
from posbackoffice.dojo.outbox import (
    backoff_delay,
    outbox_claim,
    outbox_deliver,
    outbox_deliver_all_pending,
    outbox_overdue_ids,
    outbox_purge,
    outbox_record,
)

from ..factories import PartyFactory, ReservationFactory, VenueFactory

pytestmark = pytest.mark.django_db

Status = OutboxEvent.Status


def pending(event_type=None):
    rows = OutboxEvent.objects.filter(status=Status.PENDING)
    if event_type:
        rows = rows.filter(event_type=event_type)
    return sorted(rows.values_list("event_type", "entity_id"))


def test_a_party_changed_through_the_service_layer_writes_one_party_event(dojo_venue, tables, embedded):
    # given
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    OutboxEvent.objects.all().delete()
    # when
    services.party_update(
        venue=dojo_venue, party_id=party.pk, table_ids=[tables[1].pk], start_time=party.start_time, status="Seated"
    )
    # then: the save and the table move coalesce into one row
    assert pending() == [("PartyUpdated", str(party.pk))]


def test_creating_and_deleting_a_reservation_emit_reservation_events(dojo_venue, tables, embedded):
    reservation = ReservationFactory(venue=dojo_venue, tables=[tables[0]])
    assert pending() == [("ReservationUpdated", str(reservation.pk))]
    OutboxEvent.objects.all().delete()
    reservation_id = reservation.pk
    reservation.delete()
    assert pending() == [("ReservationUpdated", str(reservation_id))]


def test_changing_a_reservations_tables_from_either_side_emits(dojo_venue, tables, embedded):
    reservation = ReservationFactory(venue=dojo_venue, tables=[tables[0]])
    OutboxEvent.objects.all().delete()
    tables[1].reservations.add(reservation)
    assert pending() == [("ReservationUpdated", str(reservation.pk))]
    OutboxEvent.objects.all().delete()
    tables[1].reservations.clear()
    assert pending() == [("ReservationUpdated", str(reservation.pk))]


def test_a_party_table_change_emits_for_its_party(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    OutboxEvent.objects.all().delete()
    PartyTable.objects.filter(party=party).get().delete()
    assert pending() == [("PartyUpdated", str(party.pk))]


def test_deleting_a_party_emits_one_event_for_it(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=tables[:2])
    OutboxEvent.objects.all().delete()
    party_id = party.pk
    with transaction.atomic():
        party.delete()
    assert pending() == [("PartyUpdated", str(party_id))]


def test_a_rolled_back_change_emits_nothing(dojo_venue, tables, embedded):
    with pytest.raises(RuntimeError), transaction.atomic():
        PartyFactory(venue=dojo_venue, tables=[tables[0]])
        assert pending() != []
        raise RuntimeError("the change fails")
    assert pending() == []


def test_a_change_made_by_dojo_through_the_epos_api_is_not_echoed(dojo_venue, tables, embedded):
    with acting_as(Actor(source=Source.EPOS_API)):
        services.party_create(venue=dojo_venue, table_ids=[tables[0].pk], start_time=timezone.now(), covers=2)
    assert Party.objects.count() == 1
    assert pending() == []


def test_staff_changes_are_reported(dojo_venue, tables, embedded):
    with acting_as(Actor(source=Source.STAFF, user_id=None)):
        party, _ = services.party_create(venue=dojo_venue, table_ids=[tables[0].pk], start_time=timezone.now())
    assert pending() == [("PartyUpdated", str(party.pk))]


def test_venues_without_dojo_settings_record_nothing(venue, tables, embedded):
    PartyFactory(venue=venue, tables=[tables[0]])
    assert OutboxEvent.objects.count() == 0


def test_changes_before_delivery_coalesce_into_one_row(dojo_venue, embedded):
    party = PartyFactory(venue=dojo_venue)
    for covers in (3, 4, 5):
        party.covers = covers
        party.save()
    row = OutboxEvent.objects.get()
    assert (row.status, row.version) == (Status.PENDING, 4)


def test_a_change_after_delivery_starts_a_new_row(dojo_venue, embedded):
    party = PartyFactory(venue=dojo_venue)
    OutboxEvent.objects.update(status=Status.DELIVERED, delivered_at=timezone.now())
    party.save()
    assert sorted(OutboxEvent.objects.values_list("status", flat=True)) == ["delivered", "pending"]


def test_with_a_broker_the_delivery_is_queued_on_commit_only_for_new_rows(
    dojo_venue, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks() as callbacks:
        party = PartyFactory(venue=dojo_venue)
        party.save()
    assert len(callbacks) == 1
    assert callbacks[0].args == (OutboxEvent.objects.get().pk,)


def test_in_the_embedded_mode_nothing_is_queued(dojo_venue, embedded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        PartyFactory(venue=dojo_venue)
    assert callbacks == []
    assert pending() != []


def test_delivery_posts_the_event_to_dojo_with_the_spec_headers_and_body(dojo_venue, stand_in, embedded):
    party = PartyFactory(venue=dojo_venue)
    assert outbox_deliver_all_pending() == 1
    assert stand_in.problems == []
    assert stand_in.events() == [{"eventType": "PartyUpdated", "event": {"partyId": str(party.pk)}}]
    row = OutboxEvent.objects.get()
    assert (row.status, row.attempts, row.last_error) == (Status.DELIVERED, 1, "")
    assert row.delivered_at is not None
    assert list(row.delivery_attempts.values_list("outcome", "http_status")) == [("delivered", 200)]


@pytest.mark.parametrize("status", [500, 503, 429, 408])
def test_a_transient_answer_is_retried_after_a_short_backoff(dojo_venue, stand_in, embedded, status):
    PartyFactory(venue=dojo_venue)
    stand_in.fail_next(status)
    before = timezone.now()
    outbox_deliver_all_pending()
    row = OutboxEvent.objects.get()
    assert row.status == Status.PENDING and row.attempts == 1
    assert str(status) in row.last_error and "Scripted failure" in row.last_error
    assert before + dt.timedelta(seconds=0.4) <= row.next_attempt_at <= timezone.now() + dt.timedelta(seconds=2)
    outbox_deliver_all_pending()
    row.refresh_from_db()
    assert row.status == Status.DELIVERED
    assert list(row.delivery_attempts.order_by("pk").values_list("outcome", flat=True)) == ["retry", "delivered"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_a_permanent_answer_stops_and_keeps_dojos_error(dojo_venue, stand_in, embedded, status):
    PartyFactory(venue=dojo_venue)
    stand_in.fail_next(status)
    outbox_deliver_all_pending()
    row = OutboxEvent.objects.get()
    assert row.status == Status.FAILED
    assert f"answered {status}" in row.last_error and "Scripted failure" in row.last_error
    assert outbox_deliver_all_pending() == 0


def test_an_unreachable_dojo_is_retried(dojo_venue, embedded):
    from posbackoffice.dojo.config import dojo_settings_set

    dojo_settings_set(venue=dojo_venue, base_url="http://127.0.0.1:9")  # discard port: refused
    PartyFactory(venue=dojo_venue)
    outbox_deliver_all_pending()
    row = OutboxEvent.objects.get()
    assert row.status == Status.PENDING and "ConnectionError" in row.last_error
    assert row.delivery_attempts.get().http_status is None


def test_a_change_coalesced_while_the_event_was_in_flight_is_sent_again(dojo_venue, stand_in, embedded):
    party = PartyFactory(venue=dojo_venue)
    [claimed] = outbox_claim(limit=10)
    party.save()  # lands while the claimed version is being posted
    result = outbox_deliver(event=claimed)
    assert result.retry_in == 0
    assert OutboxEvent.objects.get().status == Status.PENDING
    outbox_deliver_all_pending()
    assert OutboxEvent.objects.get().status == Status.DELIVERED
    assert len(stand_in.events()) == 2


def test_a_claimed_row_is_not_claimed_twice_until_its_lease_expires(dojo_venue, embedded):
    PartyFactory(venue=dojo_venue)
    assert len(outbox_claim(limit=10)) == 1
    assert outbox_claim(limit=10) == []
    OutboxEvent.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert len(outbox_claim(limit=10)) == 1


def test_the_sweeper_finds_rows_whose_task_was_lost(dojo_venue, embedded):
    party = PartyFactory(venue=dojo_venue)
    other = PartyFactory(venue=dojo_venue)
    OutboxEvent.objects.filter(entity_id=str(party.pk)).update(next_attempt_at=timezone.now() - dt.timedelta(minutes=5))
    overdue = outbox_overdue_ids(grace_seconds=30)
    assert overdue == [OutboxEvent.objects.get(entity_id=str(party.pk)).pk]
    assert str(other.pk) not in OutboxEvent.objects.filter(pk__in=overdue).values_list("entity_id", flat=True)


def test_old_delivered_rows_are_purged_with_their_attempts(dojo_venue, stand_in, embedded):
    PartyFactory(venue=dojo_venue)
    outbox_deliver_all_pending()
    PartyFactory(venue=dojo_venue)
    OutboxEvent.objects.filter(status=Status.DELIVERED).update(delivered_at=timezone.now() - dt.timedelta(days=8))
    assert outbox_purge(older_than=dt.timedelta(days=7)) == 1
    assert list(OutboxEvent.objects.values_list("status", flat=True)) == ["pending"]
    assert DeliveryAttempt.objects.count() == 0


def test_backoff_doubles_with_jitter_up_to_the_cap(settings):
    settings.DOJO_RETRY_BASE_SECONDS, settings.DOJO_RETRY_MAX_SECONDS = 1.0, 300.0
    for attempts, ceiling in [(1, 1), (2, 2), (5, 16), (12, 300), (40, 300)]:
        delays = [backoff_delay(attempts) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1
    assert backoff_delay(1, retry_after=20) == 20
    assert backoff_delay(1, retry_after=10_000) == 300


def test_recording_an_event_for_a_venue_being_deleted_does_not_break_the_delete(dojo_venue, embedded):
    PartyFactory(venue=dojo_venue)
    ReservationFactory(venue=dojo_venue)
    with transaction.atomic():
        dojo_venue.delete()
    assert not type(dojo_venue).objects.filter(pk=dojo_venue.pk).exists()


def test_outbox_record_is_one_row_per_entity_and_type(dojo_venue, embedded):
    other = VenueFactory()
    DojoSettings.objects.create(venue=other, software_house_id="sh", reseller_id="rs")
    first = outbox_record(venue_id=dojo_venue.pk, event_type="PartyUpdated", entity_id="7")
    assert first is not None
    assert outbox_record(venue_id=dojo_venue.pk, event_type="PartyUpdated", entity_id="7") is None
    assert outbox_record(venue_id=dojo_venue.pk, event_type="ReservationUpdated", entity_id="7") is not None
    assert outbox_record(venue_id=other.pk, event_type="PartyUpdated", entity_id="7") is not None
    assert list(OutboxEvent.objects.order_by("pk").values_list("entity_id", "version")) == [("7", 2), ("7", 1), ("7", 1)]


def test_outbox_record_records_nothing_for_a_venue_without_dojo(embedded):
    venue = VenueFactory()

    assert outbox_record(venue_id=venue.pk, event_type="PartyUpdated", entity_id="7") is None
    assert not OutboxEvent.objects.exists()


def test_a_key_stored_under_another_secret_key_fails_without_retrying(dojo_venue, stand_in, embedded, settings):
    PartyFactory(venue=dojo_venue)
    settings.SECRET_KEY = "a-rotated-secret-key-of-at-least-32-chars"
    outbox_deliver_all_pending()
    row = OutboxEvent.objects.get()
    assert row.status == Status.FAILED and "set it again" in row.last_error
    assert stand_in.requests == []


def test_a_change_that_coalesces_costs_one_query_beyond_the_save(dojo_venue, embedded, django_assert_num_queries):
    party = PartyFactory(venue=dojo_venue)
    with django_assert_num_queries(2):  # the save; the version bumped if the venue uses Dojo, in one statement
        party.save(update_fields=["covers"])
