"""What a visitor sends has bounds: dates far outside 1900–2100, huge page numbers and very long texts
get the normal validation messages (or the last page), never a server error."""

import re

import pytest
from django.urls import reverse

from events.filters import date_example
from events.models import Registration
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    PressReleaseFactory,
    RegistrationEventFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def invalid_date():
    """The normal message for a date that is no date, with the example the page shows today."""
    return f"Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ ein, zum Beispiel {date_example()}."


TOO_LONG = (
    "Bitte sicherstellen, dass der Wert aus höchstens 200 Zeichen besteht. (Er besteht aus 60000 Zeichen.)"
)
HUGE_PAGE = "99999999999999999999"


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("params", [{"start": "01.01.0001"}, {"end": "31.12.9999"}, {"start": "31.12.1899"}])
def test_event_list_shows_the_invalid_date_message_for_dates_outside_1900_to_2100(client, agency, params):
    EventFactory(agency=agency, title="Fachtag Bildungsdaten")

    response = client.get(reverse("events:list"), params)

    assert response.status_code == 200
    assert invalid_date() in text_of(response)


def test_dates_at_the_bounds_still_filter(client, agency):
    EventFactory(agency=agency, title="Fachtag Bildungsdaten")

    response = client.get(reverse("events:list"), {"start": "01.01.1900", "end": "31.12.2100"})

    assert invalid_date() not in text_of(response)
    assert "Fachtag Bildungsdaten" in text_of(response)


@pytest.mark.parametrize("params", [{"start": "01.01.0001"}, {"end": "31.12.9999"}])
def test_calendar_feed_answers_400_in_plain_text_for_dates_outside_the_bounds(client, agency, params):
    EventFactory(agency=agency)

    response = client.get(reverse("events:feed"), params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert invalid_date() in response.content.decode()


@pytest.mark.parametrize("name", ["events:list", "events:archive", "press:list", "events:feed"])
@pytest.mark.parametrize(
    "params", [{"start": "01.01.0001"}, {"end": "31.12.9999"}, {"page": HUGE_PAGE}], ids=str
)
def test_no_list_or_feed_fails_on_edge_dates_or_huge_page_numbers(client, agency, name, params):
    EventFactory(agency=agency)
    EventFactory(agency=agency, starts_at=in_days(-30))  # in the archive
    PressReleaseFactory(agency=agency)

    response = client.get(reverse(name), params)

    assert response.status_code in (200, 400)


@pytest.mark.parametrize("name", ["events:list", "press:list"])
def test_a_huge_page_number_shows_the_last_page(client, agency, name):
    EventFactory.create_batch(11, agency=agency)  # ten a page
    PressReleaseFactory.create_batch(21, agency=agency)  # twenty a page

    response = client.get(reverse(name), {"page": HUGE_PAGE})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def test_a_huge_population_filter_is_a_message_not_a_server_error(client, federal_states):
    response = client.get(reverse("municipalities:list"), {"einwohner_min": "9" * 30})

    assert response.status_code == 200
    assert "Dieser Wert muss kleiner oder gleich 100000000 sein." in text_of(response)


# --- registration form and municipality search ---------------------------------------------------


def registration_data(**changes):
    return {
        "name": "Erika Beispiel",
        "email": "erika.beispiel@example.org",
        "organisation": "Bildungsbüro Musterkreis",
        "function": "Bildungsmonitoring",
        "consent": "on",
        "notice_version": "1",
        **changes,
    }


@pytest.mark.parametrize("field", ["municipality", "organisation"])
def test_a_60000_character_field_re_renders_the_registration_form_with_a_length_message(
    client, agency, field
):
    event = RegistrationEventFactory(agency=agency)

    response = client.post(
        reverse("registration:register", args=[event.slug]), registration_data(**{field: "x" * 60_000})
    )

    assert response.status_code == 200
    text = text_of(response)
    assert TOO_LONG in text
    assert 'value="Erika Beispiel"' in text  # what the person typed stays
    assert not Registration.objects.exists()


def test_the_municipality_field_tells_the_browser_its_limit(client, agency):
    event = RegistrationEventFactory(agency=agency)

    html = client.get(reverse("registration:register", args=[event.slug])).content.decode()

    assert re.search(r'<input[^>]*name="municipality"[^>]*maxlength="200"', html)


def test_municipality_search_with_60000_characters_suggests_nothing(client, federal_states):
    MunicipalityFactory(key="15002", name="Halle (Saale), Stadt", kind="kreisfreie-stadt", state="15")

    response = client.get(reverse("municipalities:search"), {"q": "Halle" * 12_000})

    assert response.status_code == 200
    assert response.json() == []


def test_municipality_search_still_suggests_for_a_normal_name(client, federal_states):
    MunicipalityFactory(key="15002", name="Halle (Saale), Stadt", kind="kreisfreie-stadt", state="15")

    response = client.get(reverse("municipalities:search"), {"q": "Halle"})

    assert [entry["name"] for entry in response.json()] == ["Halle (Saale), Stadt"]


# --- NUL characters (PostgreSQL refuses them in text) --------------------------------------------


@pytest.mark.parametrize(
    "address", ["/anmeldung/persoenlich/abc%00def/", "/anmeldung/bestaetigen/%00/", "/presse/vorschau/a%00/"]
)
def test_an_address_with_a_nul_character_in_its_path_is_refused_with_400(client, federal_states, address):
    response = client.get(address)

    assert response.status_code == 400
    assert "Die Adresse enthält ein unzulässiges Zeichen (NUL)." in response.content.decode()


@pytest.mark.parametrize("params", [{"agency": "hessen\x00"}, {"q": "Halle\x00"}, {"start": "\x00"}])
def test_a_nul_character_in_a_filter_is_a_filter_message(client, federal_states, params):
    response = client.get(reverse("events:list"), params)

    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben im Filter." in text_of(response)


def test_municipality_search_with_a_nul_character_suggests_nothing(client, federal_states):
    MunicipalityFactory(key="15002", name="Halle (Saale), Stadt", kind="kreisfreie-stadt", state="15")

    assert client.get(reverse("municipalities:search"), {"q": "Halle\x00"}).json() == []


def test_a_nul_character_in_the_municipality_field_is_a_form_message(client, agency):
    event = RegistrationEventFactory(agency=agency)

    response = client.post(
        reverse("registration:register", args=[event.slug]), registration_data(municipality="Halle\x00")
    )

    assert response.status_code == 200
    assert "Nullzeichen sind nicht erlaubt." in text_of(response)
    assert not Registration.objects.exists()
