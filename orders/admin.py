"""Admin: managers edit the product catalogue; orders are shown read-only, since every
change to an order goes through `orders.services` (cancelling one included)."""
from django.contrib import admin, messages

from posbackoffice.kernel.admin import VENUE_FILTER, ReadOnlyAdminMixin, VenueScopedAdmin
from posbackoffice.kernel.errors import DomainError

from . import services
from .models import Order, OrderDiscount, OrderItem, OrderPayment, OrderTaxLine, Product, ProductModifier
from .values import Money


class ProductModifierInline(admin.TabularInline):
    model = ProductModifier
    extra = 1


@admin.register(Product)
class ProductAdmin(VenueScopedAdmin):
    list_display = ["name", "plu", "price_display", "tax_rate_display", "is_active", "venue"]
    list_filter = [VENUE_FILTER, "is_active"]
    search_fields = ["name", "plu"]
    inlines = [ProductModifierInline]

    @admin.display(description="price", ordering="price")
    def price_display(self, product):
        return str(Money(product.price, product.venue.currency))

    @admin.display(description="tax rate", ordering="tax_rate")
    def tax_rate_display(self, product):
        return f"{product.tax_rate / 100:g}%"


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
    fields = ["payment_intent_id", "paid_amount", "tips_amount", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, VenueScopedAdmin):
    list_display = ["__str__", "reference", "status", "order_type", "table", "party", "total", "paid", "payable",
                    "created_at"]
    list_filter = [VENUE_FILTER, "status", "order_type", "payable"]
    search_fields = ["reference", "display_name", "dojo_order_id", "customer_name"]
    list_select_related = ["venue", "table", "party"]
    inlines = [OrderItemInline, OrderDiscountInline, OrderTaxLineInline, OrderPaymentInline]
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
