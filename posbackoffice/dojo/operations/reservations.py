"""CreateReservation, UpdateReservation, GetReservationById, DeleteReservationById, SearchReservations."""
from rest_framework import serializers

from bookings import selectors, services
from floorplan.models import Venue

from ..cursor import PK, START_TIME, Cursor, Keyset, PagedResponse, page_body
from ..fields import (
    EntityIdField,
    FilterIdField,
    RelatedIdsField,
    StrictCharField,
    StrictIntegerField,
    TextField,
    UtcDateTimeField,
    WireSerializer,
    table_ids_field,
)
from ..wire import format_time, wire_id
from .base import operation, path_id, validated

RESERVATIONS = Keyset(scope="reservations", fields=[START_TIME, PK])


class Reservation(WireSerializer):
    id = EntityIdField(source="pk")
    name = serializers.CharField()
    covers = StrictIntegerField()
    startTime = UtcDateTimeField(source="start_time")
    endTime = UtcDateTimeField(source="end_time")
    tableIds = RelatedIdsField(source="tables")
    hostNotes = TextField(source="host_notes")
    guestRequests = TextField(source="guest_requests")


class PagedReservationsResponse(PagedResponse):
    data = Reservation(many=True, source="items")


def reservation_body(reservation, table_ids: list[int]) -> dict:
    """What the `Reservation` serializer documents, built directly from a read's row of a
    reservation (`selectors.RESERVATION_READ_FIELDS`): blank text is left out."""
    optional = {"hostNotes": reservation.host_notes or None, "guestRequests": reservation.guest_requests or None}
    return {
        "id": wire_id(reservation.pk),
        "name": reservation.name,
        "covers": reservation.covers,
        "startTime": format_time(reservation.start_time),
        "endTime": format_time(reservation.end_time),
        "tableIds": [wire_id(pk) for pk in table_ids],
        **{name: value for name, value in optional.items() if value is not None},
    }


class CreateReservationRequest(serializers.Serializer):
    dojoReservationId = StrictCharField(max_length=255)
    name = StrictCharField(max_length=200, allow_blank=True, trim_whitespace=False)
    covers = StrictIntegerField()
    startTime = UtcDateTimeField()
    endTime = UtcDateTimeField()
    tableIds = table_ids_field()
    hostNotes = TextField(max_length=5000)
    guestRequests = TextField(max_length=5000)


class UpdateReservationRequest(CreateReservationRequest):
    pass


def _details(data: dict) -> dict:
    return {
        "dojo_reservation_id": data["dojoReservationId"],
        "name": data["name"],
        "covers": data["covers"],
        "start_time": data["startTime"],
        "end_time": data["endTime"],
        "table_ids": data["tableIds"],
        "host_notes": data.get("hostNotes", ""),
        "guest_requests": data.get("guestRequests", ""),
    }


@operation("CreateReservation", body=CreateReservationRequest, response=Reservation())
def create_reservation(venue: Venue, params: dict) -> dict:
    data = validated(CreateReservationRequest, params)
    reservation, _ = services.reservation_create(venue=venue, **_details(data))
    return Reservation(reservation).data


@operation("UpdateReservation", body=UpdateReservationRequest, response=Reservation())
def update_reservation(venue: Venue, params: dict) -> dict:
    data = validated(UpdateReservationRequest, params)
    reservation_id = path_id(params, "id", "reservation")
    return Reservation(services.reservation_update(venue=venue, reservation_id=reservation_id, **_details(data))).data


@operation("GetReservationById", response=Reservation(), reads_venue=False)
def get_reservation(venue: Venue, params: dict) -> dict:
    reservation_id = path_id(params, "reservationId", "reservation")
    reservation = selectors.reservation_read(venue_id=venue.pk, reservation_id=reservation_id)
    return reservation_body(reservation, reservation.table_ids)


@operation("DeleteReservationById")
def delete_reservation(venue: Venue, params: dict) -> None:
    services.reservation_delete(venue=venue, reservation_id=path_id(params, "reservationId", "reservation"))


class SearchReservationsRequest(serializers.Serializer):
    cursor = Cursor(required=False)
    tableId = FilterIdField("table", required=False)
    fromTime = UtcDateTimeField(required=False)
    toTime = UtcDateTimeField(required=False)

    def validate(self, attrs):
        if "fromTime" in attrs and "toTime" in attrs and attrs["toTime"] <= attrs["fromTime"]:
            raise serializers.ValidationError("toTime must be after fromTime.")
        return attrs


@operation("SearchReservations", body=SearchReservationsRequest, response=PagedReservationsResponse(), reads_venue=False)
def search_reservations(venue: Venue, params: dict) -> dict:
    query = validated(SearchReservationsRequest, params)
    reservations = selectors.reservation_search(
        venue_id=venue.pk, table_id=query.get("tableId"), from_time=query.get("fromTime"), to_time=query.get("toTime")
    )
    page = RESERVATIONS.paginate(reservations, venue_id=venue.pk, cursor=query.get("cursor"))
    return page_body(page, [reservation_body(reservation, reservation.table_ids) for reservation in page.items])
