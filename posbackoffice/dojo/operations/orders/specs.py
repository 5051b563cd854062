"""From Dojo's order requests, as `schemas` validates them, to the plain values the order
services take (`orders.values`). Validated data is keyed by each field's `source`, the POS's
own column names, which the values mostly share; amounts arrive as `values.Money`."""
from orders import values


def item_spec(data: dict) -> values.ItemSpec:
    return values.ItemSpec(
        name=data["name"],
        plu=data["plu"],
        quantity=data["quantity"],
        amount_per_item=data["amount_per_item"],
        note=data.get("note", ""),
        modifiers=tuple(values.ModifierSpec(**modifier) for modifier in data.get("modifiers", [])),
        sub_items=tuple(item_spec(sub_item) for sub_item in data.get("sub_items", [])),
    )


def payment_spec(data: dict) -> values.PaymentSpec:
    return values.PaymentSpec(
        payment_intent_id=data["payment_intent_id"], paid=data["paid_amount"], tips=data.get("tips_amount")
    )


def _customer_spec(data: dict | None) -> values.CustomerSpec | None:
    if not data:
        return None
    return values.CustomerSpec(
        customer_id=data.get("customer_ref", ""),
        name=data.get("customer_name", ""),
        email=data.get("customer_email", ""),
        phone=data.get("customer_phone", ""),
    )


def _placement_specs(details: dict) -> dict:
    dine_in, collection = details.get("dineIn"), details.get("collection")
    return {
        "order_type": details["order_type"],
        "dine_in": values.DineInSpec(**dine_in) if dine_in is not None else None,
        "collection": values.CollectionSpec(
            asap=collection.get("collect_asap", False), collect_at=collection.get("collect_at")
        )
        if collection is not None
        else None,
    }


def order_spec(data: dict) -> values.OrderSpec:
    """A CreateOrderRequest as the order services take it."""
    return values.OrderSpec(
        dojo_order_id=data["dojoOrderId"],
        total=data["totalAmount"],
        items=tuple(item_spec(item) for item in data["items"]),
        payments=tuple(payment_spec(payment) for payment in data["payments"]),
        discounts=tuple(values.DiscountSpec(**discount) for discount in data.get("discounts", [])),
        tax_lines=tuple(values.TaxLineSpec(**tax_line) for tax_line in data.get("taxLines", [])),
        service_charge=data.get("serviceChargeAmount"),
        customer=_customer_spec(data.get("customer")),
        note=data.get("note", ""),
        reference=data.get("reference", ""),
        display_name=data.get("displayName", ""),
        **_placement_specs(data["details"]),
    )
