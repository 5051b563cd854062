"""Every floor action reaches Dojo: it writes the POS event to the outbox in the same
transaction as the change, through the same service layer as the EPOS Data API."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Party, WaitlistEntry
from posbackoffice.dojo.config import dojo_settings_set
from posbackoffice.dojo.models import OutboxEvent

from ..factories import PartyFactory, ReservationFactory
from .floors import build_floor, staff_user

PARTY, RESERVATION = OutboxEvent.EventType.PARTY_UPDATED, OutboxEvent.EventType.RESERVATION_UPDATED


@pytest.fixture
def floor(db):
    floor = build_floor()
    dojo_settings_set(venue=floor.venue, api_key="sk_sandbox_floor0123456789", software_house_id="pos-back-office")
    return floor


@pytest.fixture
def staff(client, django_user_model, floor):
    client.force_login(staff_user(django_user_model, floor.venue))
    return client


def events() -> set[tuple[str, str]]:
    return set(OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING).values_list("event_type", "entity_id"))


def post(staff, floor, action, *args, **data):
    return staff.post(reverse(f"frontdesk:{action}", args=[floor.venue.slug, *args]), data, headers={"HX-Request": "true"})


def test_seating_a_walk_in_emits_party_updated(staff, floor):
    post(staff, floor, "seat-walk-in", covers=2, table_ids=[floor.tables["T1"].pk])

    assert events() == {(PARTY, str(Party.objects.get().pk))}


def test_seating_a_reservation_emits_party_updated(staff, floor):
    reservation = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=timezone.now())
    OutboxEvent.objects.all().delete()

    post(staff, floor, "seat-reservation", reservation.pk)

    assert events() == {(PARTY, str(Party.objects.get(reservation=reservation).pk))}


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("move", {"table_ids": ["T2"]}),
        ("join", {"table_id": "T2"}),
        ("update", {"covers": "2", "status": "Mains", "expected_end": "", "host_notes": "Birthday"}),
        ("end", {}),
    ],
)
def test_party_actions_emit_party_updated(staff, floor, action, data):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    OutboxEvent.objects.all().delete()
    values = {key: [floor.tables[v].pk for v in value] if isinstance(value, list) else floor.tables[value].pk
              if value in floor.tables else value for key, value in data.items()}

    response = post(staff, floor, action, party.pk, **values)

    assert response.headers["HX-Retarget"] == "#toast"
    assert events() == {(PARTY, str(party.pk))}


def test_releasing_a_table_and_undoing_an_end_emit_party_updated(staff, floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"], floor.tables["T2"]])
    post(staff, floor, "release", party.pk, table_id=floor.tables["T2"].pk)
    post(staff, floor, "end", party.pk)
    OutboxEvent.objects.all().delete()

    post(staff, floor, "undo-end", party.pk)

    assert events() == {(PARTY, str(party.pk))}


def test_reservation_actions_emit_reservation_updated(staff, floor):
    late = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=timezone.now() - dt.timedelta(minutes=20))
    OutboxEvent.objects.all().delete()

    post(staff, floor, "no-show", late.pk)
    post(staff, floor, "create-reservation", name="Ortiz", covers="2", date="2026-06-12", start="19:00", end="21:00",
         table_ids=[floor.tables["T2"].pk])

    assert events() == {(RESERVATION, str(late.pk)), (RESERVATION, str(floor.venue.reservations.get(name="Ortiz").pk))}


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("change-reservation", {"name": "Ortiz", "covers": "2", "date": "2026-06-12", "start": "20:00", "end": "22:00"}),
        ("cancel-reservation", {}),
    ],
)
def test_changing_or_cancelling_a_reservation_emits_reservation_updated(staff, floor, action, data):
    reservation = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    OutboxEvent.objects.all().delete()

    post(staff, floor, action, reservation.pk, **data, table_ids=[floor.tables["T2"].pk])

    assert events() == {(RESERVATION, str(reservation.pk))}


def test_a_refused_action_emits_nothing(staff, floor):
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    OutboxEvent.objects.all().delete()

    post(staff, floor, "seat-walk-in", covers=2, table_ids=[floor.tables["T1"].pk])

    assert events() == set()


def test_the_waitlist_is_the_pos_own_and_only_its_seating_reaches_dojo(staff, floor):
    post(staff, floor, "waitlist-add", name="Rivera", covers="2", quoted_minutes="20")
    post(staff, floor, "waitlist-add", name="Chen", covers="2")
    rivera, chen = WaitlistEntry.objects.order_by("pk")
    post(staff, floor, "waitlist-left", chen.pk)
    assert events() == set()

    post(staff, floor, "waitlist-seat", rivera.pk, table_ids=[floor.tables["T1"].pk])

    assert events() == {(PARTY, str(Party.objects.get(name="Rivera").pk))}
