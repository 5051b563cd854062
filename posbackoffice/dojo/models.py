"""What the Dojo integration stores: the credentials Dojo uses to call this back office."""
from django.db import models

from floorplan.models import Venue


class EposCredential(models.Model):
    """HTTP Basic credentials that a venue gives Dojo for the EPOS Data API.

    The password is not kept: `password_hash` is Django's slow password hash of the
    password's HMAC-SHA256 under `password_salt` (see `credentials.py`, which also keeps
    checking it cheap on every request).
    """

    venue = models.OneToOneField(Venue, on_delete=models.CASCADE, related_name="epos_credential")
    username = models.CharField(max_length=150, unique=True)
    password_salt = models.CharField(max_length=64)
    password_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.username} ({self.venue})"


class DojoSettings(models.Model):
    """How a venue reaches the Dojo API: its API key, the IDs Dojo assigned, and where
    the back office's own EPOS Data API is published (for capability registration).

    The API key cannot be hashed (it is sent on every call), so it is kept encrypted
    with a key derived from SECRET_KEY (see `apikeys.py`); only its last characters are
    ever shown. Changing SECRET_KEY makes stored keys unreadable: set them again.
    """

    DEFAULT_BASE_URL = "https://api.dojo.tech"

    venue = models.OneToOneField(Venue, on_delete=models.CASCADE, related_name="dojo_settings")
    api_key_encrypted = models.TextField(editable=False)
    api_key_hint = models.CharField(max_length=16, editable=False, help_text="The key's last characters.")
    software_house_id = models.CharField(max_length=255)
    reseller_id = models.CharField(max_length=255, blank=True)
    base_url = models.URLField(default=DEFAULT_BASE_URL, help_text="Dojo API base URL (sandbox or production).")
    epos_url = models.URLField(blank=True, help_text="Public URL of this back office's EPOS Data API, ending in /epos.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Dojo settings"
        verbose_name_plural = "Dojo settings"

    def __str__(self):
        return f"Dojo settings for {self.venue}"

    @property
    def masked_api_key(self) -> str:
        return f"…{self.api_key_hint}" if self.api_key_hint else ""


class OutboxEvent(models.Model):
    """A POS event waiting to be delivered to Dojo, written in the same transaction as
    the change it reports.

    At most one pending row exists per (venue, event type, entity): further changes
    before delivery bump `version` instead of adding rows, since Dojo reads the latest
    state by ID. A delivery only marks the row delivered if `version` is unchanged since
    it was claimed, so a change made while a request is in flight is sent again.
    `locked_until` is the lease of the process currently delivering the row.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed", "failed (permanent error)"

    class EventType(models.TextChoices):
        RESERVATION_UPDATED = "ReservationUpdated"
        PARTY_UPDATED = "PartyUpdated"
        ORDER_UPDATED = "OrderUpdated"

    # No database constraint: a venue being deleted cascades into parties whose
    # post_delete handlers may still add rows; those rows then fail for lack of settings.
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    event_type = models.CharField(max_length=32, choices=EventType.choices)
    entity_id = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    version = models.PositiveIntegerField(default=1)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(help_text="When the latest change coalesced into this event was made.")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "event_type", "entity_id"],
                condition=models.Q(status="pending"),
                name="outbox_one_pending_event_per_entity",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(status="pending"), name="outbox_pending_due"
            ),
            models.Index(fields=["status", "delivered_at"], name="outbox_status_delivered"),
        ]

    def __str__(self):
        return f"{self.event_type} {self.entity_id} ({self.status})"

    @property
    def wire_body(self) -> dict:
        id_field = {
            self.EventType.RESERVATION_UPDATED: "reservationId",
            self.EventType.PARTY_UPDATED: "partyId",
            self.EventType.ORDER_UPDATED: "orderId",
        }[self.event_type]
        return {"eventType": self.event_type, "event": {id_field: self.entity_id}}


class DeliveryAttempt(models.Model):
    """One try at delivering an outbox event, kept for diagnosis."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered"
        RETRY = "retry", "transient error, will retry"
        FAILED = "failed", "permanent error"

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="delivery_attempts")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]


class DojoSyncState(models.Model):
    """What the back office last saw of its exchanges with Dojo for one venue, for the
    "Dojo sync" page: the last registration it made, the last call Dojo made (and the last
    one refused or failed), and the WebSocket bridge's connection. Written as they happen,
    one row per venue; the outbox tables tell the rest."""

    class Transport(models.TextChoices):
        REST = "rest", "REST"
        WS = "ws", "WebSocket"

    class BridgeState(models.TextChoices):
        CONNECTED = "connected"
        DISCONNECTED = "disconnected"
        REFUSED = "refused", "refused by Dojo"

    venue = models.OneToOneField(Venue, on_delete=models.CASCADE, related_name="dojo_sync_state")

    registered_at = models.DateTimeField(null=True, blank=True)
    registered_transport = models.CharField(max_length=4, choices=Transport.choices, blank=True)
    registered_capabilities = models.JSONField(default=list, blank=True)

    last_call_at = models.DateTimeField(null=True, blank=True)
    last_call_capability = models.CharField(max_length=64, blank=True)
    last_call_transport = models.CharField(max_length=4, choices=Transport.choices, blank=True)
    last_call_outcome = models.CharField(max_length=32, blank=True, help_text="ok, or the EPOSError type.")
    last_call_trace_id = models.CharField(max_length=64, blank=True)

    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_failure_capability = models.CharField(max_length=64, blank=True)
    last_failure_transport = models.CharField(max_length=4, choices=Transport.choices, blank=True)
    last_failure_outcome = models.CharField(max_length=32, blank=True)
    last_failure_message = models.TextField(blank=True)
    last_failure_trace_id = models.CharField(max_length=64, blank=True)

    bridge_state = models.CharField(max_length=16, choices=BridgeState.choices, blank=True)
    bridge_state_since = models.DateTimeField(null=True, blank=True)
    bridge_seen_at = models.DateTimeField(null=True, blank=True, help_text="The bridge's last heartbeat.")
    bridge_reconnects = models.PositiveIntegerField(default=0)
    bridge_last_error = models.TextField(blank=True)

    def __str__(self):
        return f"Dojo sync state of {self.venue}"


class DojoSync(Venue):
    """A venue seen from the "Dojo sync" admin page."""

    class Meta:
        proxy = True
        verbose_name = "Dojo sync"
        verbose_name_plural = "Dojo sync"
