"""Change records: who changed which entity, and through which channel."""
from django.conf import settings
from django.db import models


class ChangeRecord(models.Model):
    """Who changed what, and through which channel: one row per create, update or delete."""

    class Action(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        DELETED = "deleted"

    venue = models.ForeignKey("floorplan.Venue", on_delete=models.CASCADE, related_name="change_records")
    entity = models.CharField(max_length=20)
    entity_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    waiter_ref = models.CharField(max_length=255, blank=True)
    device_id = models.CharField(max_length=255, blank=True)
    device_type = models.CharField(max_length=255, blank=True)
    requesting_product = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table keeps the name it had when change records lived in `bookings`.
        db_table = "bookings_changerecord"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["entity", "entity_id"], name="change_record_entity")]

    def __str__(self):
        return f"{self.entity} {self.entity_id} {self.action}"
