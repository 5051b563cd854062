"""How the floor's pages write URLs and amounts, shared by the templates (the `frontdesk`
template tags) and the parts written in Python (`tiles`, `reservation_list`)."""
import datetime as dt
import functools
import html
import zoneinfo
from collections.abc import Callable
from decimal import Decimal

from django.urls import get_script_prefix, reverse


def escape(value) -> str:
    """`value` as text, escaped for HTML (text or an attribute's value) as Django's `escape`
    escapes it, without its wrapping: for the parts written with f-strings, whose every
    value from the database goes through it."""
    return html.escape(str(value))


def url_for_each(name: str, slug: str) -> Callable[[int], str]:
    """`reverse(name, args=[slug, pk])` for any pk, reversed once: the pk's place in the
    URL is found by reversing with a marker number in its stead."""
    head, tail = _around_the_pk(name, slug, get_script_prefix())
    return lambda pk: f"{head}{pk}{tail}"


@functools.lru_cache(maxsize=1024)
def _around_the_pk(name: str, slug: str, prefix: str) -> tuple[str, str]:
    """What comes before and after the pk in the URL: the same for a venue's every render
    (the script prefix, which `reverse` puts first, is part of the key)."""
    marker = "987654321"
    head, tail = reverse(name, args=[slug, int(marker)]).rsplit(marker, 1)
    return head, tail


def minor_units(value: int | None, currency: str) -> str:
    """An amount in minor units (pence) as "12.50 GBP"."""
    if value is None:
        return ""
    return f"{Decimal(value) / 100:.2f} {currency}"


def clock(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """A time of day at the venue: "19:05"."""
    return f"{moment.astimezone(zone):%H:%M}"
