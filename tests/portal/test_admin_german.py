"""The admin speaks German to agency staff: form labels, help texts and the many-to-many picker."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, PressReleaseFactory, RegistrationEventFactory, staff_member

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Hold down",
    "Choose all",
    "Remove all",
    "Available",
    "Chosen",
    "Save and continue",
    "Save and add another",
)
# Field names that are German words too.
SAME_IN_GERMAN = {"status", "format", "name", "institution"}
PICKER = ("Available %s", "Chosen %s", "Choose all", "Remove all", "Choose", "Remove")


@pytest.fixture
def pages(client, federal_states):
    agency = AgencyFactory(states=["hessen"])
    event = RegistrationEventFactory(agency=agency)
    release = PressReleaseFactory(agency=agency)
    client.force_login(staff_member(agency, "editor"))
    return {
        "event": reverse("admin:events_event_change", args=[event.pk]),
        "new event": reverse("admin:events_event_add"),
        "press release": reverse("admin:agencies_pressrelease_change", args=[release.pk]),
        "new press release": reverse("admin:agencies_pressrelease_add"),
    }


@pytest.mark.parametrize("page", ["event", "new event", "press release", "new press release"])
def test_the_change_forms_contain_no_english_admin_phrases(client, pages, page):
    response = client.get(pages[page])
    html = response.content.decode()

    assert [phrase for phrase in ENGLISH if phrase in html] == []
    assert "Halten Sie die Strg-Taste" in html  # the many-to-many picker's help text


@pytest.mark.parametrize("page", ["event", "press release"])
def test_no_field_is_labelled_with_its_english_code_name(client, pages, page):
    response = client.get(pages[page])
    forms = [response.context["adminform"].form]
    forms += [inline.formset.empty_form for inline in response.context["inline_admin_formsets"]]

    english = [
        f"{form.prefix or ''}{name}"
        for form in forms
        for name, field in form.fields.items()
        if field.label and field.label.lower() == name.replace("_", " ") and name not in SAME_IN_GERMAN
    ]

    assert english == []


def test_the_pickers_javascript_speaks_german(client, pages):
    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))

    assert {text: catalog.get(text) for text in PICKER if catalog.get(text) in (None, text)} == {}
