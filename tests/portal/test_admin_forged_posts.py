"""Forged admin POSTs with another agency's ids are refused and leave the database as it was.

Each test takes the form as the admin renders it for the user, fills in what the page offers, then
replaces one value with an id the page did not offer (another agency's), as a hand-made request would.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from agencies.models import Membership
from agencies.press.models import PressRelease
from events.models import Event, Speaker
from municipalities.models import Partnership
from tests.admin_forms import errors_of, form_data
from tests.factories import (
    AgencyFactory,
    ContactPersonFactory,
    EventFactory,
    MunicipalityFactory,
    PressReleaseFactory,
    ProgrammeItemFactory,
    SuperuserFactory,
    VenueFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(federal_states):
    a = AgencyFactory(slug="agentur-a", states=["hessen"])
    b = AgencyFactory(slug="agentur-b", states=["thueringen"])
    contact_a = ContactPersonFactory(agency=a)
    event_a = EventFactory(agency=a, contact=contact_a)
    event_b = EventFactory(agency=b)
    return {
        "a": a,
        "b": b,
        "event_a": event_a,
        "event_b": event_b,
        "draft_b": EventFactory(agency=b, status=Event.Status.DRAFT),
        "venue_b": VenueFactory(agency=b),
        "contact_b": ContactPersonFactory(agency=b),
        "release_a": PressReleaseFactory(agency=a, press_contact=contact_a),
        "release_b": PressReleaseFactory(agency=b),
        "editor": staff_member(a, "editor"),
        "manager": staff_member(a, "manager"),
    }


def _url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


@pytest.mark.parametrize(
    ("field", "foreign"),
    [("agency", "b"), ("venue", "venue_b"), ("contact", "contact_b")],
)
def test_editor_cannot_give_an_event_another_agencys_rows(client, world, field, foreign):
    event = world["event_a"]
    client.force_login(world["editor"])
    data = form_data(client.get(_url(event)))
    before = Event.objects.filter(pk=event.pk).values().get()

    data[field] = str(world[foreign].pk)
    response = client.post(_url(event), data)

    assert field in errors_of(response)
    assert Event.objects.filter(pk=event.pk).values().get() == before


def test_editor_cannot_change_another_agencys_event_or_release(client, world):
    client.force_login(world["editor"])
    own = form_data(client.get(_url(world["event_a"])))

    event = client.post(_url(world["event_b"]), {**own, "title": "Übernommen"})
    release = client.post(_url(world["release_b"]), {"headline": "Übernommen"})

    assert event.status_code == 404
    assert release.status_code == 404
    assert not Event.objects.filter(title="Übernommen").exists()
    assert not PressRelease.objects.filter(headline="Übernommen").exists()


def test_editor_cannot_publish_a_release_for_another_agency(client, world):
    client.force_login(world["editor"])
    data = form_data(client.get(reverse("admin:agencies_pressrelease_add")))
    count = PressRelease.objects.count()

    data.update(agency=str(world["b"].pk), headline="Fremd", slug="fremd", teaser="x", body="<p>x</p>")
    data["press_contact"] = str(world["contact_b"].pk)
    response = client.post(reverse("admin:agencies_pressrelease_add"), data)

    assert {"agency", "press_contact"} <= set(errors_of(response))
    assert PressRelease.objects.count() == count


@pytest.mark.parametrize("event", ["event_b", "draft_b"])
def test_a_release_links_no_event_of_an_agency_that_neither_organises_nor_co_organises(client, world, event):
    release = world["release_a"]
    client.force_login(world["editor"])
    data = form_data(client.get(_url(release)))

    data["related_events"] = [str(world[event].pk)]
    response = client.post(_url(release), data)

    assert "related_events" in errors_of(response)
    assert not release.related_events.exists()


def test_not_even_a_superuser_links_a_release_to_another_agencys_event(client, world):
    release = world["release_a"]
    co_organised = EventFactory(agency=world["b"], co_agencies=[world["a"]])
    client.force_login(SuperuserFactory())
    data = form_data(client.get(_url(release)))

    data["related_events"] = [str(world["event_b"].pk)]
    refused = client.post(_url(release), data)
    data["related_events"] = [str(world["event_a"].pk), str(co_organised.pk)]
    accepted = client.post(_url(release), data)

    assert "weder veranstaltet noch mitveranstaltet" in str(errors_of(refused)["related_events"])
    assert accepted.status_code == 302
    assert set(release.related_events.all()) == {world["event_a"], co_organised}


def _partnership_data(municipality, agency):
    return {
        "municipality": str(municipality.pk),
        "agency": str(agency.pk),
        "status": Partnership.Status.COOPERATION,
        "since": "2024-01-01",
    }


def test_editor_cannot_record_a_partnership_for_another_agency(client, world):
    town = MunicipalityFactory(key="16051", kind="kreisfreie-stadt", state="thueringen")
    client.force_login(world["editor"])

    response = client.post(
        reverse("admin:municipalities_partnership_add"), _partnership_data(town, world["b"])
    )

    assert {"agency", "municipality"} <= set(errors_of(response))
    assert not Partnership.objects.exists()


def test_partnerships_only_in_the_bundeslaender_the_agency_serves_unless_a_superuser_says_so(client, world):
    saxon = MunicipalityFactory(key="14511", kind="kreisfreie-stadt", state="sachsen")
    hessian = MunicipalityFactory(key="06412", kind="kreisfreie-stadt", state="hessen")
    url = reverse("admin:municipalities_partnership_add")
    client.force_login(world["editor"])

    refused = client.post(url, _partnership_data(saxon, world["a"]))
    accepted = client.post(url, _partnership_data(hessian, world["a"]))
    client.force_login(SuperuserFactory())
    overridden = client.post(url, _partnership_data(saxon, world["a"]))

    assert "municipality" in errors_of(refused)
    assert accepted.status_code == 302
    assert overridden.status_code == 302
    assert set(Partnership.objects.values_list("municipality__key", flat=True)) == {"06412", "14511"}


def test_the_partnership_service_names_the_rule_in_german(world):
    from municipalities.exceptions import PartnershipOutsideStates
    from municipalities.services import partnership_create

    saxon = MunicipalityFactory(key="14511", kind="kreisfreie-stadt", state="sachsen")

    with pytest.raises(PartnershipOutsideStates, match="betreut Sachsen nicht"):
        partnership_create(
            municipality=saxon, agency=world["a"], status="interessiert", since=datetime.date.today()
        )
    assert not Partnership.objects.exists()


def test_manager_cannot_give_roles_in_another_agency_or_to_its_staff(client, world):
    other_editor = staff_member(world["b"], "editor")
    client.force_login(world["manager"])
    page = client.get(_url(world["a"]))
    data = form_data(page)
    before = list(Membership.objects.values_list("user_id", "agency_id", "role").order_by("pk"))

    foreign_agency = client.post(_url(world["b"]), data)
    data.update(
        {"memberships-TOTAL_FORMS": str(int(data["memberships-TOTAL_FORMS"]) + 1)},
        **{f"memberships-{int(data['memberships-TOTAL_FORMS'])}-user": str(other_editor.pk)},
        **{f"memberships-{int(data['memberships-TOTAL_FORMS'])}-role": "manager"},
    )
    foreign_user = client.post(_url(world["a"]), data)

    assert foreign_agency.status_code == 404
    assert any(key.startswith("memberships") for key in errors_of(foreign_user))
    assert list(Membership.objects.values_list("user_id", "agency_id", "role").order_by("pk")) == before


def test_editors_see_no_staff_inline_and_cannot_post_one(client, world):
    client.force_login(world["editor"])
    page = client.get(_url(world["a"]))
    data = form_data(page)

    data.update(
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(world["editor"].pk),
            "memberships-0-role": "manager",
        }
    )
    client.post(_url(world["a"]), data)

    assert "memberships-TOTAL_FORMS" not in page.content.decode()
    assert Membership.objects.get(user=world["editor"]).role == "editor"
    assert not User.objects.get(pk=world["editor"].pk).groups.filter(name="Agenturleitung").exists()


def test_an_inline_row_cannot_point_to_another_events_programme(client, world):
    event = world["event_a"]
    foreign_item = ProgrammeItemFactory(event=world["event_b"])
    client.force_login(world["editor"])
    data = form_data(client.get(_url(event)))

    data.update({"speakers-TOTAL_FORMS": "1", "speakers-0-name": "Dr. Fremd", "speakers-0-order": "0"})
    data["speakers-0-programme_item"] = str(foreign_item.pk)
    response = client.post(_url(event), data)

    assert "speakers:programme_item" in errors_of(response)
    assert not Speaker.objects.exists()


@pytest.mark.parametrize("obj", ["event_a", "release_a", "a"])
def test_the_forms_as_the_page_fills_them_in_save(client, world, obj):
    """The control for the tests above: without a forged value the same POST is accepted."""
    client.force_login(world["manager"])
    data = form_data(client.get(_url(world[obj])))

    response = client.post(_url(world[obj]), data)

    assert response.status_code == 302, errors_of(response)
