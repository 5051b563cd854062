"""The order staff expect tables in: "T2" before "T10", as people count, not as text sorts."""
import functools
import re
from collections.abc import Iterable
from typing import TypeVar

_NUMBERS = re.compile(r"(\d+)")

Named = TypeVar("Named")


@functools.lru_cache(maxsize=4096)
def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sorts names by their runs of digits as numbers and the rest without case:
    1, 2, 10, 12; "Bar 2" before "bar 10". Kept for the names seen last: a venue's tables
    are sorted by them in every rendering of its floor."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _NUMBERS.split(name.strip())
        if part
    )


def in_natural_order(tables: Iterable[Named]) -> list[Named]:
    """Tables (anything with a `name`) in natural order of their names."""
    return sorted(tables, key=lambda table: natural_key(table.name))


def table_names(tables: Iterable[Named], joiner: str = ", ") -> str:
    """The tables' names in natural order: "T4, T5" (or "T4+T5" with `joiner="+"`)."""
    return joiner.join(table.name for table in in_natural_order(tables))
