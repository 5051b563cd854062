"""Admin: managers edit the product catalogue; orders are shown read-only, since every
change to an order goes through `orders.services` (cancelling one included)."""
from django.contrib import admin, messages

from posbackoffice.errors import DomainError

from . import services
from .models import Order, OrderDiscount, OrderItem, OrderPayment, OrderTaxLine, Product, ProductModifier
from .values import Money


class VenueScopedAdmin(admin.ModelAdmin):
    """Staff who are not superusers see and edit only the rows of venues they work at."""

    venue_lookup = "venue"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(**{f"{self.venue_lookup}__staff": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "venue" and not request.user.is_superuser:
            kwargs["queryset"] = request.user.venues.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProductModifierInline(admin.TabularInline):
    model = ProductModifier
    extra = 1


@admin.register(Product)
class ProductAdmin(VenueScopedAdmin):
    list_display = ["name", "plu", "price_display", "tax_rate_display", "is_active", "venue"]
    list_filter = ["venue", "is_active"]
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
class OrderAdmin(VenueScopedAdmin):
    list_display = ["__str__", "reference", "status", "order_type", "table", "party", "total", "paid", "payable",
                    "created_at"]
    list_filter = ["venue", "status", "order_type", "payable"]
    search_fields = ["reference", "display_name", "dojo_order_id", "customer_name"]
    list_select_related = ["venue", "table", "party"]
    inlines = [OrderItemInline, OrderDiscountInline, OrderTaxLineInline, OrderPaymentInline]
    actions = ["cancel_orders"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

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
