"""Venues and their floor plan: areas, tables, and the waiters who serve them."""
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models


# The floor view scales an area's plan to fit the screen, so a plan drawn far too big by
# mistake would shrink every table to a speck: no plan reaches past 1,000 cells of ~10 cm,
# 100 m, either way.
PLAN_LIMIT = 1000
PLAN_SIZE = [MinValueValidator(1), MaxValueValidator(PLAN_LIMIT)]
DEFAULT_PLAN_WIDTH, DEFAULT_PLAN_HEIGHT = 100, 60  # 10 m × 6 m


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


class Area(models.Model):
    """A part of the venue: "Main dining", "Terrace", "Bar". Its plan is `width` × `height`
    grid cells of ~10 cm, and everything placed on it lies within."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=120)
    display_order = models.PositiveSmallIntegerField(default=0)
    waiters = models.ManyToManyField(Waiter, related_name="areas", blank=True)
    width = models.PositiveSmallIntegerField(
        default=DEFAULT_PLAN_WIDTH, validators=PLAN_SIZE, help_text="Across, in plan cells of about 10 cm (100 cells: 10 m)."
    )
    height = models.PositiveSmallIntegerField(
        default=DEFAULT_PLAN_HEIGHT, validators=PLAN_SIZE, help_text="Deep, in plan cells of about 10 cm (60 cells: 6 m)."
    )

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="area_name_unique_in_venue"),
            models.CheckConstraint(
                condition=models.Q(width__gte=1, width__lte=PLAN_LIMIT, height__gte=1, height__lte=PLAN_LIMIT),
                name="area_plan_size_within_limit",
            ),
        ]

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
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the table was taken off the plan. A removed table that bookings or orders refer to is "
        "kept, out of service and off the plan, so that they still name it.",
    )

    class Meta:
        ordering = ["area__display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"], condition=models.Q(retired_at__isnull=True), name="table_name_unique_in_area"
            ),
            models.CheckConstraint(
                condition=models.Q(retired_at__isnull=True) | models.Q(is_active=False), name="table_retired_inactive"
            ),
            models.CheckConstraint(condition=models.Q(max_covers__gte=1), name="table_max_covers_positive"),
            models.CheckConstraint(condition=models.Q(rotation__lt=360), name="table_rotation_below_360"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A table always belongs to the venue of its area.
        self.venue_id = self.area.venue_id
        super().save(*args, **kwargs)


class Decor(models.Model):
    """What helps a host find their way on the plan (a wall, the bar counter, a label such
    as "Kitchen" or "Entrance"): drawn on the floor view, never booked nor seated, and not
    part of the floor plan Dojo reads."""

    class Kind(models.TextChoices):
        WALL = "wall", "Wall"
        BAR = "bar", "Bar counter"
        LABEL = "label", "Label"

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="decor")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    label = models.CharField(max_length=40, blank=True)
    x = models.PositiveSmallIntegerField(default=0)
    y = models.PositiveSmallIntegerField(default=0)
    width = models.PositiveSmallIntegerField(default=20, validators=[MinValueValidator(1)])
    height = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1)])
    rotation = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(359)])

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "decor"
        constraints = [
            models.CheckConstraint(condition=models.Q(rotation__lt=360), name="decor_rotation_below_360"),
        ]

    def __str__(self):
        return self.label or self.get_kind_display()
