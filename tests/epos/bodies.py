"""Request bodies and checks shared by the EPOS REST tests."""
import datetime as dt

from django.utils import timezone

from posbackoffice.dojo.wire import format_time

NOW = timezone.now().replace(microsecond=0)


def iso(value: dt.datetime) -> str:
    return format_time(value)


def reservation_body(tables, **overrides):
    return {
        "dojoReservationId": "dojo-res-1",
        "name": "Sasha J.",
        "covers": 3,
        "startTime": iso(NOW + dt.timedelta(hours=1)),
        "endTime": iso(NOW + dt.timedelta(hours=3)),
        "tableIds": [str(t.pk) for t in tables],
    } | overrides


def assert_epos_error(response, status: int, error_type: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["errorType"] == error_type
    assert body["debugMessage"] and len(body["traceId"]) == 32
