"""How the floor's pages write URLs and amounts, shared by the templates (the `frontdesk`
template tags) and the parts written in Python (`tiles`, `reservation_list`)."""
import datetime as dt
import zoneinfo
from collections.abc import Callable
from decimal import Decimal

from django.urls import reverse


def url_for_each(name: str, slug: str) -> Callable[[int], str]:
    """`reverse(name, args=[slug, pk])` for any pk, reversed once: the pk's place in the
    URL is found by reversing with a marker number in its stead."""
    marker = "987654321"
    head, tail = reverse(name, args=[slug, int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


def minor_units(value: int | None, currency: str) -> str:
    """An amount in minor units (pence) as "12.50 GBP"."""
    if value is None:
        return ""
    return f"{Decimal(value) / 100:.2f} {currency}"


def clock(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """A time of day at the venue: "19:05"."""
    return f"{moment.astimezone(zone):%H:%M}"
