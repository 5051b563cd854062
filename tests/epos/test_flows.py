"""The guide's two flows, replayed step by step against the REST API."""
import datetime as dt

import pytest
from posbackoffice.kernel.models import ChangeRecord


pytestmark = pytest.mark.django_db


def test_rms_to_pos_reserve_amend_seat_amend_party_cancel(epos, tables):
    t1, t2, t3 = (str(t.pk) for t in tables[:3])

    # Step 1: the reservation is made ahead of time.
    created = epos.post(
        "/epos/v1/reservations",
        {
            "dojoReservationId": "dojo-res-210345",
            "name": "Sasha J.",
            "covers": 3,
            "startTime": "2030-08-12T13:00:00.000Z",
            "endTime": "2030-08-12T15:00:00.000Z",
            "tableIds": [t1, t2],
            "guestRequests": "we'll be bringing our dog",
            "hostNotes": "dog may be given little snacks",
        },
        format="json",
    )
    assert created.status_code == 200, created.json()
    reservation = created.json()
    assert reservation["tableIds"] == [t1, t2]
    assert reservation["startTime"] == "2030-08-12T13:00:00.000Z"

    # Step 2: it is amended (PUT sets every field).
    amended = epos.put(
        f"/epos/v1/reservations/{reservation['id']}",
        {
            "dojoReservationId": "dojo-res-210345",
            "name": "Sasha J.",
            "covers": 4,
            "startTime": "2030-08-12T13:30:00.000Z",
            "endTime": "2030-08-12T15:30:00.000Z",
            "tableIds": [t1, t2, t3],
            "guestRequests": "we'll be bringing our dog; nut allergy",
        },
        format="json",
    )
    assert amended.status_code == 200, amended.json()
    assert amended.json()["covers"] == 4
    assert "hostNotes" not in amended.json()

    # Step 3: the reservation is seated, creating a party linked to it.
    seated = epos.post(
        "/epos/v1/parties",
        {
            "dojoPartyId": "dojo-party-77",
            "name": "Sasha J.",
            "covers": 4,
            "tableIds": [t1, t2, t3],
            "startTime": "2030-08-12T13:34:00.000Z",
            "reservationId": reservation["id"],
            "deposit": {"totalAmount": {"value": 5000, "currencyCode": "GBP"}, "paymentIntentIds": ["pi_1"]},
        },
        format="json",
    )
    assert seated.status_code == 200, seated.json()
    party = seated.json()
    assert party["reservationId"] == reservation["id"]
    assert party["status"] == "Seated"
    assert party["deposit"] == {"totalAmount": {"value": 5000, "currencyCode": "GBP"}, "paymentIntentIds": ["pi_1"]}
    assert epos.get(f"/epos/v1/reservations/{reservation['id']}").json() == amended.json()

    # Step 4: the party is amended: guest requests and a new expected end, one table released.
    updated = epos.put(
        f"/epos/v1/parties/{party['id']}",
        {
            "dojoPartyId": "dojo-party-77",
            "name": "Sasha J.",
            "covers": 4,
            "tableIds": [t1, t2],
            "status": "Ordered",
            "startTime": "2030-08-12T13:34:00.000Z",
            "expectedEndTime": "2030-08-12T15:45:00.000Z",
            "guestRequests": "nut allergy; gluten intolerance",
        },
        format="json",
    )
    assert updated.status_code == 200, updated.json()
    assert updated.json()["tableIds"] == [t1, t2]
    assert updated.json()["reservationId"] == reservation["id"], "PUT keeps the link it does not carry"
    assert updated.json()["expectedEndTime"] == "2030-08-12T15:45:00.000Z"

    # Step 5: the guest cancels; Dojo deletes the reservation, then the party.
    assert epos.delete(f"/epos/v1/reservations/{reservation['id']}").status_code == 200
    assert epos.get(f"/epos/v1/reservations/{reservation['id']}").status_code == 404
    assert epos.get(f"/epos/v1/parties/{party['id']}").status_code == 200
    assert epos.delete(f"/epos/v1/parties/{party['id']}").status_code == 200
    assert epos.get(f"/epos/v1/parties/{party['id']}").json()["errorType"] == "NotFound"

    assert ChangeRecord.objects.filter(source="epos_api").count() == 6


def test_pos_to_rms_reads_after_events(epos, venue, tables):
    """What Dojo reads back after the POS tells it a reservation and a party changed."""
    from bookings import services

    from .test_api import NOW, iso

    reservation, _ = services.reservation_create(
        venue=venue, name="Walk-up booking", covers=2, start_time=NOW, end_time=NOW + dt.timedelta(hours=2), table_ids=[tables[0].pk]
    )
    got = epos.get(f"/epos/v1/reservations/{reservation.pk}").json()
    assert got["name"] == "Walk-up booking" and got["tableIds"] == [str(tables[0].pk)]

    party, _ = services.party_create(venue=venue, table_ids=[tables[0].pk], start_time=NOW, reservation_id=reservation.pk)
    got = epos.get(f"/epos/v1/parties/{party.pk}").json()
    assert got == {
        "id": str(party.pk),
        "tableIds": [str(tables[0].pk)],
        "status": "Seated",
        "startTime": iso(NOW),
        "reservationId": str(reservation.pk),
    }

    services.party_update(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], start_time=NOW, status="Seated")
    assert epos.get(f"/epos/v1/parties/{party.pk}").json()["tableIds"] == [str(tables[1].pk)]

    services.party_update(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], start_time=NOW, status="Paid", end_time=NOW)
    ended = epos.get(f"/epos/v1/parties/{party.pk}").json()
    assert ended["endTime"] == iso(NOW)
    assert epos.post("/epos/v1/parties/search", {}, format="json").json() == {"data": []}
    assert epos.post("/epos/v1/parties/search", {"completedOnly": True}, format="json").json()["data"] == [ended]

    services.reservation_delete(venue=venue, reservation_id=reservation.pk)
    assert epos.get(f"/epos/v1/reservations/{reservation.pk}").status_code == 404
