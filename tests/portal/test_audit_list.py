"""The audit trail in the admin: one list per agency (registrations for managers only), per object as
its history, a registration's entries on its page; approvals and form changes are recorded."""

import pytest
from django.urls import reverse

from events.registration import services
from portal import audit
from portal.models import AuditEntry
from tests.factories import (
    AgencyFactory,
    EventFactory,
    RegistrationEventFactory,
    SuperuserFactory,
    register_confirmed,
    staff_member,
)
from tests.portal.test_audit_trail import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(agency):
    """An event change and a registration approval in ``agency``, an event change elsewhere."""
    other = AgencyFactory(slug="anderswo")
    manager = staff_member(agency, "manager")
    event = RegistrationEventFactory(agency=agency, requires_approval=True)
    registration = register_confirmed(event, 1, name="Erika Teilnehmerin")
    services.registration_approve(registration=registration, actor=manager)
    elsewhere = EventFactory(agency=other)
    audit.record(action="events.event.changed", obj=event, actor=manager, agency=agency)
    audit.record(action="events.event.changed", obj=elsewhere, actor=None, agency=other)
    return {"event": event, "registration": registration, "manager": manager, "other": other}


def _actions(response):
    return sorted(entry.action for entry in response.context["cl"].result_list)


def test_approving_a_registration_records_who_in_the_agencys_trail(trail, agency):
    entry = AuditEntry.objects.get(action="events.registration.approved")
    assert (entry.actor, entry.agency, entry.object_id) == (
        trail["manager"],
        agency,
        str(trail["registration"].pk),
    )


def test_the_form_change_of_an_event_is_recorded_field_by_field(client, agency):
    event = EventFactory(agency=agency, teaser="Alt")
    editor = staff_member(agency, "editor")
    client.force_login(editor)
    url = reverse("admin:events_event_change", args=[event.pk])
    post = _form_data(client.get(url))
    post["teaser"] = "Neu"
    assert client.post(url, post).status_code == 302
    entry = AuditEntry.objects.get(action="events.event.changed", object_id=str(event.pk))
    assert (entry.actor, entry.changes) == (editor, {"teaser": ["Alt", "Neu"]})


def test_managers_list_their_agencys_entries_with_registrations(client, trail):
    client.force_login(trail["manager"])
    response = client.get(reverse("admin:portal_auditentry_changelist"))
    assert response.status_code == 200
    assert "events.registration.approved" in _actions(response)
    assert "events.event.changed" in _actions(response)
    assert all(entry.agency_id != trail["other"].pk for entry in response.context["cl"].result_list)


def test_editors_list_their_agencys_entries_without_registrations(client, trail, agency):
    client.force_login(staff_member(agency, "editor"))
    response = client.get(reverse("admin:portal_auditentry_changelist"))
    assert _actions(response) == ["events.event.changed"]
    assert "Erika Teilnehmerin" not in response.content.decode()
    registration_entry = AuditEntry.objects.get(action="events.registration.approved")
    assert (
        client.get(reverse("admin:portal_auditentry_change", args=[registration_entry.pk])).status_code == 404
    )


def test_another_agencys_staff_get_404_for_the_entries(client, trail):
    client.force_login(staff_member(trail["other"], "manager", username="leitung-anderswo"))
    response = client.get(reverse("admin:portal_auditentry_changelist"))
    assert [entry.agency for entry in response.context["cl"].result_list] == [trail["other"]]
    entry = AuditEntry.objects.get(action="events.registration.approved")
    assert client.get(reverse("admin:portal_auditentry_change", args=[entry.pk])).status_code == 404


def test_superusers_list_every_entry_and_no_one_edits_them(client, trail):
    client.force_login(SuperuserFactory())
    response = client.get(reverse("admin:portal_auditentry_changelist"))
    assert len(response.context["cl"].result_list) == AuditEntry.objects.count()
    assert client.get(reverse("admin:portal_auditentry_add")).status_code == 403
    entry = AuditEntry.objects.first()
    page = client.get(reverse("admin:portal_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_an_events_history_shows_its_audit_entries(client, trail, agency):
    client.force_login(staff_member(agency, "editor"))
    response = client.get(reverse("admin:events_event_history", args=[trail["event"].pk]))
    assert response.status_code == 200
    assert [entry.action for entry in response.context["entries"]] == ["events.event.changed"]
    client.force_login(staff_member(trail["other"], "editor", username="redaktion-anderswo"))
    assert client.get(reverse("admin:events_event_history", args=[trail["event"].pk])).status_code == 404


def test_a_registrations_page_lists_its_entries(client, trail):
    client.force_login(trail["manager"])
    registration = trail["registration"]
    html = client.get(reverse("admin:events_registration_change", args=[registration.pk])).content.decode()
    assert "events.registration.approved" in html and "events.registration.created" in html
    history = client.get(reverse("admin:events_registration_history", args=[registration.pk]))
    assert {entry.action for entry in history.context["entries"]} >= {
        "events.registration.created",
        "events.registration.approved",
    }
