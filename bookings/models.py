"""Reservations (bookings ahead of time) and parties (guests seated now)."""
from django.db import models
from django.db.models import Q

from floorplan.models import Table, Venue, Waiter


class Reservation(models.Model):
    """An upcoming booking: who is expected, how many, when, and at which tables."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="reservations")
    dojo_reservation_id = models.CharField(
        max_length=255, null=True, blank=True, help_text="The reservation platform's own ID, when it made the booking."
    )
    name = models.CharField(max_length=200)
    covers = models.PositiveSmallIntegerField()
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    tables = models.ManyToManyField(Table, related_name="reservations")
    host_notes = models.TextField(blank=True)
    guest_requests = models.TextField(blank=True, help_text="The guest's own words; never rewritten by the POS.")
    no_show_at = models.DateTimeField(
        null=True, blank=True, help_text="When staff marked that the guests did not come; empty otherwise."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_time", "pk"]
        indexes = [models.Index(fields=["venue", "start_time", "id"], name="reservation_venue_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "dojo_reservation_id"],
                condition=Q(dojo_reservation_id__isnull=False),
                name="reservation_dojo_id_unique_in_venue",
            ),
            models.CheckConstraint(condition=Q(covers__gte=1), name="reservation_covers_positive"),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="reservation_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.name} ×{self.covers}"


class Party(models.Model):
    """A group seated in the venue now (or, once `end_time` is set, one that has left)."""

    DEFAULT_STATUS = "Seated"

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="parties")
    dojo_party_id = models.CharField(max_length=255, null=True, blank=True)
    dojo_reservation_id = models.CharField(max_length=255, blank=True)
    reservation = models.ForeignKey(
        Reservation, on_delete=models.SET_NULL, null=True, blank=True, related_name="parties"
    )
    name = models.CharField(max_length=200, blank=True)
    covers = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=100, default=DEFAULT_STATUS)
    start_time = models.DateTimeField()
    expected_end_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    host_notes = models.TextField(blank=True)
    guest_requests = models.TextField(blank=True, help_text="The guest's own words; never rewritten by the POS.")
    deposit_value = models.BigIntegerField(null=True, blank=True, help_text="Minor units, e.g. pence.")
    deposit_currency = models.CharField(max_length=10, blank=True)
    deposit_description = models.CharField(max_length=500, blank=True)
    deposit_payment_intent_ids = models.JSONField(default=list, blank=True)
    waiter = models.ForeignKey(Waiter, on_delete=models.SET_NULL, null=True, blank=True, related_name="parties")
    tables = models.ManyToManyField(Table, through="PartyTable", related_name="parties")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "parties"
        ordering = ["start_time", "pk"]
        indexes = [models.Index(fields=["venue", "start_time", "id"], name="party_venue_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "dojo_party_id"],
                condition=Q(dojo_party_id__isnull=False),
                name="party_dojo_id_unique_in_venue",
            ),
            models.CheckConstraint(condition=Q(covers__isnull=True) | Q(covers__gte=1), name="party_covers_positive"),
        ]

    def __str__(self):
        return self.name or f"Party {self.pk}"

    @property
    def is_active(self):
        return self.end_time is None


class PartyTable(models.Model):
    """A table a party sits at. `is_active` mirrors "the party has not ended" so that the
    database itself guarantees a table holds at most one active party."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="party_tables")
    table = models.ForeignKey(Table, on_delete=models.PROTECT, related_name="party_tables")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["party", "table"], name="party_table_once"),
            models.UniqueConstraint(
                fields=["table"], condition=Q(is_active=True), name="one_active_party_per_table"
            ),
        ]


class WaitlistEntry(models.Model):
    """Walk-in guests waiting for a table. The list is the POS's own: Dojo's vocabulary has
    no event for it, so it is never sent. Seated from the list, the group becomes a party."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        SEATED = "seated", "Seated"
        LEFT = "left", "Left"

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="waitlist")
    name = models.CharField(max_length=200)
    covers = models.PositiveSmallIntegerField()
    phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    quoted_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The wait the guests were told, in minutes."
    )
    added_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When they were seated or left.")
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="waitlist_entries"
    )

    class Meta:
        verbose_name_plural = "waitlist entries"
        ordering = ["added_at", "pk"]
        indexes = [models.Index(fields=["venue", "status", "added_at"], name="waitlist_venue_status_added")]
        constraints = [models.CheckConstraint(condition=Q(covers__gte=1), name="waitlist_covers_positive")]

    def __str__(self):
        return f"{self.name} ×{self.covers}"
