"""The demo editor login (`redaktion-hessen`) on the demo site: the pages an editor works with open.

A smoke test of the demo data and the README's logins only. Who may see which rows on which admin page
is proven for every registered model and every kind of user by ``test_admin_permissions.py``, and
forged POSTs by ``test_admin_forged_posts.py``.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from agencies.models import Agency
from agencies.press.models import PressRelease
from events.models import Event, Venue
from municipalities.models import Partnership
from portal.permissions import EDITOR_PERMISSIONS

pytestmark = pytest.mark.django_db

REGISTERED = {model._meta.label_lower for model in admin.site._registry}
# What issue 2 of the polish asked for by name; the table below covers every other entry too.
MUST_OPEN = [
    "agencies.pressrelease",
    "agencies.publication",
    "agencies.publicationseries",
    "events.event",
    "events.venue",
    "events.series",
    "municipalities.municipality",
    "municipalities.partnership",
]
CHANGELISTS = sorted(label for label, actions in EDITOR_PERMISSIONS.items() if label in REGISTERED)
ADD_PAGES = sorted(label for label in CHANGELISTS if "add" in EDITOR_PERMISSIONS[label])


def _admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.fixture
def hessen_editor(client, demo_site):
    assert client.login(username="redaktion-hessen", password="demo-hessen")
    return client


def test_the_named_models_are_in_the_editors_table():
    assert set(MUST_OPEN) <= set(CHANGELISTS)


@pytest.mark.parametrize("label", CHANGELISTS)
def test_demo_editor_opens_the_changelist(hessen_editor, label):
    assert hessen_editor.get(_admin_url(label, "changelist")).status_code == 200


@pytest.mark.parametrize("label", ADD_PAGES)
def test_demo_editor_opens_the_add_form(hessen_editor, label):
    assert hessen_editor.get(_admin_url(label, "add")).status_code == 200


def test_editor_edits_an_event_of_their_agency_with_its_programme(hessen_editor):
    event = Event.objects.filter(agency__slug="hessen").first()

    html = hessen_editor.get(_admin_url("events.event", "change", event.pk)).content.decode()

    assert 'name="title"' in html
    assert 'name="programme_items-TOTAL_FORMS"' in html
    assert 'name="materials-TOTAL_FORMS"' in html


@pytest.mark.parametrize(
    ("model", "label"),
    [
        (Event, "events.event"),
        (Venue, "events.venue"),
        (PressRelease, "agencies.pressrelease"),
        (Partnership, "municipalities.partnership"),
    ],
)
def test_editor_sees_nothing_of_another_agency(hessen_editor, model, label):
    theirs = model.objects.exclude(agency__slug="hessen").first()
    assert theirs is not None, "the demo data should give another agency one"

    listing = hessen_editor.get(_admin_url(label, "changelist"))
    change = hessen_editor.get(_admin_url(label, "change", theirs.pk))

    assert theirs.pk not in {obj.pk for obj in listing.context["cl"].result_list}
    assert change.status_code == 404


def test_editor_offers_only_their_agency_and_cannot_change_who_edits_it(hessen_editor):
    hessen = Agency.objects.get(slug="hessen")

    form = hessen_editor.get(_admin_url("events.event", "add")).context["adminform"].form
    agency_page = hessen_editor.get(_admin_url("agencies.agency", "change", hessen.pk)).content.decode()

    assert list(form.fields["agency"].queryset) == [hessen]
    assert "memberships-TOTAL_FORMS" not in agency_page


def test_editor_cannot_delete_events_or_press_releases(hessen_editor):
    event = Event.objects.filter(agency__slug="hessen").first()
    release = PressRelease.objects.filter(agency__slug="hessen").first()

    assert hessen_editor.get(_admin_url("events.event", "delete", event.pk)).status_code == 403
    assert hessen_editor.get(_admin_url("agencies.pressrelease", "delete", release.pk)).status_code == 403
