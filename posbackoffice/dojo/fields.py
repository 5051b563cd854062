"""DRF fields and the serializer base for EPOS bodies, in both directions.

Input is strict: DRF's stock fields coerce ("4" becomes 4, 4 becomes "4", "yes" becomes
True, a naive time is taken as local), but Dojo sends typed JSON, so anything else is an
invalid request. Output follows the wire conventions of `wire.py`.
"""
import datetime as dt
from collections.abc import Callable
from functools import cached_property

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import Field, SkipField

from orders import values

from .wire import format_time, parse_wire_id, wire_id


class WireSerializer(serializers.Serializer):
    """Leaves out fields without a value: Dojo's schemas type them as non-nullable.

    On the way out, a field that reads one plain attribute (most do) reads it directly rather
    than through DRF's general lookup, which costs more than the rest of the field's work;
    anything else (a dotted or `*` source, a method, a mapping, a field with a `get_attribute`
    of its own) goes through DRF's lookup as before."""

    @cached_property
    def _output_fields(self) -> list[tuple[Field, str | None]]:
        return [(field, _plain_attribute(field)) for field in self._readable_fields]

    def to_representation(self, instance):
        data = {}
        for field, name in self._output_fields:
            try:
                attribute = _read(field, name, instance)
            except SkipField:
                continue
            if attribute is not None and (value := field.to_representation(attribute)) is not None:
                data[field.field_name] = value
        return data


_MISSING = object()


def _plain_attribute(field: Field) -> str | None:
    if type(field).get_attribute is not Field.get_attribute or len(field.source_attrs) != 1:
        return None
    return field.source_attrs[0]


def _read(field: Field, name: str | None, instance):
    if name is not None:
        value = getattr(instance, name, _MISSING)
        if value is not _MISSING and not callable(value):
            return value
    return field.get_attribute(instance)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextField(StrictCharField):
    """Free text kept exactly as sent (guest requests are the guest's own words); blank
    text is absent on the way out."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(allow_blank=True, trim_whitespace=False, **kwargs)

    def to_representation(self, value):
        return value or None


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class UtcDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time with an explicit offset (`Z` or `+01:00`) in, UTC with milliseconds out."""

    default_error_messages = {
        "naive": "Give the time with its UTC offset, e.g. 2024-08-12T09:30:00.000Z.",
        "out_of_range": "The time must fall between the years {first} and {last}.",
    }
    YEARS = (2000, 2100)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601")
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail("invalid", format="ISO 8601")
        if parsed.tzinfo is None:
            self.fail("naive")
        first, last = self.YEARS
        if not first <= parsed.year <= last:
            self.fail("out_of_range", first=first, last=last)
        return parsed.astimezone(dt.UTC)

    def to_representation(self, value):
        return format_time(value)


@extend_schema_field({"type": "string"})
class EntityIdField(serializers.Field):
    """An ID of one of the venue's entities: the primary key inside, a string on the wire.
    An ID this back office could never have issued is reported as unknown."""

    default_error_messages = {
        "invalid": "IDs are strings.",
        "unknown": "Unknown {what} ID {value!r} for this venue.",
    }

    def __init__(self, what: str = "entity", **kwargs):
        self.what = what
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        pk = parse_wire_id(data)
        if pk is None:
            self.fail("unknown", what=self.what, value=data[:64])
        return pk

    def to_representation(self, value):
        return wire_id(value)


class FilterIdField(EntityIdField):
    """An ID a search filters by. One this back office could never have issued names no
    row, as a deleted row's ID does, so the search matches nothing: it filters by NO_ROW."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        pk = parse_wire_id(data)
        return NO_ROW if pk is None else pk


NO_ROW = 0  # a primary key no row has: the database's sequences start at 1


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class RelatedIdsField(serializers.Field):
    """The IDs of related rows (prefetched: a related manager, or a plain list), e.g. a
    table's waiters."""

    def __init__(self, id_attr: str = "pk", **kwargs):
        self.id_attr = id_attr
        super().__init__(**kwargs)

    def to_representation(self, related):
        rows = related.all() if hasattr(related, "all") else related
        return [wire_id(getattr(row, self.id_attr)) for row in rows]


class Money(WireSerializer):
    """An amount in minor units with its ISO 4217 currency, as Dojo's `Money` schema."""

    value = StrictIntegerField(min_value=0, max_value=10**12)
    currencyCode = StrictCharField(source="currency", min_length=1, max_length=10)

    def __init__(self, *, currency: Callable[[object], str] | None = None, **kwargs):
        """Both ways, an `orders.values.Money` inside. The POS stores amounts as bare
        integers: on the way out the amount is the row's attribute `source`, and
        `currency(row)` gives its currency."""
        self.currency_of = currency
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        amount = super().get_attribute(instance)
        return None if amount is None else values.Money(value=amount, currency=self.currency_of(instance))

    def to_internal_value(self, data) -> values.Money:
        return values.Money(**super().to_internal_value(data))


class Columns(WireSerializer):
    # A nested object of Dojo's that the POS keeps as columns of the entity's own row (an
    # order's customer, a party's deposit). On the way out it reads that row, and is left
    # out where `shown(row)` is false; on the way in it is an ordinary nested object.

    def shown(self, row) -> bool:
        return True

    def get_attribute(self, instance):
        return instance if self.shown(instance) else None


def table_ids_field() -> serializers.ListField:
    """`tableIds` in a request: one table at least (ERRATA.md §5), a sane number at most."""
    return serializers.ListField(child=EntityIdField("table"), allow_empty=False, max_length=50)
