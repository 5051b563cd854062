"""The EPOS Data API's wire conventions, shared by the REST and WebSocket transports:
times as ISO 8601 UTC with milliseconds, IDs as strings, errors as EPOSError bodies."""
import datetime as dt
from enum import StrEnum

from posbackoffice.kernel.errors import Conflict, DomainError, InvalidInput, NotFound


def format_time(value: dt.datetime) -> str:
    """`2024-08-12T09:30:00.000Z`"""
    utc = value.astimezone(dt.UTC)
    return f"{utc:%Y}".zfill(4) + f"{utc:-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def wire_id(pk: int) -> str:
    return str(pk)


def parse_wire_id(value: str) -> int | None:
    """The primary key an ID names, or None when it is not an ID this back office issues
    (a string of at most 18 ASCII digits): such an ID names nothing in any venue."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


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
