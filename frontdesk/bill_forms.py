"""Reading what staff submit about a bill into the typed values of the order services.

Amounts are read as people type them ("12.50", "10 %"); every rule about what is allowed
(enough cash tendered, a card reference, who may give discounts) is the services'.
"""
from django import forms

from orders.entry import parse_amount, parse_percentage
from orders.values import DiscountRequest, Money, StaffPaymentSpec
from posbackoffice.kernel.errors import InvalidInput


class AmountField(forms.CharField):
    """An amount of the venue's currency, typed as "12.50": minor units."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except InvalidInput as refusal:
            raise forms.ValidationError(str(refusal))


class BillForm(forms.Form):
    """Every bill form says which table's dialog it was sent from (none: the order's own)."""

    table = forms.IntegerField(required=False)


class PaymentForm(BillForm):
    method = forms.ChoiceField(choices=[("cash", "Cash"), ("card", "Card")])
    amount = AmountField()
    tip = AmountField(required=False)
    tendered = AmountField(required=False)
    card_reference = forms.CharField(required=False, max_length=64)
    share = forms.IntegerField(required=False)
    key = forms.CharField(max_length=64)

    def payment(self, currency: str) -> StaffPaymentSpec:
        data = self.cleaned_data
        cash = data["method"] == "cash"

        def money(value):
            return Money(value, currency) if value is not None else None

        return StaffPaymentSpec(
            method=data["method"], amount=Money(data["amount"], currency), idempotency_key=data["key"],
            tip=money(data["tip"]), tendered=money(data["tendered"]) if cash else None,
            card_reference="" if cash else data["card_reference"], share_id=data["share"],
        )


class SplitEquallyForm(BillForm):
    guests = forms.IntegerField()


class SplitByItemsForm(BillForm):
    """How many guests, and for each of the order's lines (`item-<pk>`) the guest who had
    it; a line given to nobody is shared."""

    guests = forms.IntegerField()

    def items_of(self) -> dict[int, int]:
        given = {}
        for name, value in self.data.items():
            if name.startswith("item-") and value:
                try:
                    given[int(name.removeprefix("item-"))] = int(value)
                except ValueError:
                    raise InvalidInput("Give each item to a guest by number.")
        return given


class VoidForm(BillForm):
    item = forms.IntegerField()
    quantity = forms.IntegerField()
    reason = forms.CharField(max_length=200)


class DiscountForm(BillForm):
    """An amount ("5.00") or a percentage ("10 %") off, and why."""

    value = forms.CharField(max_length=20)
    kind = forms.ChoiceField(choices=[("amount", "Amount"), ("percentage", "Percentage")])
    reason = forms.CharField(max_length=200)

    def discount(self, currency: str) -> DiscountRequest:
        data = self.cleaned_data
        if data["kind"] == "percentage":
            return DiscountRequest(reason=data["reason"], percentage=parse_percentage(data["value"]))
        return DiscountRequest(reason=data["reason"], amount=Money(parse_amount(data["value"]), currency))


class WriteOffForm(BillForm):
    reason = forms.CharField(max_length=200)


class MoveOrderForm(BillForm):
    """The party and table to move the order to, picked together as "<party>-<table>"."""

    to = forms.RegexField(regex=r"^\d+-\d+$", error_messages={"invalid": "Pick a seated table."})

    def target(self) -> tuple[int, int]:
        party_id, table_id = self.cleaned_data["to"].split("-")
        return int(party_id), int(table_id)


class MergeForm(BillForm):
    other_party = forms.IntegerField()


class EndPartyForm(forms.Form):
    end_anyway = forms.BooleanField(required=False)
