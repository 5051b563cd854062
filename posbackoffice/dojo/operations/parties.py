"""CreateParty, UpdateParty, GetPartyById, DeletePartyById, SearchParties."""
from rest_framework import serializers

from bookings import selectors, services
from bookings.models import Party
from floorplan.models import Venue
from posbackoffice.errors import InvalidInput

from ..cursor import PK, START_TIME, CursorSerializer, Keyset
from ..fields import EntityIdField, StrictBooleanField, StrictCharField, StrictIntegerField, UtcDateTimeField
from ..wire import compact, format_time, parse_wire_id, wire_id
from .base import operation, validated

PARTIES = Keyset(scope="parties", fields=[START_TIME, PK])


def _deposit_to_wire(party: Party) -> dict | None:
    if party.deposit_value is None:
        return None
    return compact(
        {
            "totalAmount": {"value": party.deposit_value, "currencyCode": party.deposit_currency},
            "description": party.deposit_description or None,
            "paymentIntentIds": list(party.deposit_payment_intent_ids),
        }
    )


def party_to_wire(party: Party) -> dict:
    return compact(
        {
            "id": wire_id(party.pk),
            "name": party.name or None,
            "covers": party.covers,
            "tableIds": [wire_id(table_id) for table_id in selectors.party_table_ids(party)],
            "status": party.status,
            "startTime": format_time(party.start_time),
            "expectedEndTime": format_time(party.expected_end_time) if party.expected_end_time else None,
            "endTime": format_time(party.end_time) if party.end_time else None,
            "hostNotes": party.host_notes or None,
            "guestRequests": party.guest_requests or None,
            "reservationId": wire_id(party.reservation_id) if party.reservation_id else None,
            "deposit": _deposit_to_wire(party),
        }
    )


class MoneyParams(serializers.Serializer):
    value = StrictIntegerField(min_value=0, max_value=10**12)
    currencyCode = StrictCharField(min_length=1, max_length=10)


class DepositParams(serializers.Serializer):
    totalAmount = MoneyParams()
    description = StrictCharField(max_length=500, required=False, allow_blank=True)
    paymentIntentIds = serializers.ListField(child=StrictCharField(max_length=255), max_length=50)


class PartyDetails(serializers.Serializer):
    dojoPartyId = StrictCharField(max_length=255)
    name = StrictCharField(max_length=200, required=False, allow_blank=True, trim_whitespace=False)
    covers = StrictIntegerField(required=False)
    tableIds = serializers.ListField(child=EntityIdField("table"), allow_empty=False, max_length=50)
    startTime = UtcDateTimeField()
    expectedEndTime = UtcDateTimeField(required=False)
    hostNotes = StrictCharField(max_length=5000, required=False, allow_blank=True, trim_whitespace=False)
    guestRequests = StrictCharField(max_length=5000, required=False, allow_blank=True, trim_whitespace=False)
    deposit = DepositParams(required=False)


class CreatePartyParams(PartyDetails):
    status = StrictCharField(max_length=100, required=False)
    reservationId = EntityIdField("reservation", required=False)
    dojoReservationId = StrictCharField(max_length=255, required=False, allow_blank=True)


class UpdatePartyParams(PartyDetails):
    id = StrictCharField(max_length=64)
    status = StrictCharField(max_length=100)
    endTime = UtcDateTimeField(required=False)


def _deposit(venue: Venue, data: dict) -> services.Deposit | None:
    deposit = data.get("deposit")
    if deposit is None:
        return None
    currency = deposit["totalAmount"]["currencyCode"]
    if currency != venue.currency:
        raise InvalidInput(f"deposit.totalAmount.currencyCode must be the venue's currency, {venue.currency}.")
    return services.Deposit(
        value=deposit["totalAmount"]["value"],
        currency=currency,
        payment_intent_ids=deposit["paymentIntentIds"],
        description=deposit.get("description", ""),
    )


def _details(venue: Venue, data: dict) -> dict:
    return {
        "dojo_party_id": data["dojoPartyId"],
        "name": data.get("name", ""),
        "covers": data.get("covers"),
        "table_ids": data["tableIds"],
        "start_time": data["startTime"],
        "expected_end_time": data.get("expectedEndTime"),
        "host_notes": data.get("hostNotes", ""),
        "guest_requests": data.get("guestRequests", ""),
        "deposit": _deposit(venue, data),
    }


@operation("CreateParty")
def create_party(venue: Venue, params: dict) -> dict:
    data = validated(CreatePartyParams, params)
    party, _ = services.party_create(
        venue=venue,
        status=data.get("status") or Party.DEFAULT_STATUS,
        reservation_id=data.get("reservationId"),
        dojo_reservation_id=data.get("dojoReservationId", ""),
        **_details(venue, data),
    )
    return party_to_wire(party)


@operation("UpdateParty")
def update_party(venue: Venue, params: dict) -> dict:
    data = validated(UpdatePartyParams, params)
    party = services.party_update(
        venue=venue,
        party_id=parse_wire_id(data["id"], "party"),
        status=data["status"],
        end_time=data.get("endTime"),
        **_details(venue, data),
    )
    return party_to_wire(party)


class PartyIdParams(serializers.Serializer):
    partyId = StrictCharField(max_length=64)


@operation("GetPartyById")
def get_party(venue: Venue, params: dict) -> dict:
    party_id = parse_wire_id(validated(PartyIdParams, params)["partyId"], "party")
    return party_to_wire(selectors.party_get(venue=venue, party_id=party_id))


@operation("DeletePartyById")
def delete_party(venue: Venue, params: dict) -> None:
    party_id = parse_wire_id(validated(PartyIdParams, params)["partyId"], "party")
    services.party_delete(venue=venue, party_id=party_id)


class SearchPartiesParams(serializers.Serializer):
    tableId = EntityIdField("table", required=False)
    completedOnly = StrictBooleanField(required=False)
    cursor = CursorSerializer(required=False)


@operation("SearchParties")
def search_parties(venue: Venue, params: dict) -> dict:
    query = validated(SearchPartiesParams, params)
    parties = selectors.party_search(
        venue=venue, table_id=query.get("tableId"), completed_only=query.get("completedOnly", False)
    )
    page = PARTIES.paginate(parties, venue_id=venue.pk, cursor=query.get("cursor"))
    return page.to_wire(party_to_wire)
