"""Times of day as staff give them at the venue (24-hour "19:30"), turned into moments."""
import datetime as dt
import zoneinfo

from posbackoffice.kernel.errors import InvalidInput

# An end earlier in the day than its start means after midnight only for a stay this long at
# most: 23:00 to 01:00 is a late party, 19:00 to 18:30 is a slip.
LONGEST_OVERNIGHT = dt.timedelta(hours=8)


def end_after(start: dt.datetime, time_of_day: dt.time, *, zone: zoneinfo.ZoneInfo, since: str) -> dt.datetime:
    """The first `time_of_day` at the venue after `start`: the same day, or the small hours
    of the next. An earlier time that would make the stay longer than LONGEST_OVERNIGHT is
    refused ("18:30 is before the seating (19:00)": `since` names the start), never
    silently read as tomorrow."""
    start = start.astimezone(zone)
    same_day = dt.datetime.combine(start.date(), time_of_day, tzinfo=zone)
    if same_day > start:
        return same_day
    next_day = dt.datetime.combine(start.date() + dt.timedelta(days=1), time_of_day, tzinfo=zone)
    if next_day - start > LONGEST_OVERNIGHT:
        raise InvalidInput(f"{time_of_day:%H:%M} is before {since} ({start:%H:%M}).")
    return next_day
