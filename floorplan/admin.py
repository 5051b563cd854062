"""Admin for managers: venues, their areas with the tables inline, and waiters.

Which venues a user sees is the kernel's one rule (`posbackoffice.kernel.access`): a superuser
sees every venue, any other staff user only those they are staff of and what belongs to them.
The floor plan's rules are the service layer's (`floorplan.services`): the forms run its
checks while validating and show a refusal next to the field it concerns.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Length
from django.urls import path, reverse
from django.utils.html import format_html

from posbackoffice.kernel.admin import ConcurrentSaveAdmin, ScopedUserPickersMixin, VenueScopedAdmin, visible_rows
from posbackoffice.kernel.errors import DomainError

from . import services
from .admin_removal import (
    TableRowsRemovedThroughTheService,
    TablesRemovedThroughTheService,
    rows_removable_through_the_service,
)
from .editor import views as editor
from .models import Area, Table, Venue, Waiter


class AreaChoiceField(forms.ModelChoiceField):
    """Names each area with its venue, so that two venues' "Terrace" can be told apart."""

    def label_from_instance(self, area):
        return f"{area.venue.name} — {area.name}"


def offer_only_waiters_of(form, venue_id):
    """Narrows the form's waiter choices to one venue's, once the row's venue is known."""
    if venue_id is not None and "waiters" in form.fields:
        form.fields["waiters"].queryset = form.fields["waiters"].queryset.filter(venue_id=venue_id)


@contextmanager
def refusal_shown_on(form: forms.Form, field: str) -> Iterator[None]:
    """Shows a service's refusal as the form's error next to `field`."""
    try:
        yield
    except DomainError as refusal:
        form.add_error(field, str(refusal))


def check_waiters(form: forms.ModelForm, venue_id: int) -> None:
    with refusal_shown_on(form, "waiters"):
        services.waiters_check_venue(venue_id=venue_id, waiters=form.cleaned_data.get("waiters") or [])


# Tables in floor order, numbers in numeric order: "2" before "10".
TABLE_ORDERING = ["area__display_order", "area__name", Length("name"), "name"]
ON_THE_PLAN = Q(tables__retired_at__isnull=True)


def layout_link(venue_id: int, area_id: int | None = None) -> str:
    """A link to the layout editor, on the given area or the venue's first."""
    url = reverse("admin:floorplan_venue_layout", args=[venue_id])
    return format_html('<a href="{}">Edit layout</a>', f"{url}?area={area_id}" if area_id else url)


@admin.register(Venue)
class VenueAdmin(ScopedUserPickersMixin, ConcurrentSaveAdmin):
    list_display = ["name", "slug", "timezone", "currency", "area_count", "table_count", "layout"]
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
            area_count=Count("areas", distinct=True),
            table_count=Count("tables", distinct=True, filter=Q(tables__retired_at__isnull=True)),
        )

    def get_urls(self):
        # The layout editor, on the venue's areas: before the admin's own `<object_id>/` routes.
        layout = [
            path("<int:venue_id>/layout/", self.admin_site.admin_view(editor.editor_page), name="floorplan_venue_layout"),
            path(
                "<int:venue_id>/layout/<int:area_id>/",
                self.admin_site.admin_view(editor.save_layout),
                name="floorplan_area_layout_save",
            ),
        ]
        return layout + super().get_urls()

    @admin.display(description="Floor plan")
    def layout(self, venue):
        return layout_link(venue.pk)

    @admin.display(description="Areas", ordering="area_count")
    def area_count(self, venue):
        return venue.area_count

    @admin.display(description="Tables", ordering="table_count")
    def table_count(self, venue):
        return venue.table_count


class TableInlineFormSet(TableRowsRemovedThroughTheService):
    """Offers the area's venue's waiters only, and refuses a name given to two rows of one
    save next to the offending row, before anything reaches the database."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        offer_only_waiters_of(form, self.instance.venue_id)

    def clean(self):
        seen = set()
        for form in self._submitted_forms():
            name = form.cleaned_data.get("name")
            if not name or "name" in form.errors:
                continue
            with refusal_shown_on(form, "name"):
                services.table_check_name(
                    area=self.instance, name=name, table_id=form.instance.pk, saved_alongside=seen
                )
            seen.add(name)
        self._check_tables_apart()
        super().clean()

    def _check_tables_apart(self):
        """Each row added or changed here against the tables as they will be: the other
        rows of this save, and the area's other tables as they are now (read after locking
        the area, so that a layout saved meanwhile in the editor counts)."""
        changing = [form for form in self._submitted_forms() if form.instance.pk is None or form.has_changed()]
        placed = []
        if self.instance.pk is not None:
            services.area_lock(area=self.instance)
            left_alone = {form.instance.pk for form in self._submitted_forms() if form not in changing}
            placed = [
                (table.name, services.table_footprint(table))
                for table in self.instance.tables.filter(pk__in=left_alone, retired_at__isnull=True)
            ]
        for form in changing:
            if (footprint := footprint_in(form)) is not None:
                with refusal_shown_on(form, "x"):
                    services.table_check_clear_of(name=form.cleaned_data["name"], footprint=footprint, others=placed)
                placed.append((form.cleaned_data["name"], footprint))

    def _submitted_forms(self):
        """The rows that will be saved: neither blank extra rows nor rows marked for deletion."""
        for form in self.forms:
            blank_extra = form.instance.pk is None and not form.has_changed()
            if not blank_extra and not (self.can_delete and self._should_delete_form(form)):
                yield form


PLACEMENT_FIELDS = ("x", "y", "width", "height", "rotation", "shape")


def footprint_in(form: forms.ModelForm):
    """Where the row's table would lie, if the form has every measure, each valid, and a name."""
    measures = {field: form.cleaned_data.get(field) for field in PLACEMENT_FIELDS}
    if None in measures.values() or not form.cleaned_data.get("name") or set(form.errors) & set(PLACEMENT_FIELDS):
        return None
    return services.footprint_of(**measures)


class TableForm(forms.ModelForm):
    """A table's row, on its own page, inline in its area or in the list: checks the rules
    of the fields it has."""

    class Meta:
        model = Table
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        if (area := cleaned_data.get("area")) is not None:
            self._check_in_area(area, cleaned_data)
            self._check_placement(area, cleaned_data)
        if not self.instance.is_active and cleaned_data.get("is_active"):
            with refusal_shown_on(self, "is_active"):
                services.table_check_back_in_service(table=self.instance)
        if self.instance.pk is not None and self.instance.is_active and cleaned_data.get("is_active") is False:
            with refusal_shown_on(self, "is_active"):
                services.table_check_deactivation(table=self.instance)
        return cleaned_data

    def _check_in_area(self, area: Area, cleaned_data: dict) -> None:
        with refusal_shown_on(self, "area"):
            services.table_check_area(table=self.instance, area=area)
        if name := cleaned_data.get("name"):
            with refusal_shown_on(self, "name"):
                services.table_check_name(area=area, name=name, table_id=self.instance.pk)
        check_waiters(self, area.venue_id)

    def _check_placement(self, area: Area, cleaned_data: dict) -> None:
        measures = {field: cleaned_data.get(field) for field in PLACEMENT_FIELDS}
        if None in measures.values():
            return  # not a field of this form, or already refused
        try:
            services.table_check_placement(area=area, **measures)
        except services.OffThePlan as refusal:
            self.add_error(refusal.field, str(refusal))


class TableInline(admin.TabularInline):
    model = Table
    form = TableForm
    formset = TableInlineFormSet
    fields = ["name", "max_covers", "shape", "x", "y", "width", "height", "rotation", "is_active", "waiters"]
    extra = 1
    show_change_link = True
    ordering = TABLE_ORDERING

    def get_queryset(self, request):
        return super().get_queryset(request).filter(retired_at__isnull=True)

    def get_formset(self, request, obj=None, **kwargs):
        return rows_removable_through_the_service(super().get_formset(request, obj, **kwargs))

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
        # Its tables' rows, validated next, lock their rows: the area's comes first, as in a layout save.
        services.area_lock(area=self.instance)
        # On a saved area the venue is read-only, so not a field of the form.
        venue = cleaned_data.get("venue") if "venue" in self.fields else self.instance.venue
        if venue is not None:
            check_waiters(self, venue.pk)
        return cleaned_data


@admin.register(Area)
class AreaAdmin(VenueScopedAdmin):
    form = AreaForm
    inlines = [TableInline]
    fields = ["venue", "name", "display_order", ("width", "height"), "waiters"]
    list_display = ["name", "venue", "display_order", "table_count", "total_covers", "layout"]
    list_display_links = ["name"]
    list_editable = ["display_order"]
    list_filter = [("venue", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "venue__name"]
    filter_horizontal = ["waiters"]
    list_select_related = ["venue"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            table_count=Count("tables", filter=ON_THE_PLAN), total_covers=Sum("tables__max_covers", filter=ON_THE_PLAN)
        )

    @admin.display(description="Floor plan")
    def layout(self, area):
        return layout_link(area.venue_id, area.pk)

    @admin.display(description="Tables", ordering="table_count")
    def table_count(self, area):
        return area.table_count

    @admin.display(description="Covers", ordering="total_covers")
    def total_covers(self, area):
        return area.total_covers or 0


class StandaloneTableForm(TableForm):
    """A table on its own page, also kept clear of the other tables of its area."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only_waiters_of(self, self.instance.venue_id)

    def _check_placement(self, area: Area, cleaned_data: dict) -> None:
        # Before the deactivation check: the area's row is locked before the table's, as a layout save does.
        super()._check_placement(area, cleaned_data)
        if (footprint := footprint_in(self)) is not None:
            with refusal_shown_on(self, "x"):
                services.table_check_clear(
                    area=area, name=cleaned_data["name"], footprint=footprint, table_id=self.instance.pk
                )


@admin.register(Table)
class TableAdmin(TablesRemovedThroughTheService, VenueScopedAdmin):
    form = StandaloneTableForm
    list_display = ["name", "area", "venue", "max_covers", "shape", "is_active", "waiter_names"]
    list_display_links = ["name"]
    list_editable = ["max_covers", "is_active"]
    list_filter = [
        ("venue", admin.RelatedOnlyFieldListFilter),
        ("area", admin.RelatedOnlyFieldListFilter),
        "is_active",
        ("retired_at", admin.EmptyFieldListFilter),
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

    def get_readonly_fields(self, request, obj=None):
        # A retired table is kept for the bookings and orders that name it, as it was.
        if obj is not None and obj.retired_at is not None:
            return [field.name for field in Table._meta.fields if field.name != "id"] + ["waiters"]
        return super().get_readonly_fields(request, obj)

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=TableForm, **kwargs)

    def changelist_view(self, request, extra_context=None):
        # Taking a table out of service from the list: the check locks the table's row, and
        # holds it until the list's changes are saved, in this one transaction.
        with transaction.atomic():
            return super().changelist_view(request, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area":
            kwargs["queryset"] = visible_rows(Area, request.user).select_related("venue")
            kwargs["form_class"] = AreaChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Waiters")
    def waiter_names(self, table):
        return ", ".join(waiter.name for waiter in table.waiters.all())


class WaiterForm(forms.ModelForm):
    class Meta:
        model = Waiter
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        # On a saved waiter the venue is read-only, so not a field of the form.
        venue = cleaned_data.get("venue") if "venue" in self.fields else self.instance.venue
        user = cleaned_data.get("user")
        if venue is not None:
            with refusal_shown_on(self, "user"):
                services.waiter_check_user(venue=venue, user_id=user.pk if user else None)
        return cleaned_data


@admin.register(Waiter)
class WaiterAdmin(VenueScopedAdmin):
    form = WaiterForm
    list_display = ["name", "initials", "venue", "is_active", "area_names", "user"]
    list_filter = [("venue", admin.RelatedOnlyFieldListFilter), "is_active"]
    search_fields = ["name", "initials", "user__username"]
    list_select_related = ["venue", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description="Areas")
    def area_names(self, waiter):
        return ", ".join(area.name for area in waiter.areas.all())
