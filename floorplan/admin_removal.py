"""Tables leave the plan from the admin as they do from the layout editor, through
`services.table_remove`: a table that bookings, parties or orders name is retired (kept for
them, off the plan, its name free again) rather than deleted, and a table with a party
seated is refused with the reason. Whether from its own page, "Delete selected", or a row
of its area."""
from django import forms
from django.contrib import admin
from django.forms.formsets import DELETION_FIELD_NAME

from posbackoffice.kernel.errors import Conflict

from . import services
from .models import Table


def removal_refusal(table: Table) -> str | None:
    """Why the table cannot leave the plan now, if it cannot. Locks its row, as removing
    it does, until the admin's transaction ends."""
    try:
        services.table_check_deactivation(table=table, doing="removing the table")
    except Conflict as refusal:
        return str(refusal)
    return None


class TablesRemovedThroughTheService(admin.ModelAdmin):
    def get_deleted_objects(self, objs, request):
        """The confirmation lists the tables alone (nothing goes with them) and refuses
        those with a party seated, in place of Django's list of protected rows."""
        tables = list(objs)
        refusals = [refusal for table in tables if (refusal := removal_refusal(table))]
        return [str(table) for table in tables], {Table._meta.verbose_name_plural: len(tables)}, set(), refusals

    def delete_model(self, request, obj):
        services.table_remove(table=obj)

    def delete_queryset(self, request, queryset):
        for table in queryset:
            services.table_remove(table=table)


class TableRowsRemovedThroughTheService(forms.BaseInlineFormSet):
    """An area's table rows ticked "Delete": checked as the service checks, saved by it."""

    def delete_existing(self, obj, commit=True):
        if commit:
            services.table_remove(table=obj)


def rows_removable_through_the_service(formset_class):
    """The admin's inline row refuses to delete a row that protected rows point at (a
    party's seat); the service retires that table instead, so the row asks the service."""

    class RemovableRow(formset_class.form):
        def hand_clean_DELETE(self):
            if self.cleaned_data.get(DELETION_FIELD_NAME) and self.instance.pk is not None:
                if refusal := removal_refusal(self.instance):
                    raise forms.ValidationError(refusal)

    formset_class.form = RemovableRow
    return formset_class
