import csv
import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from municipalities.services import DISTRICTS_CSV, partnership_create, partnership_end
from tests.factories import AgencyFactory, build_directory

pytestmark = pytest.mark.django_db

LIST_URL = "/kommunen/"
KEY_CELL = re.compile(r'<span class="font-monospace">(\d{5}|\d{8})</span>')
# Queries of the directory, counted on the second visit: the number of municipalities, the Bundesländer,
# today's partnerships and the filter form (with its choices of Bundesländer and agencies) are kept per
# content version; the page itself, and when filtering the chosen agency (or Bundesland) and the count.
DIRECTORY_MAX_QUERIES = 1
FILTERED_DIRECTORY_MAX_QUERIES = 3


def keys_on(response):
    return KEY_CELL.findall(response.content.decode())


def test_directory_lists_all_401_kreise_and_kreisfreie_staedte_with_their_keys(client, demo_site):
    with DISTRICTS_CSV.open(encoding="utf-8") as handle:
        expected = {row["AGS"] for row in csv.DictReader(handle, delimiter=";")}

    first = client.get(LIST_URL)
    assert "401 Kommunen gefunden" in first.content.decode()
    seen = []
    page = 1
    while True:
        response = client.get(LIST_URL, {"page": page})
        seen += keys_on(response)
        if 'rel="next"' not in response.content.decode():
            break
        page += 1

    assert len(seen) == 401
    assert set(seen) == expected
    assert {"01001", "09563", "16071"} <= set(seen)


def test_thuringia_and_landkreis_gives_exactly_the_thuringian_landkreise_of_the_file(client, demo_site):
    with DISTRICTS_CSV.open(encoding="utf-8") as handle:
        expected = {
            row["AGS"]
            for row in csv.DictReader(handle, delimiter=";")
            if row["AGS"].startswith("16") and row["type"] in ("Landkreis", "Kreis")
        }
    assert len(expected) == 17  # the source's state on 31.12.2018

    response = client.get(LIST_URL, {"bundesland": "thueringen", "art": "landkreis"})

    content = response.content.decode()
    assert f"{len(expected)} Kommunen gefunden" in content
    assert set(keys_on(response)) == expected
    assert "Bundesland: Thüringen" in content and "Art: Landkreis" in content


def test_filters_by_agency_and_partnership_status(client, demo_site):
    transmit = client.get(LIST_URL, {"agentur": "transmit"})
    assert sorted(keys_on(transmit)) == ["14729", "15002", "15088", "16053", "16071"]

    transfer = client.get(LIST_URL, {"agentur": "transmit", "partnerschaft": "transferkommune"})
    assert sorted(keys_on(transfer)) == ["14729", "15002"]

    former = client.get(LIST_URL, {"partnerschaft": "ehemalig"})
    # Landkreis Leipzig had an ended partnership too, but has a running one: not „ehemalig“.
    assert keys_on(former) == ["05962"]


def test_name_search_population_range_and_sorting(client, demo_site):
    halle = client.get(LIST_URL, {"q": "halle"})
    assert keys_on(halle) == ["15002"]

    by_key = client.get(LIST_URL, {"q": "1606"})
    assert keys_on(by_key) and all(key.startswith("1606") for key in keys_on(by_key))

    big = client.get(LIST_URL, {"einwohner_min": "1000000", "sortierung": "-einwohner"})
    # Berlin, Hamburg, Region Hannover, München, Köln: largest first
    assert keys_on(big) == ["11000", "02000", "09162", "03241", "05315"]

    by_key_order = client.get(LIST_URL, {"sortierung": "schluessel"})
    assert keys_on(by_key_order)[:3] == ["01001", "01002", "01003"]


def test_bad_input_is_explained_and_kept_instead_of_an_error_page(client, demo_site):
    response = client.get(
        LIST_URL, {"einwohner_min": "viele", "einwohner_max": "5", "bundesland": "atlantis"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben." in content
    assert 'value="viele"' in content
    assert "Bitte eine ganze Zahl eingeben." in content


def test_minimum_above_maximum_is_reported(client, demo_site):
    response = client.get(LIST_URL, {"einwohner_min": "500000", "einwohner_max": "100000"})
    assert "Die Höchstzahl ist kleiner als die Mindestzahl." in response.content.decode()


def test_no_match_shows_an_empty_state_with_a_way_back(client, demo_site):
    response = client.get(LIST_URL, {"q": "Atlantis"})

    content = response.content.decode()
    assert "0 Kommunen gefunden" in content
    assert "Keine Kommune passt zu diesen Filtern." in content
    assert 'href="/kommunen/">Alle Kommunen anzeigen' in content


def test_directory_names_the_data_source_and_its_licence(client, demo_site):
    content = client.get(LIST_URL).content.decode()
    assert "Statistisches Bundesamt (Destatis)" in content
    assert "landkreise-deutschland</a> 3.0.0" in content
    assert "Alexander Wunschik" in content
    assert "CC BY 4.0" in content


def test_a_page_beyond_the_end_shows_the_last_page(client, demo_site):
    response = client.get(LIST_URL, {"page": "999"})
    assert response.status_code == 200
    assert "Seite 9 von 9" in response.content.decode()


@pytest.mark.parametrize("size", [50, 2000])
def test_directory_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, size, settings):
    settings.PAGE_CACHE_ENABLED = False
    build_directory(size)
    for query in ({}, {"sortierung": "-einwohner"}):
        client.get(LIST_URL, query)
        with django_assert_max_num_queries(DIRECTORY_MAX_QUERIES):
            response = client.get(LIST_URL, query)
        assert f"{size} Kommunen gefunden" in response.content.decode()
    filters = {"agentur": f"bulk-{size}-a", "partnerschaft": "kooperationskommune"}
    client.get(LIST_URL, filters)
    with django_assert_max_num_queries(FILTERED_DIRECTORY_MAX_QUERIES):
        filtered = client.get(LIST_URL, filters)
    assert f"{-(-size // 5) // 2} Kommunen gefunden" in filtered.content.decode()


def _row_of(response, key):
    content = response.content.decode()
    at = content.index(f'<span class="font-monospace">{key}</span>')
    return content[content.rindex("<tr>", 0, at) : content.index("</tr>", at)]


def test_a_row_shows_a_new_or_ended_partnership_at_once(client, landkreis, settings):
    settings.PAGE_CACHE_ENABLED = False
    agency = AgencyFactory(short_name="ThEKiZ", states=["16"])
    assert "keine" in _row_of(client.get(LIST_URL), landkreis.key)

    partnership = partnership_create(
        municipality=landkreis, agency=agency, status="transferkommune", since=timezone.localdate()
    )
    row = _row_of(client.get(LIST_URL), landkreis.key)
    assert "status-transferkommune" in row and "ThEKiZ" in row

    partnership_end(partnership=partnership, until=timezone.localdate())
    assert "keine" in _row_of(client.get(LIST_URL), landkreis.key)


def test_a_partnership_shows_from_its_first_day_though_nobody_saved(client, landkreis, settings):
    settings.PAGE_CACHE_ENABLED = False
    agency = AgencyFactory(short_name="ThEKiZ", states=["16"])
    today = timezone.localdate()
    partnership_create(
        municipality=landkreis, agency=agency, status="interessiert", since=today + datetime.timedelta(days=1)
    )
    assert "keine" in _row_of(client.get(LIST_URL), landkreis.key)

    tomorrow = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(9))
    )
    with time_machine.travel(tomorrow, tick=False):
        row = _row_of(client.get(LIST_URL), landkreis.key)
    assert "status-interessiert" in row and "ThEKiZ" in row


def test_list_url_is_reversible():
    assert reverse("municipalities:list") == LIST_URL


def test_active_filters_are_chips_that_remove_just_themselves(client, landkreis):
    response = client.get(
        LIST_URL, {"bundesland": "thueringen", "einwohner_min": "100000", "sortierung": "name", "page": "1"}
    )

    chips = re.findall(
        r'<a class="filter-chip" href="\?([^"]*)">\s*<span>([^<]+)</span>', response.content.decode()
    )
    assert [label for _query, label in chips] == ["Bundesland: Thüringen", "Einwohner ab: 100.000"]
    # Each chip keeps the other filter and drops the page and the default sort order.
    assert [query for query, _label in chips] == ["einwohner_min=100000", "bundesland=thueringen"]


def test_filter_forms_keep_each_filters_values_and_show_a_new_agency_at_once(client, landkreis):
    AgencyFactory(slug="hessen", short_name="Hessen", states=["06"])
    for _ in range(2):  # the second answer of each comes with the stored form
        thuringia = client.get(LIST_URL, {"bundesland": "thueringen"}).content.decode()
        wrong = client.get(LIST_URL, {"einwohner_min": "viele"}).content.decode()
        assert '<option value="thueringen" selected>' in thuringia
        assert '<option value="thueringen" selected>' not in wrong
        assert "Einwohner ab</a>: " in wrong and "Einwohner ab</a>: " not in thuringia

    AgencyFactory(slug="neu", short_name="Neue Agentur")
    assert "Neue Agentur" in client.get(LIST_URL, {"bundesland": "thueringen"}).content.decode()
