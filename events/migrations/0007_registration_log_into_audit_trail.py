"""Copy the registration log into the one audit trail (portal.AuditEntry); the next migration drops it."""

from django.db import migrations


def _repr(registration):
    # The model's __str__ (name – event title (date)) is not available to historical models.
    return f"{registration.name} – {registration.event.title} ({registration.event.starts_at:%d.%m.%Y})"[:200]


def copy_into_audit_trail(apps, schema_editor):
    RegistrationLog = apps.get_model("events", "RegistrationLog")
    AuditEntry = apps.get_model("portal", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="events", model="registration")
    entries = []
    for log in RegistrationLog.objects.select_related("registration__event").order_by("pk").iterator():
        verb = log.action.removeprefix("registration.")
        entries.append(
            AuditEntry(
                created_at=log.created_at,
                actor_id=log.actor_id,
                action=f"events.registration.{verb}",
                content_type=content_type,
                object_id=str(log.registration_id),
                object_repr=_repr(log.registration),
                agency_id=log.registration.event.agency_id,
                note=log.note,
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def copy_back(apps, schema_editor):
    RegistrationLog = apps.get_model("events", "RegistrationLog")
    AuditEntry = apps.get_model("portal", "AuditEntry")
    entries = AuditEntry.objects.filter(
        content_type__app_label="events",
        content_type__model="registration",
        action__startswith="events.registration.",
    )
    RegistrationLog.objects.bulk_create(
        [
            RegistrationLog(
                registration_id=int(entry.object_id),
                action="registration." + entry.action.removeprefix("events.registration."),
                actor_id=entry.actor_id,
                note=entry.note[:300],
                created_at=entry.created_at,
            )
            for entry in entries
        ],
        batch_size=500,
    )
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0006_event_sequence"),
        ("portal", "0002_audit_trail"),
    ]

    operations = [migrations.RunPython(copy_into_audit_trail, copy_back)]
