"""Keyset pagination with the cursor in the request body, as the EPOS Data API pages.

Pages are cut on a unique ordering (a sort key, then the primary key), so they stay
stable while rows are inserted, and no OFFSET is used. Cursors are opaque: signed, so a
forged or edited one is refused, and salted per search and venue.
"""
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

from django.core import signing
from django.db import models
from django.db.models import Q, QuerySet
from rest_framework import serializers

from posbackoffice.kernel.errors import InvalidInput
from posbackoffice.kernel.queries import Param, ParamQuery, prepared

from .fields import StrictCharField, StrictIntegerField, WireSerializer

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


class Cursor(serializers.Serializer):
    limit = StrictIntegerField(min_value=1, max_value=MAX_LIMIT, required=False)
    before = StrictCharField(max_length=2000, required=False)
    after = StrictCharField(max_length=2000, required=False)

    def validate(self, attrs):
        if attrs.get("before") and attrs.get("after"):
            raise serializers.ValidationError("before and after are mutually exclusive; give one of them.")
        return attrs


@dataclass(frozen=True)
class Page:
    items: list
    before: str | None
    after: str | None


class PagedResponse(WireSerializer):
    # The `{data, before, after}` body of a page of results: a subclass, named as Dojo's
    # spec names it, declares `data = Item(many=True, source="items")`.

    before = serializers.CharField(required=False)
    after = serializers.CharField(required=False)


def page_body(page: Page, data: list[dict]) -> dict:
    """The body `PagedResponse` documents: the page's rows (`data`, as built by the caller)
    and its cursors, those it has."""
    cursors = {name: value for name, value in (("before", page.before), ("after", page.after)) if value is not None}
    return {**cursors, "data": data}


@dataclass(frozen=True)
class KeyField:
    name: str
    dump: Callable = lambda value: value
    load: Callable = lambda value: value
    field: Callable[[], models.Field] = models.IntegerField  # of its `Param` in a prepared search


PK = KeyField("pk", load=int)
START_TIME = KeyField(
    "start_time", dump=dt.datetime.isoformat, load=dt.datetime.fromisoformat, field=models.DateTimeField
)


@dataclass(frozen=True)
class Keyset:
    """A search's ordering: `fields` ascending, the last of them unique."""

    scope: str
    fields: Sequence[KeyField]

    def paginate(self, rows: QuerySet | ParamQuery, *, venue_id: int, cursor: dict | None) -> Page:
        """A page of `rows`: a queryset, or a search whose pages are read by queries
        compiled once for each of its shapes (`ParamQuery`)."""
        cursor = cursor or {}
        limit = cursor.get("limit", DEFAULT_LIMIT)
        backwards = bool(cursor.get("before"))
        position = self._decode(cursor.get("before") or cursor.get("after"), venue_id)
        if isinstance(rows, ParamQuery):
            rows = self._prepared_rows(rows, position, backwards, limit + 1)
        else:
            rows = self._rows(rows, position, backwards, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        if backwards:
            rows.reverse()
        has_before = more if backwards else position is not None
        has_after = position is not None if backwards else more
        return Page(
            items=rows,
            before=self._encode(rows[0], venue_id) if rows and has_before else None,
            after=self._encode(rows[-1], venue_id) if rows and has_after else None,
        )

    def _ordering(self, backwards: bool) -> list[str]:
        return [f"-{f.name}" if backwards else f.name for f in self.fields]

    def _rows(self, queryset: QuerySet, position: list | None, backwards: bool, limit: int) -> list:
        if position is not None:
            queryset = queryset.filter(self._beyond(position, backwards))
        return list(queryset.order_by(*self._ordering(backwards))[:limit])

    def _prepared_rows(self, search: ParamQuery, position: list | None, backwards: bool, limit: int) -> list:
        """The search's rows past the position (as `Param`s), in order: the SQL depends on
        the search's shape, whether there is a position, and the direction."""
        placed = position is not None
        params = [Param(f"position_{f.name}", f.field()) for f in self.fields]

        def build() -> QuerySet:
            rows = search.build()
            if placed:
                rows = rows.filter(self._beyond(params, backwards))
            return rows.order_by(*self._ordering(backwards))

        read = prepared(("page", self.scope, *search.shape, placed, backwards), build)
        at = {param.name: value for param, value in zip(params, position)} if placed else {}
        return read.rows(limit=limit, **search.values, **at)

    def _beyond(self, position: list, backwards: bool) -> Q:
        """Rows strictly after (or before) `position` in the lexicographic order of the fields."""
        op = "lt" if backwards else "gt"
        clauses = []
        for i, field in enumerate(self.fields):
            equal = {f.name: position[j] for j, f in enumerate(self.fields[:i])}
            clauses.append(Q(**equal, **{f"{field.name}__{op}": position[i]}))
        return reduce(lambda a, b: a | b, clauses)

    def _salt(self, venue_id: int) -> str:
        return f"epos-cursor:{self.scope}:{venue_id}"

    def _encode(self, row, venue_id: int) -> str:
        values = [f.dump(getattr(row, f.name)) for f in self.fields]
        return signing.Signer(salt=self._salt(venue_id)).sign_object(values, compress=True)

    def _decode(self, token: str | None, venue_id: int) -> list | None:
        if not token:
            return None
        try:
            values = signing.Signer(salt=self._salt(venue_id)).unsign_object(token)
            if not isinstance(values, list) or len(values) != len(self.fields):
                raise ValueError
            return [f.load(value) for f, value in zip(self.fields, values)]
        except (signing.BadSignature, ValueError, TypeError):
            raise InvalidInput("The cursor is not one this search returned; start again without a cursor.")
