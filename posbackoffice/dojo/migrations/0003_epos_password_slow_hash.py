"""EPOS passwords were stored as a salted HMAC-SHA256 alone, fast to test guesses against.
That HMAC is what the slow hasher now hashes (`credentials.password_prehash`), so each
stored value is wrapped in place and the credentials Dojo holds keep working."""
from django.contrib.auth.hashers import make_password
from django.db import migrations, models


def wrap_in_slow_hash(apps, schema_editor):
    EposCredential = apps.get_model("dojo", "EposCredential")
    for credential in EposCredential.objects.exclude(password_hash__contains="$"):
        credential.password_hash = make_password(credential.password_hash)
        credential.save(update_fields=["password_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("dojo", "0002_dojo_settings_and_outbox"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eposcredential",
            name="password_hash",
            field=models.CharField(max_length=256),
        ),
        # Not reversible: the fast hash cannot be recovered from the slow one.
        migrations.RunPython(wrap_in_slow_hash, reverse_code=None),
    ]
