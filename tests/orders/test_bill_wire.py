"""What Dojo reads of a bill the staff settled: GetOrderById, SearchOrders and
GetOrderBillById answer with the order the staff see, within Dojo's schema.

- staff payments are `payments` entries with a payment intent the POS made (pos-cash-…,
  pos-card-…), so that `paidAmount` and `tipsAmount` are the sums of `payments`;
- a voided item is no longer among `items`, whose prices make the total;
- a discount is one of `discounts`, named by its reason; a write-off a discount too.
"""
import jsonschema
import pytest

from bookings.services import party_end
from orders import services
from orders.values import DiscountRequest, StaffPaymentSpec
from tests.epos.test_conformance import dojo_schema_as_errata_read

from .factories import gbp

pytestmark = pytest.mark.django_db


def validator(component: str) -> jsonschema.Draft202012Validator:
    spec = dojo_schema_as_errata_read()
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": spec["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.fixture
def settled(venue, tab, manager):
    """The tab with a lager voided, 10 % off, and part paid in cash with a tip and by card."""
    services.order_void_item(venue=venue, order_id=tab.pk, item_id=tab.lines[1].pk, quantity=1, reason="Spilt")
    services.order_discount(venue=venue, order_id=tab.pk, discount=DiscountRequest(reason="Birthday", percentage=1000))
    services.order_take_payment(venue=venue, order_id=tab.pk, payment=StaffPaymentSpec(
        method="cash", amount=gbp(1000), tip=gbp(200), tendered=gbp(1500), idempotency_key="cash-key-0001"))
    services.order_take_payment(venue=venue, order_id=tab.pk, payment=StaffPaymentSpec(
        method="card", amount=gbp(1000), idempotency_key="card-key-0001", card_reference="AUTH 42"))
    return tab


def test_get_order_by_id_shows_the_bill_as_the_staff_see_it(epos, settled, party):
    body = epos.get(f"/epos/v1/orders/{settled.pk}").json()

    validator("Order").validate(body)
    assert [(item["name"], item["quantity"]) for item in body["items"]] == [("Burger", 2), ("Lager", 1)]
    assert body["discounts"] == [{"name": "Birthday", "discountReference": body["discounts"][0]["discountReference"],
                                  "amountTotal": gbp_wire(305), "amountPercentage": 1000}]
    assert body["totalAmount"] == gbp_wire(3050 - 305)
    assert [(p["paymentIntentId"], p["paidAmount"]["value"], p["tipsAmount"]["value"]) for p in body["payments"]] == [
        ("pos-cash-cash-key-0001", 1000, 200), ("pos-card-card-key-0001", 1000, 0)]
    assert body["paidAmount"] == gbp_wire(sum(p["paidAmount"]["value"] for p in body["payments"]))
    assert body["tipsAmount"] == gbp_wire(200)
    assert (body["payable"], body["details"]["dineIn"]["partyId"]) == (True, str(party.pk))


def test_search_orders_finds_it_payable_for_the_party(epos, settled, party):
    page = epos.post("/epos/v1/orders/search", {"dineIn": {"partyId": str(party.pk)}, "payableOnly": True},
                     format="json").json()

    validator("PagedOrdersResponse").validate(page)
    assert [order["id"] for order in page["data"]] == [str(settled.pk)]
    assert page["data"][0]["paidAmount"] == gbp_wire(2000)


def test_the_bill_dojo_prints_has_the_figures_staff_print(epos, settled):
    bill = epos.get(f"/epos/v1/orders/{settled.pk}/bill").json()

    validator("OrderBill").validate(bill)
    footer = [line["text"]["value"] for line in bill["footer"]["lines"] if line["lineType"] == "Text"]
    assert footer == ["Total £27.45", "Paid £20.00", "Left to pay £7.45", "Thank you"]


def test_a_write_off_is_a_discount_and_the_order_is_final(epos, venue, party, settled):
    party_end(venue=venue, party_id=party.pk)
    services.order_write_off(venue=venue, order_id=settled.pk, reason="Left early")

    body = epos.get(f"/epos/v1/orders/{settled.pk}").json()

    validator("Order").validate(body)
    assert body["discounts"][-1]["name"] == "Written off: Left early"
    assert (body["status"], body["payable"], body["totalAmount"], body["paidAmount"]) == (
        "Finalized", False, gbp_wire(2000), gbp_wire(2000))


def gbp_wire(value: int) -> dict:
    return {"value": value, "currencyCode": "GBP"}
