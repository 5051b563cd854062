"""Admin views of reservations, parties and the waitlist: read-only.

They change only through the service layer (`bookings.services`), which enforces the POS's
rules and records each change; the admin lets managers look, not edit (how long walk-ins
waited against their quote, for one).
"""
from django.contrib import admin

from posbackoffice.kernel.admin import VENUE_FILTER, ReadOnlyAdminMixin, VenueScopedAdmin

from .models import Party, PartyTable, Reservation, WaitlistEntry


def table_names(tables):
    return ", ".join(table.name for table in tables)


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdminMixin, VenueScopedAdmin):
    list_display = ["name", "covers", "start_time", "end_time", "table_list", "venue", "dojo_reservation_id"]
    list_filter = [VENUE_FILTER, "start_time"]
    search_fields = ["name", "dojo_reservation_id", "host_notes", "guest_requests"]
    date_hierarchy = "start_time"
    list_select_related = ["venue"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tables")

    @admin.display(description="Tables")
    def table_list(self, reservation):
        return table_names(reservation.tables.all())


class PartyTableInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PartyTable
    fields = ["table", "is_active"]
    readonly_fields = fields
    extra = 0


class PartyActiveFilter(admin.SimpleListFilter):
    title = "seated now"
    parameter_name = "seated"

    def lookups(self, request, model_admin):
        return [("yes", "Seated now"), ("no", "Left")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(end_time__isnull=True)
        if self.value() == "no":
            return queryset.filter(end_time__isnull=False)
        return queryset


@admin.register(Party)
class PartyAdmin(ReadOnlyAdminMixin, VenueScopedAdmin):
    inlines = [PartyTableInline]
    list_display = ["__str__", "covers", "status", "start_time", "end_time", "table_list", "waiter", "venue"]
    list_filter = [PartyActiveFilter, VENUE_FILTER, "status", "start_time"]
    search_fields = ["name", "dojo_party_id", "dojo_reservation_id", "host_notes", "guest_requests"]
    date_hierarchy = "start_time"
    list_select_related = ["venue", "waiter"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tables")

    @admin.display(description="Tables")
    def table_list(self, party):
        return table_names(party.tables.all())


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdminMixin, VenueScopedAdmin):
    list_display = ["name", "covers", "added_at", "quoted_minutes", "status", "closed_at", "party", "venue"]
    list_filter = [VENUE_FILTER, "status", "added_at"]
    search_fields = ["name", "phone", "notes"]
    date_hierarchy = "added_at"
    list_select_related = ["venue", "party"]
