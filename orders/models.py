"""Orders (what a table or a collection customer ordered and paid) and the product catalogue.

Money is stored as integers in the minor unit of the order's currency (the venue's).
An order's total, paid amount, tips and `payable` flag are stored too, so that searches can
filter on them, but only ever written from `amounts.derive_amounts` by the services.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.models import Party, Reservation
from floorplan.models import Table, Venue, Waiter

from .amounts import PricedLine, PricedModifier

MAX_QUANTITY = 9999
MAX_AMOUNT = 10**10  # minor units per single price; far above any menu, far below int64


class Product(models.Model):
    """An item of the venue's menu that staff can add to an order."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(max_length=200)
    plu = models.CharField("PLU", max_length=64, help_text="The product code shown on orders and bills.")
    price = models.BigIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
        help_text="Minor units (pence, cents), taxes included.",
    )
    tax_rate = models.PositiveIntegerField(
        default=2000,
        validators=[MaxValueValidator(10000)],
        help_text="Percentage with two decimals: 2000 means 20%. The price already includes it.",
    )
    category = models.CharField(
        max_length=60, blank=True, help_text="Where it sits on the menu: Starters, Mains, Desserts, Drinks…"
    )
    is_active = models.BooleanField(default=True, help_text="Inactive products cannot be added to orders.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "plu"], name="product_plu_unique_in_venue"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.name} ({self.plu})"


class ProductModifier(models.Model):
    """An option of a product: "Extra cheese", "No onions"."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="modifiers")
    name = models.CharField(max_length=200)
    plu = models.CharField("PLU", max_length=64)
    price = models.BigIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)], help_text="Minor units."
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["product", "plu"], name="modifier_plu_unique_in_product")]

    def __str__(self):
        return self.name


class OrderStatus(models.TextChoices):
    NEW = "New"
    SUBMITTED = "Submitted"
    CONFIRMED = "Confirmed"
    ACCEPTED = "Accepted"
    PREPARING = "Preparing"
    PREPARED = "Prepared"
    READY = "Ready"
    FINALIZED = "Finalized"
    CANCELED = "Canceled"
    FAILED = "Failed"


_S = OrderStatus
# Where an order may go from each status. An open order moves forward through the kitchen's
# pipeline (skipping steps the venue does not use), is finalised once paid, or is cancelled or
# failed. Finalised, cancelled and failed orders are closed for good.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.NEW: frozenset({_S.SUBMITTED, _S.CONFIRMED, _S.ACCEPTED, _S.PREPARING, _S.PREPARED, _S.READY,
                       _S.FINALIZED, _S.CANCELED, _S.FAILED}),
    _S.SUBMITTED: frozenset({_S.CONFIRMED, _S.ACCEPTED, _S.PREPARING, _S.PREPARED, _S.READY,
                             _S.FINALIZED, _S.CANCELED, _S.FAILED}),
    _S.CONFIRMED: frozenset({_S.ACCEPTED, _S.PREPARING, _S.PREPARED, _S.READY, _S.FINALIZED, _S.CANCELED, _S.FAILED}),
    _S.ACCEPTED: frozenset({_S.PREPARING, _S.PREPARED, _S.READY, _S.FINALIZED, _S.CANCELED, _S.FAILED}),
    _S.PREPARING: frozenset({_S.PREPARED, _S.READY, _S.FINALIZED, _S.CANCELED, _S.FAILED}),
    _S.PREPARED: frozenset({_S.READY, _S.FINALIZED, _S.CANCELED, _S.FAILED}),
    _S.READY: frozenset({_S.FINALIZED, _S.CANCELED, _S.FAILED}),
    _S.FINALIZED: frozenset(),
    _S.CANCELED: frozenset(),
    _S.FAILED: frozenset(),
}
CLOSED_STATUSES = frozenset(status for status, targets in ALLOWED_TRANSITIONS.items() if not targets)


class Order(models.Model):
    class Type(models.TextChoices):
        DINE_IN = "DineIn", "Dine in"
        COLLECTION = "Collection", "Collection"

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="orders")
    dojo_order_id = models.CharField(
        max_length=255, null=True, blank=True, help_text="Dojo's own ID, when Dojo created the order."
    )
    reference = models.CharField(max_length=100, blank=True, help_text="Human-readable order number.")
    display_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=OrderStatus.choices, default=OrderStatus.NEW)
    order_type = models.CharField(max_length=12, choices=Type.choices, default=Type.DINE_IN)
    table = models.ForeignKey(Table, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders")
    waiter = models.ForeignKey(Waiter, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders")
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders")
    reservation = models.ForeignKey(
        Reservation, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    ready_at = models.DateTimeField(null=True, blank=True, help_text="When a pre-order should be ready.")
    collect_asap = models.BooleanField(default=False)
    collect_at = models.DateTimeField(null=True, blank=True)
    customer_ref = models.CharField("customer ID", max_length=255, blank=True)
    customer_name = models.CharField(max_length=200, blank=True)
    customer_email = models.CharField(max_length=254, blank=True)
    customer_phone = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    currency = models.CharField(max_length=3, help_text="ISO 4217 code: the venue's currency.")
    service_charge = models.BigIntegerField(default=0, help_text="Minor units; part of the total.")
    taxes_included = models.BooleanField(
        default=True, help_text="Prices include the tax lines; otherwise the taxes are added to the total."
    )
    total_amount = models.BigIntegerField(default=0, editable=False)
    paid_amount = models.BigIntegerField(default=0, editable=False)
    tips_amount = models.BigIntegerField(default=0, editable=False)
    payable = models.BooleanField(default=False, editable=False)
    lock_id = models.CharField(max_length=255, blank=True, help_text="Dojo's write lock, while it holds one.")
    lock_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["venue", "created_at", "id"], name="order_venue_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "dojo_order_id"],
                condition=Q(dojo_order_id__isnull=False),
                name="order_dojo_id_unique_in_venue",
            ),
            models.CheckConstraint(condition=Q(paid_amount__lte=models.F("total_amount")), name="order_not_overpaid"),
            models.CheckConstraint(condition=Q(total_amount__gte=0), name="order_total_not_negative"),
        ]

    def __str__(self):
        return self.display_name or f"Order {self.reference or self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def outstanding(self) -> int:
        """What is left to pay, from the stored amounts."""
        return max(self.total_amount - self.paid_amount, 0)

    def active_lock_id(self, now=None) -> str:
        """The lock Dojo holds now, or "". A lock past its expiry counts as released."""
        if not self.lock_id or self.lock_expires_at is None:
            return ""
        return self.lock_id if self.lock_expires_at > (now or timezone.now()) else ""


class OrderItem(models.Model):
    """A line of an order, or (with `parent` set) a sub-item of a line: the side of a meal deal."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_items")
    position = models.PositiveIntegerField(default=0)
    plu = models.CharField("PLU", max_length=64)
    name = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)])
    amount_per_item = models.BigIntegerField(help_text="Minor units, before modifiers, sub-items and discounts.")
    note = models.TextField(blank=True)
    tax_rate = models.PositiveIntegerField(
        null=True, blank=True, help_text="Two decimals (2000 = 20%): the VAT its price includes, for items from the menu."
    )
    share = models.ForeignKey(
        "OrderShare", on_delete=models.SET_NULL, null=True, blank=True, related_name="items",
        help_text="The guest's share of a bill split by items that pays for it.",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.quantity} × {self.name}"

    def priced(self) -> PricedLine:
        """This line for `derive_amounts`; expects `modifiers` and `sub_items` prefetched."""
        return PricedLine(
            quantity=self.quantity,
            amount_per_item=self.amount_per_item,
            modifiers=tuple(PricedModifier(quantity=m.quantity, amount=m.amount) for m in self.modifiers.all()),
            sub_lines=tuple(sub_item.priced() for sub_item in self.sub_items.all()),
        )


class OrderItemModifier(models.Model):
    item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="modifiers")
    plu = models.CharField("PLU", max_length=64)
    name = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField(help_text="Per single item.")
    amount = models.BigIntegerField(help_text="Minor units, per single modifier.")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class OrderDiscount(models.Model):
    class Origin(models.TextChoices):
        DOJO = "dojo", "Dojo's order"
        STAFF = "staff", "Staff discount"
        WRITE_OFF = "write_off", "Written off"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="discounts")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.DOJO)
    name = models.CharField(max_length=200)
    affected_plu = models.CharField(max_length=64, blank=True, help_text="Empty when it applies to the whole order.")
    reference = models.CharField(max_length=255, blank=True)
    code = models.CharField(max_length=255, blank=True)
    amount = models.BigIntegerField(help_text="Minor units taken off the order.")
    percentage = models.PositiveIntegerField(null=True, blank=True, help_text="Two decimals: 2510 means 25.1%.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class OrderTaxLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="tax_lines")
    tax_id = models.CharField(max_length=60, blank=True)
    name = models.CharField(max_length=100, blank=True)
    affected_plu = models.CharField(max_length=64, blank=True)
    percentage = models.PositiveIntegerField(null=True, blank=True, help_text="Two decimals: 2000 means 20%.")
    amount = models.BigIntegerField(help_text="Minor units.")
    computed = models.BooleanField(
        default=False, help_text="Worked out by the POS from its items' VAT rates, as opposed to given by Dojo."
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name or self.tax_id


class OrderShare(models.Model):
    """One guest's part of a split bill: what they pay, and (split by items) what they had."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shares")
    position = models.PositiveSmallIntegerField()
    amount = models.BigIntegerField(help_text="Minor units.")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="share_amount_positive")]

    def __str__(self):
        return f"Guest {self.position}"


class OrderPayment(models.Model):
    """A payment on an order: taken by Dojo (pay at table, its own terminals) or by staff,
    in cash or on the venue's own card terminal."""

    class Method(models.TextChoices):
        DOJO = "dojo", "Dojo"
        CASH = "cash", "Cash"
        CARD = "card", "Card"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    payment_intent_id = models.CharField(
        max_length=255, help_text="Dojo's payment intent; for staff payments one the POS makes (pos-cash-…, pos-card-…)."
    )
    method = models.CharField(max_length=4, choices=Method.choices, default=Method.DOJO)
    paid_amount = models.BigIntegerField(help_text="Minor units, tips excluded.")
    tips_amount = models.BigIntegerField(default=0, help_text="Minor units.")
    tendered = models.BigIntegerField(null=True, blank=True, help_text="Cash: what the guest handed over.")
    card_reference = models.CharField(max_length=64, blank=True, help_text="Card: the venue terminal's reference.")
    share = models.ForeignKey(OrderShare, on_delete=models.SET_NULL, null=True, blank=True, related_name="payments")
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "payment_intent_id"], name="payment_intent_once_per_order"),
            models.CheckConstraint(condition=Q(paid_amount__gt=0), name="payment_paid_positive"),
            models.CheckConstraint(condition=Q(tips_amount__gte=0), name="payment_tips_not_negative"),
            models.CheckConstraint(
                condition=Q(tendered__isnull=True) | Q(tendered__gte=models.F("paid_amount") + models.F("tips_amount")),
                name="payment_tendered_covers_it",
            ),
        ]

    def __str__(self):
        return self.payment_intent_id

    @property
    def change_due(self) -> int:
        """Cash handed back: what was tendered less the payment and its tip."""
        return self.tendered - self.paid_amount - self.tips_amount if self.tendered is not None else 0


class OrderVoid(models.Model):
    """Items taken off an order by staff, with why: they no longer count towards the bill,
    but the bill still shows them."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="voids")
    plu = models.CharField("PLU", max_length=64)
    name = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField()
    amount = models.BigIntegerField(help_text="Minor units: what the voided items came to.")
    reason = models.CharField(max_length=200)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.quantity} × {self.name} voided"


class CorrectionGrant(models.Model):
    """A staff user a manager allows to void items, apply discounts and write off bills at a venue."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="correction_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="correction_grants")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "permission to void, discount and write off"
        verbose_name_plural = "permissions to void, discount and write off"
        constraints = [models.UniqueConstraint(fields=["venue", "user"], name="correction_grant_once")]

    def __str__(self):
        return f"{self.user} at {self.venue}"

    def clean(self):
        if self.venue_id and self.user_id and not self.venue.staff.filter(pk=self.user_id).exists():
            raise ValidationError({"user": f"{self.user} is not on the staff of {self.venue}."})
