"""CreateReservation, UpdateReservation, GetReservationById, DeleteReservationById, SearchReservations."""
from rest_framework import serializers

from bookings import selectors, services
from bookings.models import Reservation
from floorplan.models import Venue
from posbackoffice.errors import InvalidInput

from ..cursor import PK, START_TIME, CursorSerializer, Keyset
from ..fields import EntityIdField, StrictCharField, StrictIntegerField, UtcDateTimeField
from ..wire import compact, format_time, parse_wire_id, wire_id
from .base import operation, validated

RESERVATIONS = Keyset(scope="reservations", fields=[START_TIME, PK])


def reservation_to_wire(reservation: Reservation) -> dict:
    return compact(
        {
            "id": wire_id(reservation.pk),
            "name": reservation.name,
            "covers": reservation.covers,
            "startTime": format_time(reservation.start_time),
            "endTime": format_time(reservation.end_time),
            "tableIds": [wire_id(table.pk) for table in reservation.tables.all()],
            "hostNotes": reservation.host_notes or None,
            "guestRequests": reservation.guest_requests or None,
        }
    )


class ReservationDetails(serializers.Serializer):
    dojoReservationId = StrictCharField(max_length=255)
    name = StrictCharField(max_length=200, allow_blank=True, trim_whitespace=False)
    covers = StrictIntegerField()
    startTime = UtcDateTimeField()
    endTime = UtcDateTimeField()
    tableIds = serializers.ListField(child=EntityIdField("table"), allow_empty=False, max_length=50)
    hostNotes = StrictCharField(max_length=5000, required=False, allow_blank=True, trim_whitespace=False)
    guestRequests = StrictCharField(max_length=5000, required=False, allow_blank=True, trim_whitespace=False)


class UpdateReservationParams(ReservationDetails):
    id = StrictCharField(max_length=64)


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


@operation("CreateReservation")
def create_reservation(venue: Venue, params: dict) -> dict:
    data = validated(ReservationDetails, params)
    reservation, _ = services.reservation_create(venue=venue, **_details(data))
    return reservation_to_wire(reservation)


@operation("UpdateReservation")
def update_reservation(venue: Venue, params: dict) -> dict:
    data = validated(UpdateReservationParams, params)
    reservation_id = parse_wire_id(data["id"], "reservation")
    reservation = services.reservation_update(venue=venue, reservation_id=reservation_id, **_details(data))
    return reservation_to_wire(reservation)


class ReservationIdParams(serializers.Serializer):
    reservationId = StrictCharField(max_length=64)


@operation("GetReservationById")
def get_reservation(venue: Venue, params: dict) -> dict:
    reservation_id = parse_wire_id(validated(ReservationIdParams, params)["reservationId"], "reservation")
    return reservation_to_wire(selectors.reservation_get(venue=venue, reservation_id=reservation_id))


@operation("DeleteReservationById")
def delete_reservation(venue: Venue, params: dict) -> None:
    reservation_id = parse_wire_id(validated(ReservationIdParams, params)["reservationId"], "reservation")
    services.reservation_delete(venue=venue, reservation_id=reservation_id)


class SearchReservationsParams(serializers.Serializer):
    tableId = EntityIdField("table", required=False)
    fromTime = UtcDateTimeField(required=False)
    toTime = UtcDateTimeField(required=False)
    cursor = CursorSerializer(required=False)


@operation("SearchReservations")
def search_reservations(venue: Venue, params: dict) -> dict:
    query = validated(SearchReservationsParams, params)
    if "fromTime" in query and "toTime" in query and query["toTime"] <= query["fromTime"]:
        raise InvalidInput("toTime must be after fromTime.")
    reservations = selectors.reservation_search(
        venue=venue, table_id=query.get("tableId"), from_time=query.get("fromTime"), to_time=query.get("toTime")
    )
    page = RESERVATIONS.paginate(reservations, venue_id=venue.pk, cursor=query.get("cursor"))
    return page.to_wire(reservation_to_wire)
