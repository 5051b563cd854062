"""Factories for the product catalogue, and Dojo's requests. Orders themselves are made
through the services, so that their stored amounts are what the services derive."""
import datetime as dt

import factory
from django.utils import timezone

from orders.models import Product, ProductModifier
from orders.values import DineInSpec, ItemSpec, Money, OrderSpec, PaymentSpec
from tests.factories import VenueFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Dish {n}")
    plu = factory.Sequence(lambda n: f"PLU-{n}")
    price = 1200
    tax_rate = 2000


class ProductModifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductModifier

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"Extra {n}")
    plu = factory.Sequence(lambda n: f"MOD-{n}")
    price = 150


def gbp(value: int) -> Money:
    return Money(value, "GBP")


def dojo_order(*, dojo_order_id="dojo-ord-1", table=None, party=None, items=None, total=None, payments=(),
               **fields) -> OrderSpec:
    """A CreateOrderRequest as Dojo sends it, for a dine-in order; by default two pizzas."""
    if items is None:
        items = (ItemSpec(name="Pizza", plu="PIZZA", quantity=2, amount_per_item=gbp(1000)),)
    return OrderSpec(
        dojo_order_id=dojo_order_id,
        order_type="DineIn",
        total=total or gbp(2000),
        dine_in=DineInSpec(table_id=table.pk if table else None, party_id=party.pk if party else None),
        items=tuple(items),
        payments=tuple(payments),
        **fields,
    )


def payment(intent: str, paid: int, tips: int = 0) -> PaymentSpec:
    return PaymentSpec(payment_intent_id=intent, paid=gbp(paid), tips=gbp(tips) if tips else None)


def in_minutes(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)
