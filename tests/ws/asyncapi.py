"""Dojo's AsyncAPI document for the WebSocket, as JSON Schema validators.

Every request a test sends is checked against the channel's request payload and every
reply against its response payload, with `$ref`s resolved inside the document itself.
"""
import copy
import re
from functools import cache

import yaml
from jsonschema import Draft7Validator, FormatChecker

from ..spec import spec_path

SPEC_PATH = spec_path("epos-data-ws.asyncapi.yml")
SCHEMAS = "#/components/schemas/"
# The wire's one time format (wire.py): ISO 8601 UTC with milliseconds.
WIRE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")

FORMATS = FormatChecker()


@FORMATS.checks("date-time")
def is_wire_time(value) -> bool:
    return not isinstance(value, str) or bool(WIRE_TIME.match(value))


@cache
def raw_spec() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text())


@cache
def spec_as_errata_read() -> dict:
    """The document bent to ERRATA.md's readings; every bend is here."""
    spec = copy.deepcopy(raw_spec())
    # ERRATA §5: `minLength: 1` on a `tableIds` array means at least one table (JSON
    # Schema ignores minLength on arrays): an empty `tableIds` is invalid everywhere.
    for schema in _all_schemas(spec["components"]["schemas"]):
        if schema.get("type") == "array" and "minLength" in schema:
            schema["minItems"] = schema.pop("minLength")
    # ERRATA §8: the channels' response payloads require `result`, so they describe
    # successes; a failure is a JsonrpcResponseV1 with an EPOSError in `error` and no result.
    spec["components"]["schemas"]["FailedJsonrpcResponseV1"] = {
        "allOf": [{"$ref": SCHEMAS + "JsonrpcResponseV1"}],
        "required": ["error"],
        "not": {"required": ["result"]},
    }
    return spec


def _all_schemas(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _all_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_schemas(value)


def channels() -> dict:
    return spec_as_errata_read()["channels"]


def validator(ref: str) -> Draft7Validator:
    """A validator for the schema at `ref` (e.g. `#/components/schemas/Party`)."""
    return Draft7Validator({**spec_as_errata_read(), "$ref": ref}, format_checker=FORMATS)


def request_validator(method: str) -> Draft7Validator:
    return validator(channels()[method]["subscribe"]["message"]["payload"]["$ref"])


def reply_validator(method: str) -> Draft7Validator:
    return validator(channels()[method]["publish"]["message"]["payload"]["$ref"])


def failure_validator() -> Draft7Validator:
    return validator(SCHEMAS + "FailedJsonrpcResponseV1")


def event_types() -> list[str]:
    return raw_spec()["components"]["schemas"]["EventType"]["enum"]
