"""What every answer of the EPOS REST API must be, whatever was asked: checked on each
request the property-based tests send (schemathesis' and our own)."""
import json
import re

from django.db import connection

from bookings.models import Party, Reservation
from orders.models import Order
from posbackoffice.dojo.models import OutboxEvent
from posbackoffice.kernel.models import ChangeRecord

WRITTEN = (Reservation, Party, Order, ChangeRecord, OutboxEvent)
ERROR_TYPES = {"NotFound", "InvalidRequest", "Conflict", "UnexpectedError"}


def written_rows() -> dict[str, int]:
    """How many rows each kind of write has left: a refusal must leave them all as they were.
    One query, as it runs around every request sent."""
    counts = ", ".join(f"(SELECT count(*) FROM {model._meta.db_table})" for model in WRITTEN)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip((model.__name__ for model in WRITTEN), cursor.fetchone()))


def assert_answered(response, rows_before: dict[str, int]) -> None:
    """Never a server error; every error an EPOSError in JSON; nothing written on a refusal.
    `response` is requests' or schemathesis' (whose headers are lists)."""
    status, content = response.status_code, response.content
    assert status < 500, f"{status}: {content[:300]!r}"
    if status < 400:
        return
    content_type = {name.lower(): value for name, value in response.headers.items()}.get("content-type", "")
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type == "application/json", f"{status} answered as {content_type!r}: {content[:300]!r}"
    body = json.loads(content)
    assert body["errorType"] in ERROR_TYPES and isinstance(body["debugMessage"], str), body
    assert re.fullmatch(r"[0-9a-f]{32}", body["traceId"]), body
    assert written_rows() == rows_before, f"the refusal {body} wrote rows"
