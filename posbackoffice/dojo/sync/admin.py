"""The "Dojo sync" admin: every visible venue at a glance, and one page per venue telling
whether the back office told Dojo, whether Dojo called back, and what failed.

Managers open it for their own venues (`access.visible_venues`), support for all of them.
Any staff user who may see a venue may read its page and retry its failed events: a retry
sends Dojo the entity's current state again, nothing more.
"""
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from posbackoffice.kernel.access import visible_venues

from ..models import DojoSync, OutboxEvent
from .selectors import venue_sync_status
from .services import outbox_events_retry_now

Status = OutboxEvent.Status


def _count_of(status: str) -> Coalesce:
    rows = OutboxEvent.objects.filter(venue=OuterRef("pk"), status=status).order_by().values("venue")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


@admin.register(DojoSync)
class DojoSyncAdmin(admin.ModelAdmin):
    list_display = ["name", "registration", "last_call", "pending", "oldest_pending", "failed"]
    list_display_links = ["name"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        oldest = OutboxEvent.objects.filter(venue=OuterRef("pk"), status=Status.PENDING).order_by("created_at")
        return (
            super()
            .get_queryset(request)
            .filter(visible_venues(request.user))
            .select_related("dojo_sync_state")
            .annotate(
                pending_count=_count_of(Status.PENDING),
                failed_count=_count_of(Status.FAILED),
                oldest_pending_at=Subquery(oldest.values("created_at")[:1]),
            )
        )

    # Readable by any staff user, for the venues they may see; nothing here is editable.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="registered with Dojo")
    def registration(self, venue):
        state = getattr(venue, "dojo_sync_state", None)
        if state is None or state.registered_at is None:
            return "no"
        return f"{state.get_registered_transport_display()}, {timesince(state.registered_at)} ago"

    @admin.display(description="last call from Dojo")
    def last_call(self, venue):
        state = getattr(venue, "dojo_sync_state", None)
        if state is None or state.last_call_at is None:
            return "none"
        return f"{state.last_call_capability}: {state.last_call_outcome}, {timesince(state.last_call_at)} ago"

    @admin.display(description="events waiting", ordering="pending_count")
    def pending(self, venue):
        return venue.pending_count

    @admin.display(description="oldest waiting", ordering="oldest_pending_at")
    def oldest_pending(self, venue):
        return timesince(venue.oldest_pending_at) if venue.oldest_pending_at else "-"

    @admin.display(description="failed events", ordering="failed_count")
    def failed(self, venue):
        return venue.failed_count

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Dojo sync: choose a venue", **(extra_context or {})})

    def get_urls(self):
        retry = self.admin_site.admin_view(require_POST(self.retry_view))
        return [path("<path:object_id>/retry/", retry, name="dojo_dojosync_retry"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        venue = self.get_object(request, unquote(object_id))
        if venue is None:  # or not one of the user's venues
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Dojo sync: {venue}",
            "venue": venue,
            "sync": venue_sync_status(venue=venue),
            "retry_url": reverse("admin:dojo_dojosync_retry", args=[venue.pk]),
        }
        return TemplateResponse(request, "admin/dojo/dojosync/sync.html", context)

    def retry_view(self, request, object_id):
        venue = self.get_object(request, unquote(object_id))
        if venue is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        events = OutboxEvent.objects.filter(venue=venue, status__in=[Status.FAILED, Status.PENDING])
        if "all_failed" in request.POST:
            events = events.filter(status=Status.FAILED)
        else:
            events = events.filter(pk__in=[value for value in request.POST.getlist("event") if value.isdigit()])
        retried = outbox_events_retry_now(events=list(events))
        level = messages.SUCCESS if retried else messages.WARNING
        self.message_user(request, f"{retried} event(s) will be delivered again now.", level)
        return HttpResponseRedirect(reverse("admin:dojo_dojosync_change", args=[venue.pk]))
