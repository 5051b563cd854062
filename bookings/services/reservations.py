"""Reservations: booking tables ahead of time, changing every detail of a booking, cancelling it."""
import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from floorplan.models import Venue
from floorplan.selectors import tables_for_booking
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.models import ChangeRecord

from ..models import Reservation
from ..selectors import reservation_get
from .steps import check_reservation_details, delete, locked, same_or_first_external_id, write_reservation


def reservation_create(
    *,
    venue: Venue,
    name: str,
    covers: int,
    start_time: dt.datetime,
    end_time: dt.datetime,
    table_ids: Iterable[int],
    host_notes: str = "",
    guest_requests: str = "",
    dojo_reservation_id: str | None = None,
) -> tuple[Reservation, bool]:
    """Book tables ahead of time. Idempotent on `dojo_reservation_id`: a retry returns the
    reservation already made (and False), creating nothing."""
    check_reservation_details(covers=covers, start_time=start_time, end_time=end_time)
    existing = _reservation_by_dojo_id(venue, dojo_reservation_id)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            tables = tables_for_booking(venue=venue, table_ids=table_ids)
            reservation = Reservation.objects.create(
                venue=venue,
                dojo_reservation_id=dojo_reservation_id,
                name=name,
                covers=covers,
                start_time=start_time,
                end_time=end_time,
                host_notes=host_notes,
                guest_requests=guest_requests,
            )
            reservation.tables.set(tables)
            change_record(venue_id=venue.pk, entity="reservation", entity_id=reservation.pk, action=ChangeRecord.Action.CREATED)
    except IntegrityError:
        # A concurrent retry created it first.
        existing = _reservation_by_dojo_id(venue, dojo_reservation_id)
        if existing is None:
            raise
        return existing, False
    return reservation_get(venue=venue, reservation_id=reservation.pk), True


def reservation_update(
    *,
    venue: Venue,
    reservation_id: int,
    name: str,
    covers: int,
    start_time: dt.datetime,
    end_time: dt.datetime,
    table_ids: Iterable[int],
    host_notes: str = "",
    guest_requests: str = "",
    dojo_reservation_id: str | None = None,
) -> Reservation:
    """Set every detail of the reservation to those given."""
    check_reservation_details(covers=covers, start_time=start_time, end_time=end_time)
    with transaction.atomic():
        reservation = locked(Reservation, venue=venue, pk=reservation_id, what="reservation")
        reservation.dojo_reservation_id = same_or_first_external_id(
            reservation.dojo_reservation_id, dojo_reservation_id, "reservation"
        )
        write_reservation(
            reservation,
            venue=venue,
            name=name,
            covers=covers,
            start_time=start_time,
            end_time=end_time,
            table_ids=table_ids,
            host_notes=host_notes,
            guest_requests=guest_requests,
        )
    return reservation_get(venue=venue, reservation_id=reservation.pk)


def reservation_delete(*, venue: Venue, reservation_id: int) -> None:
    """Cancel the reservation. A party already seated from it stays, unlinked."""
    delete(Reservation, venue=venue, pk=reservation_id, entity="reservation")


def _reservation_by_dojo_id(venue: Venue, dojo_reservation_id: str | None) -> Reservation | None:
    if not dojo_reservation_id:
        return None
    found = Reservation.objects.filter(venue=venue, dojo_reservation_id=dojo_reservation_id).first()
    return reservation_get(venue=venue, reservation_id=found.pk) if found else None
