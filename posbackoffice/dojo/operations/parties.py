"""CreateParty, UpdateParty, GetPartyById, DeletePartyById, SearchParties."""
from operator import attrgetter

from rest_framework import serializers

from bookings import selectors, services
from bookings.models import Party as PartyRow
from floorplan.models import Venue
from posbackoffice.kernel.errors import InvalidInput

from ..cursor import PK, START_TIME, Cursor, Keyset, PagedResponse, page_body
from ..fields import (
    Columns,
    EntityIdField,
    FilterIdField,
    Money,
    RelatedIdsField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    TextField,
    UtcDateTimeField,
    WireSerializer,
    table_ids_field,
)
from ..wire import format_time, wire_id
from .base import operation, path_id, validated

PARTIES = Keyset(scope="parties", fields=[START_TIME, PK])


class PartyDeposit(Columns):
    # Read from the party's `deposit_*` columns; absent when the party has no deposit.

    totalAmount = Money(source="deposit_value", currency=attrgetter("deposit_currency"))
    description = TextField(source="deposit_description", max_length=500)
    paymentIntentIds = serializers.ListField(
        source="deposit_payment_intent_ids", child=StrictCharField(max_length=255), max_length=50
    )

    def shown(self, party) -> bool:
        return party.deposit_value is not None


class Party(WireSerializer):
    id = EntityIdField(source="pk")
    name = TextField()
    covers = StrictIntegerField(required=False)
    tableIds = RelatedIdsField(source="party_tables", id_attr="table_id")
    status = serializers.CharField()
    startTime = UtcDateTimeField(source="start_time")
    expectedEndTime = UtcDateTimeField(source="expected_end_time", required=False)
    endTime = UtcDateTimeField(source="end_time", required=False)
    hostNotes = TextField(source="host_notes")
    guestRequests = TextField(source="guest_requests")
    reservationId = EntityIdField(source="reservation_id", required=False)
    deposit = PartyDeposit(required=False)


class PagedPartiesResponse(PagedResponse):
    data = Party(many=True, source="items")


def party_body(party, table_ids: list[int]) -> dict:
    """What the `Party` serializer documents, built directly (a list of parties costs a
    fraction of the serializer's time) from a party or a read's row of it
    (`selectors.PARTY_READ_FIELDS`): absent fields are left out, blank text too."""
    optional = {
        "name": party.name or None,
        "covers": party.covers,
        "tableIds": [wire_id(pk) for pk in table_ids],
        "status": party.status,
        "startTime": _time(party.start_time),
        "expectedEndTime": _time(party.expected_end_time),
        "endTime": _time(party.end_time),
        "hostNotes": party.host_notes or None,
        "guestRequests": party.guest_requests or None,
        "reservationId": None if party.reservation_id is None else wire_id(party.reservation_id),
        "deposit": None if party.deposit_value is None else _deposit_body(party),
    }
    return {"id": wire_id(party.pk), **{name: value for name, value in optional.items() if value is not None}}


def _time(value) -> str | None:
    return None if value is None else format_time(value)


def _deposit_body(party) -> dict:
    body = {"totalAmount": {"value": party.deposit_value, "currencyCode": party.deposit_currency}}
    if party.deposit_description:
        body["description"] = party.deposit_description
    if party.deposit_payment_intent_ids is not None:
        body["paymentIntentIds"] = [str(pk) for pk in party.deposit_payment_intent_ids]
    return body


def _body_of(party: PartyRow) -> dict:
    """The body of a party read with its seats (`selectors.party_get`)."""
    return party_body(party, selectors.party_table_ids(party))


class CreatePartyRequest(serializers.Serializer):
    name = TextField(max_length=200)
    covers = StrictIntegerField(required=False)
    tableIds = table_ids_field()
    status = StrictCharField(max_length=100, required=False)
    startTime = UtcDateTimeField()
    expectedEndTime = UtcDateTimeField(required=False)
    hostNotes = TextField(max_length=5000)
    guestRequests = TextField(max_length=5000)
    reservationId = EntityIdField("reservation", required=False)
    deposit = PartyDeposit(required=False)
    dojoPartyId = StrictCharField(max_length=255)
    dojoReservationId = TextField(max_length=255)


class UpdatePartyRequest(serializers.Serializer):
    dojoPartyId = StrictCharField(max_length=255)
    name = TextField(max_length=200)
    covers = StrictIntegerField(required=False)
    tableIds = table_ids_field()
    status = StrictCharField(max_length=100)
    startTime = UtcDateTimeField()
    expectedEndTime = UtcDateTimeField(required=False)
    endTime = UtcDateTimeField(required=False)
    hostNotes = TextField(max_length=5000)
    guestRequests = TextField(max_length=5000)
    deposit = PartyDeposit(required=False)


def _deposit(venue: Venue, data: dict) -> services.Deposit | None:
    deposit = data.get("deposit")
    if deposit is None:
        return None
    total = deposit["deposit_value"]
    if total.currency != venue.currency:
        raise InvalidInput(f"deposit.totalAmount.currencyCode must be the venue's currency, {venue.currency}.")
    return services.Deposit(
        value=total.value,
        currency=total.currency,
        payment_intent_ids=deposit["deposit_payment_intent_ids"],
        description=deposit.get("deposit_description", ""),
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


@operation("CreateParty", body=CreatePartyRequest, response=Party())
def create_party(venue: Venue, params: dict) -> dict:
    data = validated(CreatePartyRequest, params)
    party, _ = services.party_create(
        venue=venue,
        status=data.get("status") or PartyRow.DEFAULT_STATUS,
        reservation_id=data.get("reservationId"),
        dojo_reservation_id=data.get("dojoReservationId", ""),
        **_details(venue, data),
    )
    return _body_of(party)


@operation("UpdateParty", body=UpdatePartyRequest, response=Party())
def update_party(venue: Venue, params: dict) -> dict:
    data = validated(UpdatePartyRequest, params)
    party = services.party_update(
        venue=venue,
        party_id=path_id(params, "id", "party"),
        status=data["status"],
        end_time=data.get("endTime"),
        **_details(venue, data),
    )
    return _body_of(party)


@operation("GetPartyById", response=Party(), reads_venue=False)
def get_party(venue: Venue, params: dict) -> dict:
    party = selectors.party_read(venue_id=venue.pk, party_id=path_id(params, "partyId", "party"))
    return party_body(party, party.table_ids)


@operation("DeletePartyById")
def delete_party(venue: Venue, params: dict) -> None:
    services.party_delete(venue=venue, party_id=path_id(params, "partyId", "party"))


class SearchPartiesRequest(serializers.Serializer):
    cursor = Cursor(required=False)
    completedOnly = StrictBooleanField(required=False)
    tableId = FilterIdField("table", required=False)


@operation("SearchParties", body=SearchPartiesRequest, response=PagedPartiesResponse(), reads_venue=False)
def search_parties(venue: Venue, params: dict) -> dict:
    query = validated(SearchPartiesRequest, params)
    parties = selectors.party_search(
        venue_id=venue.pk, table_id=query.get("tableId"), completed_only=query.get("completedOnly", False)
    )
    page = PARTIES.paginate(parties, venue_id=venue.pk, cursor=query.get("cursor"))
    return page_body(page, [party_body(party, party.table_ids) for party in page.items])
