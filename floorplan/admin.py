"""Admin for managers: venues, their areas with the tables inline, and waiters.

Which venues a user sees is the kernel's one rule (`posbackoffice.kernel.access`): a superuser
sees every venue, any other staff user only those they are staff of and what belongs to them.
"""
from django import forms
from django.contrib import admin
from django.db.models import Count, Sum
from django.db.models.functions import Length

from posbackoffice.kernel.admin import ConcurrentSaveAdmin, ScopedUserPickersMixin, VenueScopedAdmin, visible_rows

from .models import Area, Table, Venue, Waiter


class AreaChoiceField(forms.ModelChoiceField):
    """Names each area with its venue, so that two venues' "Terrace" can be told apart."""

    def label_from_instance(self, area):
        return f"{area.venue.name} — {area.name}"


def offer_only_waiters_of(form, venue_id):
    """Narrows the form's waiter choices to one venue's, once the row's venue is known."""
    if venue_id is not None and "waiters" in form.fields:
        form.fields["waiters"].queryset = form.fields["waiters"].queryset.filter(venue_id=venue_id)


def refuse_waiters_of_other_venues(form, venue_id):
    """Adds an error to the form's `waiters` field when a chosen waiter works at another venue."""
    strangers = [w.name for w in form.cleaned_data.get("waiters") or [] if w.venue_id != venue_id]
    if strangers:
        form.add_error("waiters", f"Not staff of this venue: {', '.join(strangers)}.")


# Tables in floor order, numbers in numeric order: "2" before "10".
TABLE_ORDERING = ["area__display_order", "area__name", Length("name"), "name"]


def duplicate_name_message(name):
    return f"This area already has a table named “{name}”. Table names must be unique within an area."


@admin.register(Venue)
class VenueAdmin(ScopedUserPickersMixin, ConcurrentSaveAdmin):
    list_display = ["name", "slug", "timezone", "currency", "area_count", "table_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "address"]}),
        ("Locale", {"fields": ["timezone", "currency"]}),
        ("Staff", {"fields": ["staff"], "description": "Staff users who manage this venue."}),
    ]

    def get_queryset(self, request):
        return visible_rows(Venue, request.user).annotate(
            area_count=Count("areas", distinct=True), table_count=Count("tables", distinct=True)
        )

    @admin.display(description="Areas", ordering="area_count")
    def area_count(self, venue):
        return venue.area_count

    @admin.display(description="Tables", ordering="table_count")
    def table_count(self, venue):
        return venue.table_count


class TableInlineFormSet(forms.BaseInlineFormSet):
    """Offers the area's venue's waiters only, and refuses a name given to two rows of one
    save next to the offending row, before anything reaches the database."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        offer_only_waiters_of(form, self.instance.venue_id)

    def clean(self):
        seen = set()
        for form in self._submitted_forms():
            name = form.cleaned_data.get("name")
            if name in seen:
                form.add_error("name", duplicate_name_message(name))
            elif name:
                seen.add(name)
        super().clean()

    def _submitted_forms(self):
        """The rows that will be saved: neither blank extra rows nor rows marked for deletion."""
        for form in self.forms:
            blank_extra = form.instance.pk is None and not form.has_changed()
            if not blank_extra and not (self.can_delete and self._should_delete_form(form)):
                yield form


class TableForm(forms.ModelForm):
    class Meta:
        model = Table
        fields = "__all__"
        error_messages = {
            forms.models.NON_FIELD_ERRORS: {
                "unique_together": "This area already has a table with this name. "
                "Table names must be unique within an area."
            }
        }


class TableInline(admin.TabularInline):
    model = Table
    form = TableForm
    formset = TableInlineFormSet
    fields = ["name", "max_covers", "shape", "x", "y", "width", "height", "rotation", "is_active", "waiters"]
    extra = 1
    show_change_link = True
    ordering = TABLE_ORDERING

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Keeps the row narrow, leaving room for the waiters' names.
        if db_field.name == "name":
            kwargs["widget"] = forms.TextInput(attrs={"size": 10})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "waiters":
            kwargs["queryset"] = visible_rows(Waiter, request.user)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_waiters_of(self, self.instance.venue_id)

    def clean(self):
        cleaned_data = super().clean()
        # On a saved area the venue is read-only, so not a field of the form.
        venue = cleaned_data.get("venue") if "venue" in self.fields else self.instance.venue
        if venue is not None:
            refuse_waiters_of_other_venues(self, venue.pk)
        return cleaned_data


@admin.register(Area)
class AreaAdmin(VenueScopedAdmin):
    form = AreaForm
    inlines = [TableInline]
    fields = ["venue", "name", "display_order", "waiters"]
    list_display = ["name", "venue", "display_order", "table_count", "total_covers"]
    list_display_links = ["name"]
    list_editable = ["display_order"]
    list_filter = [("venue", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "venue__name"]
    filter_horizontal = ["waiters"]
    list_select_related = ["venue"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(table_count=Count("tables"), total_covers=Sum("tables__max_covers"))

    @admin.display(description="Tables", ordering="table_count")
    def table_count(self, area):
        return area.table_count

    @admin.display(description="Covers", ordering="total_covers")
    def total_covers(self, area):
        return area.total_covers or 0


class StandaloneTableForm(TableForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_waiters_of(self, self.instance.venue_id)

    def clean(self):
        cleaned_data = super().clean()
        area = cleaned_data.get("area")
        if area is None:
            return cleaned_data
        if self.instance.pk is not None and area.venue_id != self.instance.venue_id:
            self.add_error("area", "A table cannot move to another venue; pick an area of its own venue.")
        refuse_waiters_of_other_venues(self, area.venue_id)
        return cleaned_data


@admin.register(Table)
class TableAdmin(VenueScopedAdmin):
    form = StandaloneTableForm
    list_display = ["name", "area", "venue", "max_covers", "shape", "is_active", "waiter_names"]
    list_display_links = ["name"]
    list_editable = ["max_covers", "is_active"]
    list_filter = [
        ("venue", admin.RelatedOnlyFieldListFilter),
        ("area", admin.RelatedOnlyFieldListFilter),
        "is_active",
        "shape",
        "max_covers",
    ]
    search_fields = ["name", "area__name", "venue__name", "waiters__name"]
    list_select_related = ["area", "venue"]
    list_per_page = 100
    ordering = TABLE_ORDERING
    filter_horizontal = ["waiters"]
    fieldsets = [
        (None, {"fields": ["area", "name", "max_covers", "is_active", "waiters"]}),
        ("Floor plan", {"fields": ["shape", ("x", "y"), ("width", "height"), "rotation"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("waiters")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area":
            kwargs["queryset"] = visible_rows(Area, request.user).select_related("venue")
            kwargs["form_class"] = AreaChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Waiters")
    def waiter_names(self, table):
        return ", ".join(waiter.name for waiter in table.waiters.all())


@admin.register(Waiter)
class WaiterAdmin(VenueScopedAdmin):
    list_display = ["name", "initials", "venue", "is_active", "area_names", "user"]
    list_filter = [("venue", admin.RelatedOnlyFieldListFilter), "is_active"]
    search_fields = ["name", "initials", "user__username"]
    list_select_related = ["venue", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description="Areas")
    def area_names(self, waiter):
        return ", ".join(area.name for area in waiter.areas.all())
