from django.db import migrations, models
from django.db.models import F

# The old sender gave up after this many attempts without marking the mail: those mails failed.
OLD_MAX_ATTEMPTS = 8


def mark_given_up_mails_failed(apps, schema_editor):
    OutgoingMail = apps.get_model("events", "OutgoingMail")
    OutgoingMail.objects.filter(sent_at__isnull=True, attempts__gte=OLD_MAX_ATTEMPTS).update(
        failed_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0012_material_file_type_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingmail",
            name="failed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Endgültig fehlgeschlagen am"),
        ),
        migrations.RunPython(mark_given_up_mails_failed, migrations.RunPython.noop),
    ]
