"""Dojo's OrderBill: the order between a header and a footer of printable lines."""
from rest_framework import serializers

from orders import bills

from ...fields import WireSerializer
from .schemas import Order

SIZES = ["Body", "Header1", "Header2"]
ALIGNS = ["Center", "Left", "Right"]


class BillImage(WireSerializer):
    svgImage = serializers.CharField()
    align = serializers.ChoiceField(choices=ALIGNS, required=False)


class BillLogo(WireSerializer):
    svgImage = serializers.CharField()


class BillMerchantAddress(WireSerializer):
    addressLines = serializers.ListField(source="address_lines", child=serializers.CharField())
    postcode = serializers.CharField()


class BillMerchantEmailAddress(WireSerializer):
    emailAddress = serializers.CharField()


class BillMerchantName(WireSerializer):
    name = serializers.CharField()


class BillMerchantPhoneNumber(WireSerializer):
    phoneNumber = serializers.CharField()


class BillText(WireSerializer):
    value = serializers.CharField()
    size = serializers.ChoiceField(choices=SIZES)
    align = serializers.ChoiceField(choices=ALIGNS, required=False)
    bold = serializers.BooleanField(required=False)


class BillURL(WireSerializer):
    url = serializers.CharField()
    description = serializers.CharField(required=False)
    showQr = serializers.BooleanField(required=False)
    showUrl = serializers.BooleanField(required=False)


class BillHorizontalLine(WireSerializer):
    line = serializers.ChoiceField(source="style", choices=["Single", "Double"], required=False)


class BillTaxNumber(WireSerializer):
    name = serializers.CharField()
    number = serializers.CharField()


# The `lineType` of each kind of line the POS prints, and the property that carries it.
LINE_KINDS: dict[type, tuple[str, str]] = {
    bills.MerchantName: ("MerchantName", "merchantName"),
    bills.MerchantAddress: ("MerchantAddress", "merchantAddress"),
    bills.Text: ("Text", "text"),
    bills.HorizontalLine: ("HorizontalLine", "horizontalLine"),
}


class BillLine(WireSerializer):
    """One line of a bill's header or footer: `lineType` names the one property it carries."""

    image = BillImage(required=False)
    logo = BillLogo(required=False)
    merchantAddress = BillMerchantAddress(required=False)
    merchantEmailAddress = BillMerchantEmailAddress(required=False)
    merchantName = BillMerchantName(required=False)
    merchantPhoneNumber = BillMerchantPhoneNumber(required=False)
    text = BillText(required=False)
    url = BillURL(required=False)
    horizontalLine = BillHorizontalLine(required=False)
    taxNumber = BillTaxNumber(required=False)
    lineType = serializers.ChoiceField(
        choices=["Image", "Logo", "MerchantAddress", "MerchantEmailAddress", "MerchantName", "MerchantPhoneNumber",
                 "Text", "URL", "HorizontalLine", "TaxNumber"]
    )

    def to_representation(self, line: bills.BillLine):
        if type(line) not in LINE_KINDS:
            raise TypeError(f"No wire form for the bill line {line!r}")
        line_type, carrier = LINE_KINDS[type(line)]
        return {carrier: self.fields[carrier].to_representation(line), "lineType": line_type}


class BillSection(WireSerializer):
    lines = BillLine(source="*", many=True)


class OrderBill(WireSerializer):
    # Read from an `orders.bills.Bill`.

    header = BillSection()
    order = Order()
    footer = BillSection()
