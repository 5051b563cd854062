"""Property-based conformance of the order operations to Dojo's own spec file, run the same
way as the bookings operations' (see tests/epos/test_conformance.py): schemathesis generates
valid and invalid requests, sends them to a live server, and checks every response, and
that a refusal writes nothing."""
import datetime as dt
from dataclasses import replace

import jsonschema
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from orders import services
from orders.values import (
    CollectionSpec,
    CustomerSpec,
    DiscountRequest,
    DiscountSpec,
    ItemSpec,
    ModifierSpec,
    OrderSpec,
    StaffPaymentSpec,
    TaxLineSpec,
)
from posbackoffice.dojo.credentials import epos_credential_set
from posbackoffice.dojo.wire import format_time
from tests.epos.answers import assert_answered, written_rows
from tests.epos.conftest import PASSWORD, basic_auth
from tests.epos.test_conformance import EXAMPLES_PER_MODE, SCHEMA, dojo_schema_as_errata_read
from tests.factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory, WaiterFactory

from .factories import ProductFactory, dojo_order, gbp, payment

ORDER_OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations() if result.ok().path.startswith("/v1/orders")]


def test_every_order_operation_of_the_spec_is_exercised():
    assert len(ORDER_OPERATIONS) == 9


def everything_on_an_order() -> OrderSpec:
    """An order using every part of Dojo's Order schema, so that its responses are checked whole."""
    side = ItemSpec(name="Fries", plu="FRIES", quantity=1, amount_per_item=gbp(300), note="crispy",
                    modifiers=(ModifierSpec(name="Salt", plu="SALT", quantity=1, amount=gbp(0)),))
    burger = ItemSpec(name="Burger", plu="BURGER", quantity=2, amount_per_item=gbp(1000), note="medium",
                      modifiers=(ModifierSpec(name="Cheese", plu="CHEESE", quantity=2, amount=gbp(50)),),
                      sub_items=(side,))
    return replace(
        dojo_order(dojo_order_id="seed-everything", items=[burger], total=gbp(2800 - 280 + 250),
                   payments=[payment("pi_seed", 1000, tips=150)]),
        discounts=(DiscountSpec(name="10% off", amount=gbp(280), affected_plu="", reference="d-1", code="TEN",
                                percentage=1000),),
        tax_lines=(TaxLineSpec(amount=gbp(445), tax_id="VAT", name="VAT", percentage=2000),),
        service_charge=gbp(250),
        customer=CustomerSpec(customer_id="c-1", name="Sam", email="sam@example.com", phone="+44 20 7946 0000"),
        note="Birthday", reference="R-1", display_name="Sam's table",
    )


def settled_by_staff(venue, area):
    """A party's order made on the floor, with an item voided, a discount, and paid in part
    in cash with a tip and by card: what staff do shows in Dojo's Order too."""
    party = PartyFactory(venue=venue, tables=[TableFactory(area=area)])
    burger = ProductFactory(venue=venue, name="Burger", price=1250)
    order = services.order_add_item_for_party(venue=venue, party_id=party.pk, product=burger, quantity=3)
    services.order_void_item(venue=venue, order_id=order.pk, item_id=order.lines[0].pk, quantity=1, reason="Spilt")
    services.order_discount(venue=venue, order_id=order.pk, discount=DiscountRequest(reason="Regulars", percentage=1000))
    for method, key in (("cash", "seed-cash-key"), ("card", "seed-card-key")):
        services.order_take_payment(venue=venue, order_id=order.pk, payment=StaffPaymentSpec(
            method=method, amount=gbp(500), tip=gbp(100), idempotency_key=key,
            card_reference="AUTH-1" if method == "card" else ""))
    return order


@pytest.fixture
def seeded_venue(transactional_db):
    """A venue with a party at a table and orders: two for the party, one open and locked by
    Dojo (so that lock, payment and bill requests can succeed) and one free; one using every
    part of an order; one for collection; one settled in part by staff."""
    venue = VenueFactory(slug="conformance", currency="GBP", address="1 High Street\nAB1 2CD")
    epos_credential_set(venue=venue, username="dojo-conformance", password=PASSWORD)
    area = AreaFactory(venue=venue)
    waiter = WaiterFactory(venue=venue)
    table = TableFactory(area=area)
    reservation = ReservationFactory(venue=venue, tables=[table])
    party = PartyFactory(venue=venue, tables=[table], reservation=reservation, waiter=waiter)
    orders = [
        services.order_create(venue=venue, spec=dojo_order(dojo_order_id=f"seed-{n}", table=table, party=party))
        for n in range(2)
    ]
    orders.append(services.order_create(venue=venue, spec=everything_on_an_order()))
    orders.append(services.order_create(venue=venue, spec=replace(
        dojo_order(dojo_order_id="seed-collection"), order_type="Collection", dine_in=None,
        collection=CollectionSpec(asap=False, collect_at=timezone.now() + dt.timedelta(hours=1)))))
    orders.append(settled_by_staff(venue, area))
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
    if "expiry" in body and draw(st.booleans(), label="an expiry ahead"):
        body["expiry"] = format_time(timezone.now() + dt.timedelta(minutes=draw(st.integers(1, 60), label="minutes")))
    for name in ("dojoOrderId", "paymentIntentId"):
        if name in body and draw(st.booleans(), label=f"a fresh {name}"):
            body[name] = f"{name}-{draw(st.uuids(), label=name)}"
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
        rows_before = written_rows()
        response = case.call_and_validate(
            base_url=f"{live_server.url}/epos",
            headers=auth,
            # Valid-looking requests that the POS's rules refuse (a total that does not add
            # up, an overpayment, a lock already held) rightly get a 4xx EPOSError.
            excluded_checks=[positive_data_acceptance],
        )
        assert_answered(response, rows_before)

    check()


def test_a_bill_with_every_part_of_an_order_matches_dojos_schema(seeded_venue, client):
    """Deterministically, beside the generated cases: the richest order's bill, whole."""
    spec = dojo_schema_as_errata_read()
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/OrderBill", "components": spec["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    rich_order = seeded_venue["orderId"][2]

    response = client.get(f"/epos/v1/orders/{rich_order}/bill",
                          HTTP_AUTHORIZATION=basic_auth("dojo-conformance", PASSWORD))

    assert response.status_code == 200
    bill = response.json()
    validator.validate(bill)
    order = bill["order"]
    assert {"customer", "discounts", "taxLines", "payments", "note", "displayName"} <= set(order)
    assert order["items"][0]["subItems"][0]["modifiers"][0]["name"] == "Salt"
