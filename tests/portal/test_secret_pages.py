"""Addresses that hold a secret (registration links, "Meine Anmeldungen", press previews) never end
up in the barrier report form or in a stored report."""

import re

import pytest
from django.urls import reverse

from agencies.press import services as press_services
from events.registration.mail import overview_token
from portal.models import BarrierReport
from tests.factories import (
    DRAFT,
    AgencyFactory,
    PressReleaseFactory,
    RegistrationEventFactory,
    register,
    register_confirmed,
)

pytestmark = pytest.mark.django_db
FEEDBACK_LINK = re.compile(r'href="(/(?:en/)?barriere-melden/[^"]*)"')


@pytest.fixture
def secret_paths(agency):
    event = RegistrationEventFactory(agency=agency)
    confirmed = register_confirmed(event, 1)
    pending = register(event, 2)
    release = PressReleaseFactory(agency=AgencyFactory(slug="hessen"), status=DRAFT)
    token = press_services.preview_link_create(release=release)
    return {
        "personal page": confirmed.get_absolute_url(),
        "confirmation link": pending.get_confirm_url(),
        "my registrations": reverse(
            "registration:overview", kwargs={"token": overview_token(confirmed.email)}
        ),
        "press preview": reverse("press:preview", kwargs={"token": token}),
        "deletion request": reverse(
            "registration:deletion_request", kwargs={"token": confirmed.manage_token}
        ),
    }


@pytest.fixture(
    params=["personal page", "confirmation link", "my registrations", "press preview", "deletion request"]
)
def secret_path(request, secret_paths):
    return secret_paths[request.param]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_footer_link_on_a_secret_page_names_no_page(client, secret_path, prefix):
    response = client.get(prefix + secret_path)

    assert response.status_code == 200
    assert FEEDBACK_LINK.findall(response.content.decode()) == [f"{prefix}/barriere-melden/"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_feedback_form_does_not_take_a_secret_address_from_the_link_or_the_referrer(
    client, secret_path, prefix
):
    path = prefix + secret_path
    token = path.rstrip("/").rsplit("/", 1)[-1]

    by_link = client.get("/barriere-melden/", {"seite": path})
    by_referrer = client.get("/barriere-melden/", HTTP_REFERER=f"http://testserver{path}")

    assert 'name="page_url" value=' not in by_link.content.decode()
    assert 'name="page_url" value=' not in by_referrer.content.decode()
    assert token not in by_referrer.content.decode()


def test_a_report_sent_from_a_secret_page_stores_no_address(client, secret_paths):
    path = secret_paths["personal page"]
    form = client.get("/barriere-melden/", HTTP_REFERER=f"http://testserver{path}")
    page_url = re.search(r'name="page_url"(?: value="([^"]*)")?', form.content.decode()).group(1) or ""

    client.post("/barriere-melden/", {"message": "Der Knopf ist zu klein.", "page_url": page_url})

    assert BarrierReport.objects.get().page_url == ""


def test_public_pages_still_name_themselves(client, secret_paths, agency):
    html = client.get(agency.get_absolute_url()).content.decode()

    assert FEEDBACK_LINK.findall(html) == [f"/barriere-melden/?seite={agency.get_absolute_url()}"]
