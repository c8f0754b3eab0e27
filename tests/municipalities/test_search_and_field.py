import pytest
from django import forms

from municipalities.forms import MunicipalityField
from municipalities.models import Municipality, Partnership
from tests.factories import AgencyFactory, PartnershipFactory, build_directory

pytestmark = pytest.mark.django_db

SEARCH_URL = "/kommunen/suche/"


def test_search_returns_matching_municipalities_as_json(client, demo_site):
    response = client.get(SEARCH_URL, {"q": "Halle"})

    assert response["Content-Type"] == "application/json"
    assert response.json() == [
        {
            "key": "15002",
            "name": "Halle (Saale), Stadt",
            "display_name": "Halle (Saale), Stadt",
            "kind": "Kreisfreie Stadt",
            "state": "Sachsen-Anhalt",
            "label": "Halle (Saale), Stadt (Kreisfreie Stadt, Sachsen-Anhalt)",
            "url": "/kommunen/15002/",
        }
    ]


def test_search_puts_names_starting_with_the_query_first_and_stops_at_ten(client, demo_site):
    results = client.get(SEARCH_URL, {"q": "land"}).json()

    assert len(results) == 10
    starting = [item["name"] for item in results if item["name"].lower().startswith("land")]
    assert [item["name"] for item in results[: len(starting)]] == starting
    assert starting  # e.g. Landau in der Pfalz, Landsberg am Lech, Landshut


def test_search_by_key_prefix_and_too_short_queries(client, demo_site):
    assert [item["key"] for item in client.get(SEARCH_URL, {"q": "1606"}).json()][:2] == ["16061", "16062"]
    assert client.get(SEARCH_URL, {"q": "H"}).json() == []
    assert client.get(SEARCH_URL).json() == []


@pytest.mark.parametrize("size", [50, 2000])
def test_search_runs_one_query(client, django_assert_max_num_queries, size):
    build_directory(size)
    with django_assert_max_num_queries(1):
        results = client.get(SEARCH_URL, {"q": "Gemeinde"}).json()
    assert len(results) == 10


class RegistrationLikeForm(forms.Form):
    municipality = MunicipalityField(label="Ihre Kommune", required=False)


class PartnershipForm(forms.ModelForm):
    municipality = MunicipalityField(label="Kommune")

    class Meta:
        model = Partnership
        fields = ["municipality"]


@pytest.mark.parametrize(
    "typed",
    ["15002", "Halle (Saale), Stadt (15002)", "halle (saale), stadt", "Halle (Saale)", "  Halle  "],
)
def test_field_understands_keys_picked_suggestions_and_unique_names(demo_site, typed):
    form = RegistrationLikeForm(data={"municipality": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"].key == "15002"


def test_field_accepts_landkreis_with_its_kind_in_front(demo_site):
    form = RegistrationLikeForm(data={"municipality": "Landkreis Leipzig"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"].key == "14729"


def test_field_lists_candidates_when_the_name_is_ambiguous_and_keeps_the_text(demo_site):
    form = RegistrationLikeForm(data={"municipality": "Ansbach"})

    assert not form.is_valid()
    [message] = form.errors["municipality"]
    assert (
        "Mehrere Kommunen passen zu „Ansbach“: Ansbach (Kreisfreie Stadt, 09561); Ansbach (Landkreis, 09571)."
        in message
    )
    assert 'value="Ansbach"' in str(form["municipality"])


def test_field_reports_an_unknown_municipality(demo_site):
    form = RegistrationLikeForm(data={"municipality": "Atlantis"})
    assert not form.is_valid()
    assert "Wir finden keine Kommune „Atlantis“" in form.errors["municipality"][0]
    assert RegistrationLikeForm(data={"municipality": ""}).is_valid()


def test_widget_renders_a_labelled_text_input_that_the_script_enhances(demo_site):
    form = RegistrationLikeForm()
    html = form.as_div()

    assert 'data-municipality-autocomplete data-source="/kommunen/suche/"' in html
    assert '<label for="id_municipality">Ihre Kommune:</label>' in html
    assert 'type="text" name="municipality"' in html
    assert 'aria-describedby="id_municipality_helptext"' in html
    assert "js/municipality-autocomplete.js" in str(form.media)


def test_model_form_shows_the_current_municipality_as_name_and_key(landkreis):
    partnership = PartnershipFactory(
        municipality=landkreis,
        agency=AgencyFactory(slug="transmit", states=["16"]),
        status="interessiert",
        since="2020-01-01",
    )
    form = PartnershipForm(instance=partnership)
    assert 'value="Weimarer Land (16071)"' in str(form["municipality"])

    bound = PartnershipForm(data={"municipality": "16071"}, instance=partnership)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["municipality"] == Municipality.objects.get(key="16071")


def test_search_ranks_the_very_name_first_münster_before_neumünster(client, demo_site):
    results = client.get(SEARCH_URL, {"q": "Münster"}).json()
    assert [item["key"] for item in results[:2]] == ["05515", "01004"]


def test_search_offers_city_and_district_of_the_same_name_with_their_kind(client, demo_site):
    labels = [item["label"] for item in client.get(SEARCH_URL, {"q": "Offenbach"}).json()]
    assert labels[:2] == [
        "Landkreis Offenbach (Landkreis, Hessen)",
        "Offenbach am Main, Stadt (Kreisfreie Stadt, Hessen)",
    ]


def test_search_by_a_full_key(client, demo_site):
    assert [item["name"] for item in client.get(SEARCH_URL, {"q": "15002"}).json()] == [
        "Halle (Saale), Stadt"
    ]


def test_field_accepts_münster_although_neumünster_contains_it(demo_site):
    form = RegistrationLikeForm(data={"municipality": "Münster"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"].key == "05515"


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("Offenbach", ["06438", "06413"]),
        ("Kassel", ["06611", "06633"]),
        ("München", ["09162", "09184"]),
    ],
)
def test_field_offers_city_and_district_of_one_name_instead_of_picking_one(demo_site, typed, offered):
    form = RegistrationLikeForm(data={"municipality": typed})

    assert not form.is_valid()
    message = form.errors["municipality"][0]
    assert "Kreisfreie Stadt" in message and "Landkreis" in message
    html = str(form["municipality"])
    # Without JavaScript the candidates are radio buttons to pick from, the typed text stays.
    for key in offered:
        assert f'type="radio" name="municipality_choice" value="{key}"' in html
    assert f'value="{typed}"' in html


def test_field_takes_the_candidate_picked_without_javascript(demo_site):
    form = RegistrationLikeForm(data={"municipality": "Offenbach", "municipality_choice": "06413"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"].name == "Offenbach am Main, Stadt"


@pytest.mark.parametrize(
    "typed", ["Stadt Offenbach am Main", "Offenbach (Landkreis, 06438)", "Landkreis Offenbach"]
)
def test_field_understands_kind_words_and_copied_candidates(demo_site, typed):
    form = RegistrationLikeForm(data={"municipality": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"].key in {"06413", "06438"}
