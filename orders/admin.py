"""Admin: managers edit the product catalogue (prices and VAT rates written as people write
them, "12.50" and "20 %", stored in minor units and hundredths of a percent) and allow staff
to void, discount and write off; orders are shown read-only, since every change to an order
goes through `orders.services` (cancelling one included)."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model

from floorplan.models import Venue
from posbackoffice.kernel.admin import VENUE_FILTER, ReadOnlyAdminMixin, VenueScopedAdmin, visible_rows
from posbackoffice.kernel.errors import DomainError

from . import services
from .entry import format_amount, format_percentage, parse_amount, parse_percentage
from .models import (
    CorrectionGrant,
    Order,
    OrderDiscount,
    OrderItem,
    OrderPayment,
    OrderTaxLine,
    OrderVoid,
    Product,
    ProductModifier,
)
from .values import Money


class _TypedAsWritten(forms.CharField):
    """A number typed as people write it, read by `parse` and shown back by `show`."""

    parse = show = None

    def prepare_value(self, value):
        return type(self).show(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return type(self).parse(value)
        except DomainError as refusal:
            raise forms.ValidationError(str(refusal))


class AmountField(_TypedAsWritten):
    parse, show = staticmethod(parse_amount), staticmethod(format_amount)


class PercentageField(_TypedAsWritten):
    parse, show = staticmethod(parse_percentage), staticmethod(format_percentage)


class ProductForm(forms.ModelForm):
    price = AmountField(help_text="Taxes included, as on the menu: 12.50.")
    tax_rate = PercentageField(label="VAT rate", initial=2000, help_text="Included in the price: 20 %, 5 %, 0 %.")

    class Meta:
        model = Product
        fields = "__all__"


class ProductModifierForm(forms.ModelForm):
    price = AmountField(initial=0, help_text="Added to the item's price: 1.50.")

    class Meta:
        model = ProductModifier
        fields = "__all__"


class ProductModifierInline(admin.TabularInline):
    model = ProductModifier
    form = ProductModifierForm
    extra = 1


@admin.register(Product)
class ProductAdmin(VenueScopedAdmin):
    form = ProductForm
    list_display = ["name", "category", "plu", "price_display", "tax_rate_display", "is_active", "venue"]
    list_filter = [VENUE_FILTER, "category", "is_active"]
    search_fields = ["name", "plu", "category"]
    inlines = [ProductModifierInline]

    @admin.display(description="price", ordering="price")
    def price_display(self, product):
        return str(Money(product.price, product.venue.currency))

    @admin.display(description="VAT rate", ordering="tax_rate")
    def tax_rate_display(self, product):
        return format_percentage(product.tax_rate)


@admin.register(CorrectionGrant)
class CorrectionGrantAdmin(VenueScopedAdmin):
    """Managers allow staff of their venue to void items, give discounts and write off bills."""

    list_display = ["user", "venue", "granted_at"]
    list_filter = [VENUE_FILTER]
    search_fields = ["user__username"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # only the staff of the manager's own venues
            kwargs["queryset"] = get_user_model().objects.filter(venues__in=visible_rows(Venue, request.user)).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = ["plu", "name", "quantity", "amount_per_item", "note", "parent"]


class OrderDiscountInline(ReadOnlyInline):
    model = OrderDiscount


class OrderTaxLineInline(ReadOnlyInline):
    model = OrderTaxLine


class OrderPaymentInline(ReadOnlyInline):
    model = OrderPayment
    fields = ["payment_intent_id", "method", "paid_amount", "tips_amount", "tendered", "card_reference", "taken_by",
              "created_at"]
    readonly_fields = ["created_at"]


class OrderVoidInline(ReadOnlyInline):
    model = OrderVoid
    fields = ["quantity", "name", "amount", "reason", "voided_by", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, VenueScopedAdmin):
    list_display = ["__str__", "reference", "status", "order_type", "table", "party", "total", "paid", "payable",
                    "created_at"]
    list_filter = [VENUE_FILTER, "status", "order_type", "payable"]
    search_fields = ["reference", "display_name", "dojo_order_id", "customer_name"]
    list_select_related = ["venue", "table", "party"]
    inlines = [OrderItemInline, OrderVoidInline, OrderDiscountInline, OrderTaxLineInline, OrderPaymentInline]
    actions = ["cancel_orders"]

    @admin.display(ordering="total_amount")
    def total(self, order):
        return str(Money(order.total_amount, order.currency))

    @admin.display(ordering="paid_amount")
    def paid(self, order):
        return str(Money(order.paid_amount, order.currency))

    @admin.action(description="Cancel the selected orders")
    def cancel_orders(self, request, queryset):
        for order in queryset:
            try:
                services.order_cancel(venue=order.venue, order_id=order.pk)
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"{order} is cancelled.", messages.SUCCESS)
