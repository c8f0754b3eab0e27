"""The registration log's rows move into the one audit trail when the model goes away."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("events", "0006_event_sequence"), ("portal", "0002_audit_trail")]
AFTER = [("events", "0007_registration_log_into_audit_trail")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_registration_log_rows_become_audit_entries():
    apps = _migrate(BEFORE)
    try:
        Agency = apps.get_model("agencies", "Agency")
        Event = apps.get_model("events", "Event")
        Registration = apps.get_model("events", "Registration")
        RegistrationLog = apps.get_model("events", "RegistrationLog")
        User = apps.get_model("auth", "User")
        agency = Agency.objects.create(
            name="Transferagentur Migration", short_name="Migration", slug="migration", email="m@example.org"
        )
        starts = timezone.make_aware(datetime.datetime(2026, 3, 5, 10, 0))
        event = Event.objects.create(
            agency=agency,
            title="Fachtag Migration",
            slug="fachtag-migration",
            kind="fachtag",
            format="online",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            teaser="Test.",
        )
        registration = Registration.objects.create(
            event=event,
            mode="online",
            status="confirmed",
            name="Erika Beispiel",
            email="erika@example.org",
            organisation="Landkreis Muster",
            function="Bildungsmanagement",
            confirmed_at=starts,
            privacy_notice_version=1,
            consent_given=True,
        )
        staff = User.objects.create(username="leitung-migration", is_staff=True)
        at = timezone.make_aware(datetime.datetime(2026, 2, 1, 9, 30))
        RegistrationLog.objects.create(
            registration=registration, action="registration.created", created_at=at
        )
        RegistrationLog.objects.create(
            registration=registration,
            action="registration.approved",
            actor=staff,
            note="passt",
            created_at=at,
        )

        apps = _migrate(AFTER)

        AuditEntry = apps.get_model("portal", "AuditEntry")
        entries = list(
            AuditEntry.objects.order_by("pk").values("action", "actor_id", "agency_id", "note", "created_at")
        )
        assert entries == [
            {
                "action": "events.registration.created",
                "actor_id": None,
                "agency_id": agency.pk,
                "note": "",
                "created_at": at,
            },
            {
                "action": "events.registration.approved",
                "actor_id": staff.pk,
                "agency_id": agency.pk,
                "note": "passt",
                "created_at": at,
            },
        ]
        entry = AuditEntry.objects.select_related("content_type").first()
        assert (entry.content_type.app_label, entry.content_type.model) == ("events", "registration")
        assert entry.object_id == str(registration.pk)
        assert entry.object_repr.startswith("Erika Beispiel – Fachtag Migration")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
