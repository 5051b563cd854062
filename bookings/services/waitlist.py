"""Walk-in guests waiting for a table: added with the wait they were quoted, seated from the
list, or gone.

The list is the POS's own and Dojo never hears of it (its vocabulary has no event for a
waitlist; `posbackoffice.dojo.signals` does not track it). Seating from the list is seating a
walk-in (`floor.party_seat_walk_in`): the same rules, the same questions, the same
`PartyUpdated` event, in the one transaction that also closes the entry. The entry is locked
first, then the tables (as a reservation is before its tables), so two hosts seating the
same group cannot both succeed.
"""
import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from floorplan.models import Venue
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord

from ..models import Party, WaitlistEntry
from .floor import party_seat_walk_in
from .steps import check_covers

LONGEST_QUOTE = 240  # minutes


def waitlist_add(
    *,
    venue: Venue,
    name: str,
    covers: int,
    phone: str = "",
    notes: str = "",
    quoted_minutes: int | None = None,
    now: dt.datetime | None = None,
) -> WaitlistEntry:
    """Put a walk-in group on the waitlist, with the wait they were told."""
    if not name.strip():
        raise InvalidInput("A name is needed, to call the guests when their table is ready.")
    check_covers(covers)
    if quoted_minutes is not None and not 0 <= quoted_minutes <= LONGEST_QUOTE:
        raise InvalidInput(f"A quoted wait is between 0 and {LONGEST_QUOTE} minutes.")
    with transaction.atomic():
        entry = WaitlistEntry.objects.create(
            venue=venue, name=name.strip(), covers=covers, phone=phone.strip(), notes=notes,
            quoted_minutes=quoted_minutes, added_at=now or timezone.now(),
        )
        _record(entry, ChangeRecord.Action.CREATED)
    return entry


def waitlist_seat(
    *,
    venue: Venue,
    entry_id: int,
    table_ids: Iterable[int],
    now: dt.datetime | None = None,
    confirmed: bool = False,
) -> Party:
    """Seat a waiting group at these tables: they become a walk-in party (their notes its
    host notes) and leave the list."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = _waiting(venue, entry_id)
        party = party_seat_walk_in(
            venue=venue, table_ids=table_ids, covers=entry.covers, name=entry.name, host_notes=entry.notes,
            now=now, confirmed=confirmed,
        )
        entry.status, entry.closed_at, entry.party = WaitlistEntry.Status.SEATED, now, party
        entry.save()
        _record(entry, ChangeRecord.Action.UPDATED)
    return party


def waitlist_mark_left(*, venue: Venue, entry_id: int, now: dt.datetime | None = None) -> WaitlistEntry:
    """The group went away before a table was ready (kept, to see how long people wait)."""
    with transaction.atomic():
        entry = _waiting(venue, entry_id)
        entry.status, entry.closed_at = WaitlistEntry.Status.LEFT, now or timezone.now()
        entry.save()
        _record(entry, ChangeRecord.Action.UPDATED)
    return entry


def waitlist_remove(*, venue: Venue, entry_id: int) -> None:
    """Take an entry off the list altogether (added by mistake, or twice)."""
    with transaction.atomic():
        entry = _locked(venue, entry_id)
        entry.delete()
        change_record(venue_id=venue.pk, entity="waitlist", entity_id=entry_id, action=ChangeRecord.Action.DELETED)


def _locked(venue: Venue, entry_id: int) -> WaitlistEntry:
    entry = WaitlistEntry.objects.select_for_update().filter(venue=venue, pk=entry_id).first()
    if entry is None:
        raise NotFound("That group is no longer on the waitlist.")
    return entry


def _waiting(venue: Venue, entry_id: int) -> WaitlistEntry:
    entry = _locked(venue, entry_id)
    if entry.status != WaitlistEntry.Status.WAITING:
        raise Conflict(f"{entry} has already {'been seated' if entry.status == WaitlistEntry.Status.SEATED else 'left'}.")
    return entry


def _record(entry: WaitlistEntry, action: str) -> None:
    change_record(venue_id=entry.venue_id, entity="waitlist", entity_id=entry.pk, action=action)
