"""Change records now belong to the shared kernel (`posbackoffice.kernel`); their table stays."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("bookings", "0002_reservation_no_show_at"),
        ("kernel", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ChangeRecord")],
            database_operations=[],
        ),
    ]
