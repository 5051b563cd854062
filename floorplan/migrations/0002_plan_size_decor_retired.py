"""Areas get a plan size, tables can be retired (kept off the plan for the bookings that
name them), and decor is drawn on the plan.

An existing area's plan is sized to hold its tables, turned ones included: the floor view
scaled each plan to its farthest table, so the floor keeps its look. An area without tables
gets the default 100 × 60 cells (10 m × 6 m).
"""
import math

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


PLAN_LIMIT = 1000


def _far_corner(table) -> tuple[float, float]:
    """The right and bottom edges of the table turned about its centre (a frozen copy of
    `floorplan.geometry.Footprint.bounds`)."""
    if table.shape == "round" and table.width == table.height:
        return table.x + table.width, table.y + table.height
    radians = math.radians(table.rotation)
    cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
    half_across = (table.width * cos + table.height * sin) / 2
    half_deep = (table.width * sin + table.height * cos) / 2
    return table.x + table.width / 2 + half_across, table.y + table.height / 2 + half_deep


def size_areas_to_their_tables(apps, schema_editor):
    _floor_versions_bumped_now(schema_editor)
    Area = apps.get_model("floorplan", "Area")
    for area in Area.objects.prefetch_related("tables"):
        corners = [_far_corner(table) for table in area.tables.all()]
        if not corners:
            continue
        area.width = min(PLAN_LIMIT, max(1, math.ceil(max(right for right, _ in corners) - 1e-6)))
        area.height = min(PLAN_LIMIT, max(1, math.ceil(max(bottom for _, bottom in corners) - 1e-6)))
        area.save(update_fields=["width", "height"])


def _floor_versions_bumped_now(schema_editor):
    """Where the floor's version triggers exist (frontdesk), PostgreSQL defers them to the
    commit, and a table with trigger events pending cannot be altered, as this migration
    goes on to do: the areas' sizes bump the version at once instead."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'floor_changed' LIMIT 1")
        if cursor.fetchone():
            cursor.execute("SET CONSTRAINTS floor_changed IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('floorplan', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Decor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('wall', 'Wall'), ('bar', 'Bar counter'), ('label', 'Label')], max_length=8)),
                ('label', models.CharField(blank=True, max_length=40)),
                ('x', models.PositiveSmallIntegerField(default=0)),
                ('y', models.PositiveSmallIntegerField(default=0)),
                ('width', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(1)])),
                ('height', models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1)])),
                ('rotation', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(359)])),
            ],
            options={
                'verbose_name_plural': 'decor',
                'ordering': ['pk'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='table',
            name='table_name_unique_in_area',
        ),
        migrations.AddField(
            model_name='area',
            name='height',
            field=models.PositiveSmallIntegerField(default=60, help_text='Deep, in plan cells of about 10 cm (60 cells: 6 m).', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1000)]),
        ),
        migrations.AddField(
            model_name='area',
            name='width',
            field=models.PositiveSmallIntegerField(default=100, help_text='Across, in plan cells of about 10 cm (100 cells: 10 m).', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1000)]),
        ),
        migrations.AddField(
            model_name='table',
            name='retired_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When the table was taken off the plan. A removed table that bookings or orders refer to is kept, out of service and off the plan, so that they still name it.', null=True),
        ),
        migrations.RunPython(size_areas_to_their_tables, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='area',
            constraint=models.CheckConstraint(condition=models.Q(('height__gte', 1), ('height__lte', 1000), ('width__gte', 1), ('width__lte', 1000)), name='area_plan_size_within_limit'),
        ),
        migrations.AddConstraint(
            model_name='table',
            constraint=models.UniqueConstraint(condition=models.Q(('retired_at__isnull', True)), fields=('area', 'name'), name='table_name_unique_in_area'),
        ),
        migrations.AddConstraint(
            model_name='table',
            constraint=models.CheckConstraint(condition=models.Q(('retired_at__isnull', True), ('is_active', False), _connector='OR'), name='table_retired_inactive'),
        ),
        migrations.AddField(
            model_name='decor',
            name='area',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decor', to='floorplan.area'),
        ),
        migrations.AddConstraint(
            model_name='decor',
            constraint=models.CheckConstraint(condition=models.Q(('rotation__lt', 360)), name='decor_rotation_below_360'),
        ),
    ]
