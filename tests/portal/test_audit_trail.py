"""Staff changes through the admin land in the one audit trail, field by field."""

import pytest
from django.urls import reverse

from events.models import Event
from portal.models import AuditEntry
from tests.factories import EventFactory, staff_member

pytestmark = pytest.mark.django_db


def test_changing_an_event_in_the_admin_records_who_which_fields_and_from_what_to_what(client, agency):
    event = EventFactory(agency=agency, title="Fachtag Bildungsmonitoring", status=Event.Status.DRAFT)
    editor = staff_member(agency, "editor")
    client.force_login(editor)
    url = reverse("admin:events_event_change", args=[event.pk])
    post = _form_data(client.get(url))
    post["title"] = "Fachtag Bildungsmonitoring 2027"
    response = client.post(url, post)

    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="events.event.changed")
    assert entry.actor == editor and entry.agency == agency
    assert entry.object_id == str(event.pk)
    assert entry.changes == {"title": ["Fachtag Bildungsmonitoring", "Fachtag Bildungsmonitoring 2027"]}


def _form_data(page):
    """Return the POST data the admin change form would send unchanged (fields and inline management)."""
    data = {}
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        widget = field.widget
        if hasattr(widget, "widgets"):  # split date and time
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = widget.widgets[index].format_value(part)
        else:
            data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[inline_form.add_prefix(name)] = value
    data["_save"] = "Sichern"
    return {key: value for key, value in data.items() if value != ""}
