"""Change records move here from `bookings`: the table stays as it is (state only), and the
permissions granted on them follow their content type."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="kernel", model="changerecord").exists():
        ContentType.objects.filter(app_label="bookings", model="changerecord").update(app_label="kernel")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="bookings", model="changerecord").exists():
        ContentType.objects.filter(app_label="kernel", model="changerecord").update(app_label="bookings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("bookings", "0002_reservation_no_show_at"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("floorplan", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChangeRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("entity", models.CharField(max_length=20)),
                        ("entity_id", models.BigIntegerField()),
                        ("action", models.CharField(choices=[("created", "Created"), ("updated", "Updated"), ("deleted", "Deleted")], max_length=10)),
                        ("source", models.CharField(max_length=20)),
                        ("waiter_ref", models.CharField(blank=True, max_length=255)),
                        ("device_id", models.CharField(blank=True, max_length=255)),
                        ("device_type", models.CharField(blank=True, max_length=255)),
                        ("requesting_product", models.CharField(blank=True, max_length=255)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                        ("venue", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="change_records", to="floorplan.venue")),
                    ],
                    options={
                        "db_table": "bookings_changerecord",
                        "ordering": ["-at", "-pk"],
                        "indexes": [models.Index(fields=["entity", "entity_id"], name="change_record_entity")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
