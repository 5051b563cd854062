"""Property-based conformance of the order operations to Dojo's own spec file, run the same
way as the bookings operations' (see tests/epos/test_conformance.py): schemathesis generates
valid and invalid requests, sends them to a live server, and checks every response."""
import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from orders import services
from orders.values import ItemSpec, Money
from posbackoffice.dojo.credentials import epos_credential_set
from tests.epos.conftest import PASSWORD, basic_auth
from tests.epos.test_conformance import EXAMPLES_PER_MODE, SCHEMA
from tests.factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory, WaiterFactory

from .factories import dojo_order

ORDER_OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations() if result.ok().path.startswith("/v1/orders")]


def test_every_order_operation_of_the_spec_is_exercised():
    assert len(ORDER_OPERATIONS) == 9


@pytest.fixture
def seeded_venue(transactional_db):
    """A venue with a party at a table, and two orders for it: one open and locked by Dojo
    (so that lock, payment and bill requests can succeed), one open and free."""
    venue = VenueFactory(slug="conformance", currency="GBP", address="1 High Street\nAB1 2CD")
    epos_credential_set(venue=venue, username="dojo-conformance", password=PASSWORD)
    area = AreaFactory(venue=venue)
    waiter = WaiterFactory(venue=venue)
    table = TableFactory(area=area)
    reservation = ReservationFactory(venue=venue, tables=[table])
    party = PartyFactory(venue=venue, tables=[table], reservation=reservation, waiter=waiter)
    pizza = ItemSpec(name="Pizza", plu="PIZZA", quantity=2, amount_per_item=Money(1000, "GBP"))
    orders = [
        services.order_create(venue=venue, spec=dojo_order(dojo_order_id=f"seed-{n}", table=table, party=party,
                                                           items=[pizza], total=Money(2000, "GBP")))
        for n in range(2)
    ]
    expiry = timezone.now() + dt.timedelta(hours=1)
    services.order_lock_create(venue=venue, order_id=orders[0].pk, lock_id="seed-lock", expires_at=expiry)
    return {
        "orderId": [str(order.pk) for order in orders],
        "lockId": ["seed-lock"],
        "tableId": [str(table.pk)],
        "waiterId": [str(waiter.pk)],
        "partyId": [str(party.pk)],
        "reservationId": [str(reservation.pk)],
    }


def with_real_ids(case, ids: dict, draw) -> None:
    """Point a valid request at rows that exist, so that success responses are checked too."""
    for name, value in list((case.path_parameters or {}).items()):
        if name in ids and draw(st.booleans(), label=name):
            case.path_parameters[name] = draw(st.sampled_from(ids[name]), label=f"{name} value")
    body = case.body if isinstance(case.body, dict) else {}
    if body.get("lockId") and draw(st.booleans(), label="body.lockId"):
        body["lockId"] = "seed-lock"
    details = body.get("details") if isinstance(body.get("details"), dict) else body
    dine_in = details.get("dineIn")
    if isinstance(dine_in, dict):
        for name in ("tableId", "waiterId", "partyId", "reservationId"):
            if name in dine_in and draw(st.booleans(), label=f"dineIn.{name}"):
                dine_in[name] = ids[name][0]


def runs():
    for operation in ORDER_OPERATIONS:
        label = f"{operation.method.upper()} {operation.path}"
        yield pytest.param(operation, GenerationMode.POSITIVE, id=f"{label} valid")
        if operation.body:
            yield pytest.param(operation, GenerationMode.NEGATIVE, id=f"{label} invalid")


@pytest.mark.parametrize("operation, mode", list(runs()))
def test_order_responses_conform_to_dojos_spec(operation, mode, live_server, seeded_venue):
    auth = {"Authorization": basic_auth("dojo-conformance", PASSWORD)}

    @settings(max_examples=EXAMPLES_PER_MODE, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def check(case, data):
        if mode.is_positive:
            with_real_ids(case, seeded_venue, data.draw)
        case.call_and_validate(
            base_url=f"{live_server.url}/epos",
            headers=auth,
            # Valid-looking requests that the POS's rules refuse (a total that does not add
            # up, an overpayment, a lock already held) rightly get a 4xx EPOSError.
            excluded_checks=[positive_data_acceptance],
        )

    check()
