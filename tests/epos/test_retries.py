"""Dojo's retries of a create, racing over HTTP to gunicorn as they do in production: every
answer is a 200 with the one entity made, whatever the timing, in every round."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bookings.models import Party, Reservation
from orders.models import Order
from posbackoffice.dojo.credentials import epos_credential_set

from ..factories import AreaFactory, TableFactory, VenueFactory
from ..races import ROUNDS
from .conftest import PASSWORD, basic_auth

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RETRIES = 8  # gunicorn's 2 workers of 4 threads each


def create_bodies(round_: int, table_id: str) -> dict[str, tuple[str, dict]]:
    when = {"startTime": "2030-10-01T18:00:00.000Z"}
    return {
        "party": ("/v1/parties", {"dojoPartyId": f"dup-{round_}", "covers": 2, "tableIds": [table_id], **when}),
        "reservation": ("/v1/reservations", {"dojoReservationId": f"dup-{round_}", "name": "Ada", "covers": 2,
                                             "tableIds": [table_id], "endTime": "2030-10-01T20:00:00.000Z", **when}),
        "order": ("/v1/orders", {
            "dojoOrderId": f"dup-{round_}",
            "items": [{"name": "Soup", "plu": "SOUP", "quantity": 1, "amountPerItem": {"value": 650, "currencyCode": "GBP"}}],
            "totalAmount": {"value": 650, "currencyCode": "GBP"},
            "payments": [],
            "details": {"orderType": "DineIn", "dineIn": {"tableId": table_id}},
        }),
    }


@pytest.mark.parametrize("entity, model", [("party", Party), ("reservation", Reservation), ("order", Order)])
def test_concurrent_retries_of_a_create_all_answer_the_entity_made(gunicorn, entity, model):
    venue = VenueFactory(slug="retries", currency="GBP")
    epos_credential_set(venue=venue, username="dojo-retries", password=PASSWORD)
    area = AreaFactory(venue=venue)
    headers = {"Authorization": basic_auth("dojo-retries", PASSWORD)}

    for round_ in range(ROUNDS):
        path, body = create_bodies(round_, str(TableFactory(area=area, name=f"T{round_}").pk))[entity]
        start = threading.Barrier(RETRIES)

        def send(_):
            start.wait()
            response = requests.post(f"{gunicorn.url}/epos{path}", json=body, headers=headers, timeout=30)
            return response.status_code, response.json().get("id") or response.json()

        answers = list(ThreadPoolExecutor(RETRIES).map(send, range(RETRIES)))

        made = model.objects.get(venue=venue, **{f"dojo_{entity}_id": f"dup-{round_}"})
        assert answers == [(200, str(made.pk))] * RETRIES, f"round {round_}"
