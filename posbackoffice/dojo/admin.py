"""Admin for the Dojo integration: a venue's Dojo settings (with registration), the outbox
of POS events with its delivery attempts, and the "Dojo sync" page (`sync/admin.py`)."""
from django import forms
from django.contrib import admin, messages

from posbackoffice.kernel.admin import VenueScopedAdmin
from posbackoffice.kernel.errors import DomainError

from .apikeys import ApiKeyUnreadable
from .client import DojoError
from .config import dojo_base_url_check, dojo_settings_set
from .models import DeliveryAttempt, DojoSettings, OutboxEvent
from .registration import rest_integration_register
from .sync import admin as sync_admin  # noqa: F401  (registers the "Dojo sync" page)
from .sync.services import outbox_events_retry_now


class DojoSettingsForm(forms.ModelForm):
    """The API key is write-only: left blank, the stored key is kept."""

    api_key = forms.CharField(
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave blank to keep the current key.",
    )
    base_url = forms.URLField(assume_scheme="https", initial=DojoSettings.DEFAULT_BASE_URL)
    epos_url = forms.URLField(
        assume_scheme="https", required=False, help_text="Public URL of this back office's EPOS Data API (…/epos)."
    )

    class Meta:
        model = DojoSettings
        fields = ["venue", "api_key", "software_house_id", "reseller_id", "base_url", "epos_url"]

    def clean_base_url(self):
        base_url = self.cleaned_data["base_url"]
        try:
            dojo_base_url_check(base_url)
        except DomainError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return base_url

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("api_key"):
            self.add_error("api_key", "A new venue's Dojo settings need an API key.")
        return cleaned


@admin.register(DojoSettings)
class DojoSettingsAdmin(VenueScopedAdmin):
    form = DojoSettingsForm
    list_display = ["venue", "masked_api_key", "software_house_id", "reseller_id", "base_url", "epos_url"]
    readonly_fields = ["masked_api_key", "created_at", "updated_at"]
    actions = ["register_rest_integration"]

    @admin.display(description="API key")
    def masked_api_key(self, obj):
        return obj.masked_api_key

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "venue"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        # Saved through the service, which encrypts the key; the form never stores it.
        saved = dojo_settings_set(
            venue=obj.venue,
            api_key=data.get("api_key") or None,
            software_house_id=data["software_house_id"],
            reseller_id=data["reseller_id"],
            base_url=data["base_url"],
            epos_url=data["epos_url"],
        )
        obj.pk = saved.pk

    @admin.action(description="Register the REST integration with Dojo (sets fresh EPOS credentials)")
    def register_rest_integration(self, request, queryset):
        for dojo_settings in queryset.select_related("venue"):
            try:
                rest_integration_register(venue=dojo_settings.venue)
            except (DomainError, DojoError, ApiKeyUnreadable) as exc:
                self.message_user(request, f"{dojo_settings.venue}: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"{dojo_settings.venue}: registered with Dojo.", messages.SUCCESS)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["started_at", "duration_ms", "http_status", "outcome", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(VenueScopedAdmin):
    list_display = [
        "event_type", "entity_id", "venue", "status", "attempts", "short_error",
        "created_at", "changed_at", "next_attempt_at", "delivered_at",
    ]
    list_filter = ["status", "event_type", "venue"]
    search_fields = ["entity_id"]
    readonly_fields = [field.name for field in OutboxEvent._meta.fields]
    inlines = [DeliveryAttemptInline]
    actions = ["retry_now"]
    list_select_related = ["venue"]

    @admin.display(description="last error")
    def short_error(self, obj):
        return obj.last_error[:120]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry delivery now")
    def retry_now(self, request, queryset):
        retried = outbox_events_retry_now(events=list(queryset))
        skipped = queryset.count() - retried
        self.message_user(request, f"{retried} events will be retried now; {skipped} skipped.")
