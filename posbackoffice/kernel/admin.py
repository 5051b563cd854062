"""Admin building blocks every app's admin shares, the admin's login form, and the
read-only trail of change records.

`VenueScopedAdmin` applies the one visibility rule (`access.visible_venues`): a user sees
only the rows of the venues they may see, and picks only among those venues, their rows
and their staff.
"""
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.http import HttpResponseRedirect

from .access import visible_venues
from .models import ChangeRecord
from .throttle import ThrottledLoginFormMixin

VENUE_FILTER = ("venue", admin.RelatedOnlyFieldListFilter)


def _belongs_to_a_venue(model) -> bool:
    return any(field.name == "venue" for field in model._meta.get_fields())


def visible_rows(model, user):
    """The rows of `model` (a venue model, or a model with a `venue`) the user may see."""
    via = "venue__" if _belongs_to_a_venue(model) else ""
    return model._default_manager.filter(visible_venues(user, via=via))


def visible_users(user):
    """The users the user may see and pick: the staff of the venues they may see (the
    users reach a venue through its `staff`, as `venues`); a superuser sees every user."""
    return get_user_model()._default_manager.filter(visible_venues(user, via="venues__")).distinct()


class AdminLoginForm(ThrottledLoginFormMixin, AdminAuthenticationForm):
    """The admin's login, refusing locked-out usernames and addresses like the staff login."""


class ReadOnlyAdminMixin:
    """Allows viewing only: no add, change or delete, whatever the user's permissions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConcurrentSaveAdmin(admin.ModelAdmin):
    """Turns a constraint that a concurrent save broke after the form was validated (two
    managers adding the same table name at once) into a message instead of an error page."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except IntegrityError:
            messages.error(
                request,
                "Nothing was saved: someone else saved a conflicting change (such as a table of the same "
                "name) at the same time. Check the page and try again.",
            )
            return HttpResponseRedirect(request.get_full_path())


class ScopedUserPickersMixin:
    """Offers in every user picker (a foreign key or many-to-many to users) only the users
    the user may see (`visible_users`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model():
            kwargs.setdefault("queryset", visible_users(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is get_user_model():
            kwargs.setdefault("queryset", visible_users(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class VenueScopedAdmin(ScopedUserPickersMixin, ConcurrentSaveAdmin):
    """For a model with a venue: shows only rows of the user's venues, offers only their
    venues (and their rows, and their staff) in pickers, and keeps a saved row in its venue."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visible_venues(request.user, via="venue__"))

    def get_readonly_fields(self, request, obj=None):
        # Moving a saved row to another venue would strand what is tied to it in the old one.
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and "venue" not in readonly:
            readonly.append("venue")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self._is_scoped(db_field):
            kwargs.setdefault("queryset", visible_rows(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if self._is_scoped(db_field):
            kwargs.setdefault("queryset", visible_rows(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _is_scoped(self, db_field) -> bool:
        venue_model = self.model._meta.get_field("venue").related_model
        return db_field.related_model is venue_model or _belongs_to_a_venue(db_field.related_model)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdminMixin, VenueScopedAdmin):
    list_display = ["at", "entity", "entity_id", "action", "source", "user", "waiter_ref", "venue"]
    list_filter = [VENUE_FILTER, "entity", "action", "source", "at"]
    search_fields = ["entity_id", "waiter_ref", "device_id", "requesting_product", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["venue", "user"]
