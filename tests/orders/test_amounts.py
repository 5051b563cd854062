"""The one function deriving an order's amounts, against the spec's definitions."""
import pytest

from orders.amounts import (
    PaymentAmounts,
    PricedLine,
    PricedModifier,
    allocate,
    derive_amounts,
    included_tax,
    line_total,
    percent_of,
)
from orders.values import Money


def amounts(**overrides):
    fields = dict(
        lines=[PricedLine(quantity=2, amount_per_item=1000)],
        discounts=[],
        taxes=[],
        taxes_included=True,
        service_charge=0,
        payments=[],
        status="New",
    )
    return derive_amounts(**{**fields, **overrides})


def test_a_line_counts_modifiers_and_sub_items_once_per_item():
    # given two burgers, each with two extra cheeses (50) and a side of fries (300) with salt (0)
    fries = PricedLine(quantity=1, amount_per_item=300, modifiers=(PricedModifier(quantity=1, amount=0),))
    burgers = PricedLine(
        quantity=2, amount_per_item=1000, modifiers=(PricedModifier(quantity=2, amount=50),), sub_lines=(fries,)
    )

    # then
    assert line_total(burgers) == 2 * (1000 + 2 * 50 + 300)


def test_the_total_includes_the_service_charge_and_takes_off_discounts():
    result = amounts(discounts=[300], service_charge=250)

    assert result.subtotal == 2000
    assert result.total == 2000 - 300 + 250


def test_taxes_add_to_the_total_only_when_prices_exclude_them():
    assert amounts(taxes=[400], taxes_included=True).total == 2000
    assert amounts(taxes=[400], taxes_included=False).total == 2400


def test_tips_are_in_neither_the_total_nor_the_paid_amount():
    payments = [PaymentAmounts(paid=1000, tips=150), PaymentAmounts(paid=500, tips=50)]

    result = amounts(service_charge=200, payments=payments)

    assert result.total == 2200
    assert result.paid == 1500
    assert result.tips == 200
    assert result.outstanding == 700


def test_an_open_order_with_something_left_to_pay_is_payable():
    assert amounts(payments=[PaymentAmounts(paid=1999)]).payable is True


def test_a_fully_paid_order_is_not_payable():
    assert amounts(payments=[PaymentAmounts(paid=2000, tips=300)]).payable is False


def test_a_closed_order_is_not_payable():
    for status in ("Finalized", "Canceled", "Failed"):
        assert amounts(status=status).payable is False


def test_an_empty_order_is_not_payable():
    assert amounts(lines=[]).payable is False


def test_money_reads_as_people_write_it():
    assert str(Money(1250, "GBP")) == "£12.50"
    assert str(Money(5, "EUR")) == "€0.05"
    assert str(Money(700, "CHF")) == "CHF 7.00"


@pytest.mark.parametrize(("total", "weights", "parts"), [
    (10000, [1, 1, 1], [3334, 3333, 3333]),
    (10001, [1, 1, 1], [3334, 3334, 3333]),
    (3240, [61, 11], [2745, 495]),
    (0, [5, 7], [0, 0]),
    (7, [0, 1], [0, 7]),
])
def test_allocate_shares_out_whole_units_that_add_up(total, weights, parts):
    assert allocate(total, weights) == parts
    assert sum(parts) == total


def test_allocate_needs_some_weight():
    with pytest.raises(ValueError):
        allocate(100, [0, 0])


@pytest.mark.parametrize(("amount", "percentage", "part"), [(3600, 1000, 360), (4850, 1000, 485), (5, 1000, 1),
                                                             (4, 1000, 0), (999, 10000, 999)])
def test_percent_of_rounds_halves_up(amount, percentage, part):
    assert percent_of(amount, percentage) == part


@pytest.mark.parametrize(("gross", "rate", "tax"), [(1200, 2000, 200), (2800, 2000, 467), (630, 500, 30),
                                                    (1000, 0, 0)])
def test_included_tax_is_what_a_tax_inclusive_price_contains(gross, rate, tax):
    assert included_tax(gross, rate) == tax
