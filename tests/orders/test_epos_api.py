"""The order side of the EPOS REST API: what Dojo Bookings and pay-at-table call."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders import services
from orders.models import Order, OrderPayment
from orders.values import ItemSpec, ModifierSpec, Money, PaymentSpec
from posbackoffice.dojo.wire import format_time
from posbackoffice.kernel.models import ChangeRecord

from .factories import dojo_order

pytestmark = pytest.mark.django_db


def gbp(value: int) -> dict:
    return {"value": value, "currencyCode": "GBP"}


def order_body(**overrides) -> dict:
    """Two pizzas at £10 with a 10% discount and £1.80 service charge: £19.80."""
    return {
        "dojoOrderId": "dojo-ord-1",
        "details": {"orderType": "DineIn", "dineIn": {}},
        "items": [
            {
                "name": "Pizza",
                "plu": "PIZZA",
                "quantity": 2,
                "amountPerItem": gbp(1000),
                "modifiers": [{"name": "Chilli", "plu": "CHILLI", "quantity": 1, "amountPerModifier": gbp(0)}],
            }
        ],
        "discounts": [{"name": "10% off", "amountTotal": gbp(200), "amountPercentage": 1000}],
        "taxLines": [{"id": "VAT", "name": "VAT", "amountPercentage": 2000, "amountTotal": gbp(330)}],
        "serviceChargeAmount": gbp(180),
        "totalAmount": gbp(1980),
        "payments": [],
        "reference": "T1-7",
    } | overrides


def in_minutes(minutes: int) -> str:
    return format_time(timezone.now() + dt.timedelta(minutes=minutes))


def assert_epos_error(response, status: int, error_type: str, *, mentioning: str = ""):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["errorType"] == error_type
    assert mentioning in body["debugMessage"]
    assert len(body["traceId"]) == 32


@pytest.fixture
def order(epos, tables, party):
    dine_in = {"tableId": str(tables[0].pk), "partyId": str(party.pk)}
    body = order_body(details={"orderType": "DineIn", "dineIn": dine_in})
    response = epos.post("/epos/v1/orders", body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


class TestCreateAndRead:
    def test_a_created_order_reads_back_with_its_party_for_bookings(self, epos, order, tables, party):
        response = epos.get(f"/epos/v1/orders/{order['id']}")

        assert response.status_code == 200
        body = response.json()
        assert body == order
        assert body["details"] == {
            "orderType": "DineIn",
            "dineIn": {"tableId": str(tables[0].pk), "partyId": str(party.pk)},
        }
        assert (body["status"], body["payable"], body["reference"]) == ("New", True, "T1-7")
        assert body["totalAmount"] == gbp(1980)
        assert (body["paidAmount"], body["tipsAmount"], body["serviceChargeAmount"]) == (gbp(0), gbp(0), gbp(180))
        assert body["items"][0]["modifiers"] == [
            {"name": "Chilli", "quantity": 1, "amountPerModifier": gbp(0), "plu": "CHILLI"}
        ]
        assert body["createdAt"].endswith("Z") and len(body["createdAt"]) == 24

    def test_a_retried_create_returns_the_same_order(self, epos, order, tables, party):
        again = epos.post("/epos/v1/orders", order_body(), format="json")

        assert again.json()["id"] == order["id"]
        assert Order.objects.count() == 1

    def test_dojo_headers_are_recorded_with_the_change(self, epos, tables):
        epos.post("/epos/v1/orders", order_body(), format="json", HTTP_DOJO_REQUESTING_PRODUCT="Order&Pay",
                  HTTP_DEVICE_ID="tm_1")

        record = ChangeRecord.objects.get(entity="order")
        assert (record.source, record.requesting_product, record.device_id) == ("epos_api", "Order&Pay", "tm_1")

    @pytest.mark.parametrize(
        "overrides, mentioning",
        [
            ({"totalAmount": gbp(1981)}, "The total 1981 does not match"),
            ({"details": {"orderType": "DineIn", "dineIn": {"tableId": "999999"}}}, "no table 999999"),
            ({"details": {"orderType": "Collection"}}, "needs to say when it is collected"),
            ({"details": {"orderType": "Delivery", "dineIn": {}}}, "details.orderType"),
            ({"items": [{"name": "Pizza", "plu": "P", "quantity": 0, "amountPerItem": gbp(0)}]}, "items.0.quantity"),
            ({"totalAmount": {"value": 1980, "currencyCode": "EUR"}}, "this venue takes GBP"),
            ({"dojoOrderId": 7}, "dojoOrderId"),
        ],
    )
    def test_bad_orders_are_invalid_requests_and_write_nothing(self, epos, tables, overrides, mentioning):
        response = epos.post("/epos/v1/orders", order_body(**overrides), format="json")

        assert_epos_error(response, 400, "InvalidRequest", mentioning=mentioning)
        assert not Order.objects.exists()

    def test_another_venues_order_is_not_found(self, epos, other_venue_epos, order):
        assert_epos_error(other_venue_epos.get(f"/epos/v1/orders/{order['id']}"), 404, "NotFound")
        assert_epos_error(other_venue_epos.get(f"/epos/v1/orders/{order['id']}/bill"), 404, "NotFound")
        assert_epos_error(other_venue_epos.delete(f"/epos/v1/orders/{order['id']}"), 404, "NotFound")

    def test_an_id_that_cannot_exist_is_not_found(self, epos):
        assert_epos_error(epos.get("/epos/v1/orders/ord_12345678"), 404, "NotFound")

    def test_cancelling(self, epos, order):
        response = epos.delete(f"/epos/v1/orders/{order['id']}")

        assert response.status_code == 200
        assert (response.json()["status"], response.json()["payable"]) == ("Canceled", False)


class TestSearch:
    def test_orders_by_party_table_and_payable(self, epos, venue, tables, party, order):
        other = services.order_create(venue=venue, spec=dojo_order(dojo_order_id="other", table=tables[1]))
        services.order_record_payment(venue=venue, order_id=other.pk,
                                      payment=PaymentSpec("pi_1", Money(2000, "GBP")))

        def search(body):
            response = epos.post("/epos/v1/orders/search", body, format="json")
            assert response.status_code == 200, response.content
            return [found["id"] for found in response.json()["data"]]

        assert search({"dineIn": {"partyId": str(party.pk)}}) == [order["id"]]
        assert search({"dineIn": {"tableId": str(tables[1].pk)}}) == [str(other.pk)]
        assert search({}) == [order["id"], str(other.pk)]
        assert search({"payableOnly": True}) == [order["id"]]

    def test_pages_follow_the_cursor(self, epos, venue):
        created = [services.order_create(venue=venue, spec=dojo_order(dojo_order_id=f"o-{n}")).pk for n in range(5)]

        first = epos.post("/epos/v1/orders/search", {"cursor": {"limit": 2}}, format="json").json()
        second = epos.post("/epos/v1/orders/search", {"cursor": {"limit": 2, "after": first["after"]}},
                           format="json").json()
        back = epos.post("/epos/v1/orders/search", {"cursor": {"limit": 2, "before": second["before"]}},
                         format="json").json()

        assert [o["id"] for o in first["data"] + second["data"]] == [str(pk) for pk in created[:4]]
        assert back["data"] == first["data"]

    def test_a_page_costs_the_same_queries_whatever_its_size(self, epos, venue):
        def queries_for_search():
            with CaptureQueriesContext(connection) as queries:
                assert epos.post("/epos/v1/orders/search", {}, format="json").status_code == 200
            return len(queries)

        services.order_create(venue=venue, spec=dojo_order(dojo_order_id="o-0"))
        queries_for_search()  # the venue's first call is also recorded ("Dojo sync")
        one = queries_for_search()
        for n in range(1, 6):
            services.order_create(venue=venue, spec=dojo_order(dojo_order_id=f"o-{n}"))

        assert queries_for_search() == one


    def test_sub_items_and_their_modifiers_read_in_the_orders_currency_without_queries_of_their_own(
        self, epos, venue
    ):
        def item(name: str) -> ItemSpec:
            extra = (ModifierSpec(name="Extra", plu="EX", quantity=1, amount=Money(10, "GBP")),)
            sub_item = ItemSpec(name="Dip", plu="DIP", quantity=1, amount_per_item=Money(5, "GBP"), modifiers=extra)
            return ItemSpec(name=name, plu="P", quantity=1, amount_per_item=Money(100, "GBP"), modifiers=extra,
                            sub_items=(sub_item,))

        def queries_to_read(order_id) -> int:
            with CaptureQueriesContext(connection) as queries:
                assert epos.get(f"/epos/v1/orders/{order_id}").status_code == 200
            return len(queries)

        one = services.order_create(venue=venue, spec=dojo_order(dojo_order_id="one", items=[item("A")],
                                                                  total=Money(125, "GBP")))
        many = services.order_create(venue=venue, spec=dojo_order(dojo_order_id="many", items=[item("A")] * 4,
                                                                   total=Money(500, "GBP")))

        body = epos.get(f"/epos/v1/orders/{many.pk}").json()
        assert body["items"][3]["subItems"][0]["modifiers"][0]["amountPerModifier"] == gbp(10)
        assert body["items"][3]["subItems"][0]["amountPerItem"] == gbp(5)
        assert queries_to_read(many.pk) == queries_to_read(one.pk)


class TestLocksAndPayments:
    def test_pay_at_table_lock_split_payment_with_tips_and_release(self, epos, order):
        url = f"/epos/v1/orders/{order['id']}"

        locked = epos.post(f"{url}/lock", {"lockId": "lock-1", "expiry": in_minutes(2)}, format="json")
        extended = epos.put(f"{url}/locks/lock-1", {"expiry": in_minutes(5)}, format="json")
        first = epos.post(f"{url}/record-payment", {
            "paymentIntentId": "pi_a", "paidAmount": gbp(1000), "tipsAmount": gbp(100), "lockId": "lock-1"},
            format="json")
        second = epos.post(f"{url}/record-payment", {
            "paymentIntentId": "pi_b", "paidAmount": gbp(980), "tipsAmount": gbp(150), "lockId": "lock-1"},
            format="json")
        released = epos.delete(f"{url}/locks/lock-1")

        assert locked.status_code == 200 and locked.json()["id"] == order["id"]
        assert (extended.status_code, extended.json()) == (200, {})
        assert (first.json()["paidAmount"], first.json()["payable"]) == (gbp(1000), True)
        paid = second.json()
        assert (paid["status"], paid["paidAmount"], paid["tipsAmount"], paid["payable"]) == (
            "Finalized", gbp(1980), gbp(250), False)
        assert [p["paymentIntentId"] for p in paid["payments"]] == ["pi_a", "pi_b"]
        assert released.status_code == 200
        assert Order.objects.get(pk=order["id"]).active_lock_id() == ""

    def test_a_second_lock_is_a_conflict(self, epos, order):
        epos.post(f"/epos/v1/orders/{order['id']}/lock", {"lockId": "lock-1", "expiry": in_minutes(2)}, format="json")

        response = epos.post(f"/epos/v1/orders/{order['id']}/lock", {"lockId": "lock-2", "expiry": in_minutes(2)},
                             format="json")

        assert_epos_error(response, 409, "Conflict", mentioning="already locked by Dojo (lock lock-1)")

    def test_a_lock_expiring_years_ahead_is_an_invalid_request(self, epos, order):
        response = epos.post(f"/epos/v1/orders/{order['id']}/lock",
                             {"lockId": "lock-1", "expiry": "2099-01-01T00:00:00.000Z"}, format="json")

        assert_epos_error(response, 400, "InvalidRequest", mentioning="more than 2 hours ahead")
        assert Order.objects.get(pk=order["id"]).active_lock_id() == ""

    def test_extending_a_lock_not_held_is_not_found(self, epos, order):
        response = epos.put(f"/epos/v1/orders/{order['id']}/locks/lock-9", {"expiry": in_minutes(2)}, format="json")

        assert_epos_error(response, 404, "NotFound", mentioning="holds no lock lock-9")

    def test_a_retried_payment_is_recorded_once(self, epos, order):
        body = {"paymentIntentId": "pi_a", "paidAmount": gbp(500), "tipsAmount": gbp(50)}

        first = epos.post(f"/epos/v1/orders/{order['id']}/record-payment", body, format="json")
        again = epos.post(f"/epos/v1/orders/{order['id']}/record-payment", body, format="json")

        assert first.status_code == again.status_code == 200
        assert again.json()["paidAmount"] == gbp(500)
        assert OrderPayment.objects.count() == 1

    def test_an_overpayment_is_a_conflict_so_dojo_refunds_it(self, epos, order):
        response = epos.post(f"/epos/v1/orders/{order['id']}/record-payment",
                             {"paymentIntentId": "pi_a", "paidAmount": gbp(1981)}, format="json")

        assert_epos_error(response, 409, "Conflict", mentioning="more than the £19.80 left to pay")
        assert not OrderPayment.objects.exists()

    def test_a_payment_on_a_cancelled_order_is_a_conflict(self, epos, order):
        epos.delete(f"/epos/v1/orders/{order['id']}")

        response = epos.post(f"/epos/v1/orders/{order['id']}/record-payment",
                             {"paymentIntentId": "pi_a", "paidAmount": gbp(100)}, format="json")

        assert_epos_error(response, 409, "Conflict", mentioning="Canceled")


class TestBill:
    def test_the_bill_of_a_real_order(self, epos, venue, order, tables):
        venue.address = "12 Mill Lane\nCB2 1RX"
        venue.save()

        response = epos.get(f"/epos/v1/orders/{order['id']}/bill")

        assert response.status_code == 200
        bill = response.json()
        assert bill["order"]["id"] == order["id"]
        assert bill["header"]["lines"][:4] == [
            {"lineType": "MerchantName", "merchantName": {"name": "Test Bistro"}},
            {"lineType": "MerchantAddress",
             "merchantAddress": {"addressLines": ["12 Mill Lane"], "postcode": "CB2 1RX"}},
            {"lineType": "HorizontalLine", "horizontalLine": {"line": "Single"}},
            {"lineType": "Text", "text": {"value": f"Table {tables[0].name}", "size": "Header2", "align": "Left",
                                          "bold": False}},
        ]
        texts = [line["text"]["value"] for line in bill["footer"]["lines"] if line["lineType"] == "Text"]
        assert texts == ["Total £19.80", "Includes service charge of £1.80", "Thank you"]
