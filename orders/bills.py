"""What a printed bill says around the order: a header naming the venue and the table, and
a footer with what is paid and left to pay.

The lines are the kinds Dojo's terminals print (merchant name and address, text, horizontal
lines); how they are spelled on the wire is the EPOS API's business.
"""
import zoneinfo
from dataclasses import dataclass
from typing import Literal

from .amounts import OrderAmounts
from .models import Order, OrderItem, OrderShare, OrderVoid
from .values import Money


@dataclass(frozen=True)
class MerchantName:
    name: str


@dataclass(frozen=True)
class MerchantAddress:
    address_lines: tuple[str, ...]
    postcode: str


@dataclass(frozen=True)
class Text:
    value: str
    size: Literal["Body", "Header1", "Header2"] = "Body"
    align: Literal["Left", "Center", "Right"] = "Left"
    bold: bool = False


@dataclass(frozen=True)
class HorizontalLine:
    style: Literal["Single", "Double"] = "Single"


BillLine = MerchantName | MerchantAddress | Text | HorizontalLine


@dataclass(frozen=True)
class Bill:
    header: tuple[BillLine, ...]
    order: Order
    footer: tuple[BillLine, ...]


def merchant_address(address: str) -> MerchantAddress | None:
    """The venue's address as the bill's address block: its last line is taken as the postcode."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if not lines:
        return None
    return MerchantAddress(address_lines=tuple(lines[:-1]), postcode=lines[-1])


def bill_header(order: Order) -> tuple[BillLine, ...]:
    venue = order.venue
    opened = order.created_at.astimezone(zoneinfo.ZoneInfo(venue.timezone))
    where = f"Table {order.table.name}" if order.table else (order.display_name or "Collection")
    served_by = f"{order.waiter.name}    " if order.waiter else ""
    address = merchant_address(venue.address)
    return (
        MerchantName(name=venue.name),
        *((address,) if address else ()),
        HorizontalLine(),
        Text(value=where, size="Header2"),
        Text(value=f"{served_by}{opened:%d/%m/%Y %H:%M}"),
        Text(value=f"Order {order.reference or order.pk}", align="Right"),
    )


def bill_footer(order: Order) -> tuple[BillLine, ...]:
    def money(value: int) -> str:
        return str(Money(value, order.currency))

    amounts = [Text(value=f"Total {money(order.total_amount)}", bold=True, align="Right")]
    if order.service_charge:
        amounts.append(Text(value=f"Includes service charge of {money(order.service_charge)}", align="Right"))
    if order.paid_amount:
        amounts.append(Text(value=f"Paid {money(order.paid_amount)}", align="Right"))
        amounts.append(Text(value=f"Left to pay {money(order.total_amount - order.paid_amount)}", align="Right"))
    return (
        HorizontalLine(),
        *amounts,
        HorizontalLine(),
        Text(value="Thank you", size="Header1", align="Center"),
    )


def bill_for(order: Order) -> Bill:
    return Bill(header=bill_header(order), order=order, footer=bill_footer(order))


@dataclass(frozen=True)
class ShareState:
    """One guest's share of a split bill, and what has been paid on it."""

    share: OrderShare
    paid: int
    item_names: tuple[str, ...]

    @property
    def left(self) -> int:
        return max(self.share.amount - self.paid, 0)


@dataclass(frozen=True)
class StaffBill:
    """An order as staff see it on the floor and print it: Dojo's bill (`GetOrderBillById`'s
    header, order and footer, so that both print the same figures), each line with its
    price, the items voided, the amounts, and the guests' shares when it is split."""

    bill: Bill
    lines: tuple[tuple[OrderItem, int], ...]
    voids: tuple[OrderVoid, ...]
    amounts: OrderAmounts
    shares: tuple[ShareState, ...]

    @property
    def order(self) -> Order:
        return self.bill.order
