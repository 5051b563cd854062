"""The EPOS Data API's wire conventions, shared by the REST and WebSocket transports:
strict JSON in, times as ISO 8601 UTC with milliseconds, IDs as strings, errors as
EPOSError bodies."""
import datetime as dt
import json
import math
import re
from enum import StrEnum

from posbackoffice.kernel.errors import Conflict, DomainError, InvalidInput, NotFound


def format_time(value: dt.datetime) -> str:
    """`2024-08-12T09:30:00.000Z` (the year always in four digits)."""
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"


def wire_id(pk: int) -> str:
    return str(pk)


def parse_wire_id(value: str) -> int | None:
    """The primary key an ID names, or None when it is not an ID this back office issues
    (a string of at most 18 ASCII digits): such an ID names nothing in any venue."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


MAX_JSON_DEPTH = 32  # Dojo's deepest body (an order's sub-item's modifier's amount) is 8 deep
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(text: str | bytes) -> object:
    """A request as both transports read it: JSON (RFC 8259) in UTF-8, with no NaN or
    Infinity, integers within 64 bits, no name twice in an object, nesting at most
    MAX_JSON_DEPTH deep, and no lone UTF-16 surrogate in a string (Python decodes
    `"\\ud800"` to a string that neither the database nor a response can encode). Anything
    else is an InvalidInput."""
    try:
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float,
                           parse_int=_int64, object_pairs_hook=_object_without_repeated_names)
    except UnicodeDecodeError:
        raise InvalidInput("The JSON text is not UTF-8.")
    except RecursionError:
        raise InvalidInput(f"The JSON text is nested more than {MAX_JSON_DEPTH} deep.")
    except ValueError as exc:
        raise InvalidInput(f"The JSON text is malformed: {exc}")
    _check_depth_and_strings(value)
    return value


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"the number {literal[:20]} is out of range")
    return value


def _int64(literal: str) -> int:
    # Checked before converting: Python refuses over 4,300 digits with a message of its own.
    if len(literal.lstrip("-")) > 19 or not -(2**63) <= int(literal) < 2**63:
        raise ValueError(f"the integer {literal[:24]} is out of the 64-bit range")
    return int(literal)


def _object_without_repeated_names(pairs: list[tuple[str, object]]) -> dict:
    value = {}
    for name, item in pairs:
        if name in value:
            raise ValueError(f"the name {name[:64]!r} appears twice in one object")
        value[name] = item
    return value


def _check_depth_and_strings(value: object) -> None:
    """Walks the parsed value without recursion, however deep it is."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                raise InvalidInput("The JSON text has a lone UTF-16 surrogate (\\ud800 to \\udfff) in a string.")
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise InvalidInput(f"The JSON text is nested more than {MAX_JSON_DEPTH} deep.")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


class ErrorType(StrEnum):
    NOT_FOUND = "NotFound"
    UNEXPECTED = "UnexpectedError"
    INVALID_REQUEST = "InvalidRequest"
    CONFLICT = "Conflict"


ERROR_TYPES: dict[type[DomainError], ErrorType] = {
    NotFound: ErrorType.NOT_FOUND,
    InvalidInput: ErrorType.INVALID_REQUEST,
    Conflict: ErrorType.CONFLICT,
}

UNEXPECTED_MESSAGE = "Unexpected error; quote the traceId when reporting it."


def error_for(exc: Exception) -> tuple[ErrorType, int, str]:
    """How a failure answers over either transport: its EPOSError type, HTTP status and
    message. A refusal of the POS's rules says why; anything else is an UnexpectedError
    that gives nothing of its cause away."""
    if isinstance(exc, DomainError):
        error_type = next((kind for cls, kind in ERROR_TYPES.items() if isinstance(exc, cls)), ErrorType.INVALID_REQUEST)
        return error_type, exc.http_status, str(exc)
    return ErrorType.UNEXPECTED, 500, UNEXPECTED_MESSAGE


def error_body(error_type: ErrorType, debug_message: str, trace_id: str) -> dict:
    return {"errorType": str(error_type), "debugMessage": debug_message, "traceId": trace_id}
