"""Strict DRF fields for EPOS request bodies.

DRF's stock fields coerce ("4" becomes 4, 4 becomes "4", "yes" becomes True, a naive
time is taken as local). Dojo sends typed JSON, so anything else is an invalid request.
"""
import datetime as dt

from rest_framework import serializers

from .wire import is_wire_id


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


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
    """An ISO 8601 time with an explicit offset (`Z` or `+01:00`), returned in UTC."""

    default_error_messages = {"naive": "Give the time with its UTC offset, e.g. 2024-08-12T09:30:00.000Z."}

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601")
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail("invalid", format="ISO 8601")
        if parsed.tzinfo is None:
            self.fail("naive")
        return parsed.astimezone(dt.UTC)


class EntityIdField(serializers.Field):
    """An ID of one of the venue's entities in a request body, as its primary key.
    An ID this back office could never have issued is reported as unknown."""

    default_error_messages = {
        "invalid": "IDs are strings.",
        "unknown": "Unknown {what} ID {value!r} for this venue.",
    }

    def __init__(self, what: str, **kwargs):
        self.what = what
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not is_wire_id(data):
            self.fail("unknown", what=self.what, value=data[:64])
        return int(data)

    def to_representation(self, value):
        return str(value)
