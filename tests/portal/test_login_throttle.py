"""Admin logins are throttled (django-axes): after the failure limit, even the right password is
refused with a German page saying how long to wait and whom to ask; the unlock commands lift it."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-123"  # the factories' password
LIMIT = 5


@pytest.fixture(autouse=True)
def throttled(settings):
    # Off for the rest of the suite (portal/settings/test.py): the test client's login() has no request.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def chief(db):
    return SuperuserFactory(username="chefin")


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def fail(client, times, username="chefin", address="203.0.113.7"):
    return [log_in(client, username, "falsch", address).status_code for _ in range(times)]


def test_after_the_failure_limit_the_right_password_is_refused_with_the_german_lockout_page(client, chief):
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)  # the login form with its error
    assert fail(client, 1) == [429]

    response = log_in(client, "chefin", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    text = text_of(response)
    assert "Anmeldung vorübergehend gesperrt" in text
    assert "Nach 5 fehlgeschlagenen Anmeldungen ist die Anmeldung" in text
    assert "Bitte warten Sie 15 Minuten und melden Sie sich dann erneut an." in text
    assert "wenden Sie sich bitte an das Portalteam" in text
    assert 'id="site-name"' in text  # in the admin's own frame


def test_the_lockout_page_names_the_portal_team_address_when_one_is_set(client, chief, settings):
    settings.PORTAL_TEAM_EMAIL = "portalteam@example.org"
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    fail(client, LIMIT)

    text = text_of(log_in(client, "chefin", PASSWORD))

    assert "Bitte warten Sie 30 Minuten" in text
    assert '<a href="mailto:portalteam@example.org">portalteam@example.org</a>' in text


def test_axes_reset_lifts_the_lockout(client, chief):
    fail(client, LIMIT)

    call_command("axes_reset", verbosity=0)
    response = log_in(client, "chefin", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert logged_in(client)


def test_axes_reset_username_lifts_the_lockout_of_that_username(client, chief):
    fail(client, LIMIT, address="198.51.100.1")  # the address is locked too: log in from another

    call_command("axes_reset_username", "chefin", verbosity=0)

    assert log_in(client, "chefin", PASSWORD, address="198.51.100.2").status_code == 302
    assert logged_in(client)


def test_a_username_is_locked_whichever_address_the_attempts_come_from(client, chief):
    for number in range(LIMIT):
        fail(client, 1, address=f"198.51.100.{number + 1}")

    assert log_in(client, "chefin", PASSWORD, address="192.0.2.99").status_code == 429
    assert not logged_in(client)


def test_an_address_is_locked_whichever_usernames_it_tries(client, chief):
    for number in range(LIMIT):
        fail(client, 1, username=f"gast-{number}")

    assert log_in(client, "chefin", PASSWORD).status_code == 429
    assert log_in(client, "chefin", PASSWORD, address="192.0.2.99").status_code == 302


def test_a_successful_login_clears_the_failures_before_it(client, chief):
    fail(client, LIMIT - 1)
    assert log_in(client, "chefin", PASSWORD).status_code == 302
    client.logout()

    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    assert log_in(client, "chefin", PASSWORD).status_code == 302


def test_the_lockout_page_is_english_under_en(client, chief):
    from django.utils import translation

    with translation.override("en"):
        url = reverse("admin:login")
    for _ in range(LIMIT):
        client.post(url, {"username": "chefin", "password": "falsch"}, REMOTE_ADDR="203.0.113.7")

    text = text_of(client.post(url, {"username": "chefin", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"))

    assert "Login temporarily locked" in text
    assert "Please wait 15 minutes and then log in again." in text
