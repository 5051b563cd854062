"""Venues and their floor plan: areas, tables, and the waiters who serve them."""
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (for example Europe/London).")


class Venue(models.Model):
    """A restaurant. Every other row of the back office belongs to one."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(max_length=64, default="Europe/London", validators=[validate_timezone])
    currency = models.CharField(
        max_length=3,
        default="GBP",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code, such as GBP.")],
    )
    address = models.TextField(blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="venues", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Waiter(models.Model):
    """A member of the floor team who serves tables and areas."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="waiters")
    name = models.CharField(max_length=120)
    initials = models.CharField(max_length=4)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="waiter"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="waiter_name_unique_in_venue")]

    def __str__(self):
        return self.name

    def clean(self):
        # A waiter's login must be one of the venue's own staff: another venue's user would
        # be taken from it (a user is linked to one waiter at most).
        if self.user_id is not None and self.venue_id is not None:
            if not self.venue.staff.filter(pk=self.user_id).exists():
                raise ValidationError({"user": "Not staff of this venue: add the user to the venue's staff first."})


class Area(models.Model):
    """A part of the venue: "Main dining", "Terrace", "Bar"."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=120)
    display_order = models.PositiveSmallIntegerField(default=0)
    waiters = models.ManyToManyField(Waiter, related_name="areas", blank=True)

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="area_name_unique_in_venue")]

    def __str__(self):
        return self.name


class Table(models.Model):
    """A physical table, drawn on its area's floor plan (units: plan grid cells of ~10 cm)."""

    class Shape(models.TextChoices):
        SQUARE = "square", "Square"
        RECTANGLE = "rectangle", "Rectangle"
        ROUND = "round", "Round"

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="tables", editable=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="tables")
    name = models.CharField(max_length=40)
    max_covers = models.PositiveSmallIntegerField(default=4, validators=[MinValueValidator(1)])
    shape = models.CharField(max_length=12, choices=Shape.choices, default=Shape.SQUARE)
    x = models.PositiveSmallIntegerField(default=0)
    y = models.PositiveSmallIntegerField(default=0)
    width = models.PositiveSmallIntegerField(default=8, validators=[MinValueValidator(1)])
    height = models.PositiveSmallIntegerField(default=8, validators=[MinValueValidator(1)])
    rotation = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(359)])
    is_active = models.BooleanField(default=True, help_text="Inactive tables cannot be booked or seated.")
    waiters = models.ManyToManyField(Waiter, related_name="tables", blank=True)

    class Meta:
        ordering = ["area__display_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="table_name_unique_in_area"),
            models.CheckConstraint(condition=models.Q(max_covers__gte=1), name="table_max_covers_positive"),
            models.CheckConstraint(condition=models.Q(rotation__lt=360), name="table_rotation_below_360"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A table always belongs to the venue of its area.
        self.venue_id = self.area.venue_id
        super().save(*args, **kwargs)
