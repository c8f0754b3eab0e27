"""The site search (/suche/): what it finds, what it never shows, and that it stays cheap."""

import datetime
from dataclasses import replace

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from municipalities.models import Municipality
from portal import page_cache, search
from portal.search import MAX_QUERY_LENGTH, clean_query, search_backend, site_search, source_get
from tests.factories import (
    AgencyFactory,
    EventFactory,
    MunicipalityFactory,
    PressReleaseFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _search(client, query, **params):
    return client.get(reverse("portal:search"), {"q": query, **params})


def test_finds_an_event_by_a_word_of_its_description(client):
    EventFactory(
        title="Fachtag im Herbst", description="Wir sprechen über Schulentwicklungsplanung im Landkreis."
    )
    EventFactory(title="Ganz anderes Thema", description="Nichts davon.")

    response = _search(client, "Schulentwicklungsplanung")

    assert response.status_code == 200
    assert "Fachtag im Herbst" in response.content.decode()
    assert "Ganz anderes Thema" not in response.content.decode()


def test_finds_an_event_by_its_topic_once(client):
    topics = [
        TopicFactory(name="Bildungsmonitoring", slug="bm"),
        TopicFactory(name="Bildungsmonitoring Daten"),
    ]
    EventFactory(title="Werkstatt Kennzahlen", topics=topics)

    groups = site_search(query="Bildungsmonitoring")

    events = next(group for group in groups if group.source.key == "veranstaltungen")
    assert events.count == 1
    assert [hit.title for hit in events.hits] == ["Werkstatt Kennzahlen"]


def test_finds_a_press_release_by_its_headline(client):
    PressReleaseFactory(headline="Landkreis gründet Bildungsbüro")

    response = _search(client, "Bildungsbüro")

    assert "Landkreis gründet Bildungsbüro" in response.content.decode()


def test_never_shows_a_draft_a_withdrawn_release_or_one_scheduled_for_later(client):
    PressReleaseFactory(headline="Entwurf zum Bildungsbüro", status="draft")
    PressReleaseFactory(headline="Zurückgezogen zum Bildungsbüro", status="withdrawn")
    PressReleaseFactory(
        headline="Geplant zum Bildungsbüro",
        status="scheduled",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    EventFactory(title="Entwurf eines Bildungsbüro-Tags", status="draft")

    html = _search(client, "Bildungsbüro").content.decode()

    assert "Entwurf zum Bildungsbüro" not in html
    assert "Geplant zum Bildungsbüro" not in html
    assert "Zurückgezogen zum Bildungsbüro" not in html
    assert "Entwurf eines Bildungsbüro-Tags" not in html
    assert "Keine Treffer" in html


def test_finds_a_municipality_by_name_and_an_agency_and_a_publication(client):
    MunicipalityFactory(key="16063", name="Wartburgkreis", kind=Municipality.Kind.LANDKREIS)
    AgencyFactory(name="Transferagentur Wartburg-Region", slug="wartburg")
    PublicationFactory(title="Wartburg-Studie zur Bildungslandschaft")

    html = _search(client, "Wartburg").content.decode()

    assert "Wartburgkreis" in html
    assert "Transferagentur Wartburg-Region" in html
    assert "Wartburg-Studie zur Bildungslandschaft" in html


def test_results_are_grouped_with_counts_and_one_group_is_paginated(client):
    for number in range(12):
        EventFactory(title=f"Netzwerktreffen {number}")
    PressReleaseFactory(headline="Netzwerktreffen im Rückblick")

    overview = _search(client, "Netzwerktreffen").content.decode()
    assert "Veranstaltungen (12)" in overview
    assert "Pressemitteilungen (1)" in overview
    assert "Alle 12 Treffer in Veranstaltungen anzeigen" in overview

    second = _search(client, "Netzwerktreffen", bereich="veranstaltungen", page=2)
    assert second.context["page_obj"].number == 2
    assert len(second.context["page_obj"].object_list) == 2
    assert "Seite 2 von 2" in second.content.decode()


def test_the_english_page_works(client):
    EventFactory(title="Fachtag Elternarbeit")

    response = client.get("/en" + reverse("portal:search"), {"q": "Elternarbeit"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Fachtag Elternarbeit" in html
    assert "Search" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "&|!:*",
        "'\"()",
        "a" * 5000,
        "%_",
        "\x00null",
        "<script>alert(1)</script>",
        "der die das",
        "Fachtag:*A & !'x' <-> (y | z)",
        "-",
    ],
)
def test_odd_input_never_fails(client, query):
    EventFactory(title="Fachtag")

    response = _search(client, query, bereich="gibt-es-nicht", page="x")

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_query_is_bounded():
    assert len(clean_query("wort " * 100)) <= MAX_QUERY_LENGTH
    assert clean_query("  zwei   Wörter ") == "zwei Wörter"


def test_the_header_has_a_labelled_search_field(client):
    html = client.get(reverse("portal:home")).content.decode()

    assert 'role="search"' in html
    assert '<label class="visually-hidden" for="suche-kopf">' in html


def _build(size):
    for number in range(size):
        agency = AgencyFactory(slug=f"groesse-{size}-{number}", name=f"Agentur Daten {size} {number}")
        EventFactory(agency=agency, title=f"Daten-Fachtag {number}", topics=[TopicFactory()])
        PressReleaseFactory(agency=agency, headline=f"Daten-Mitteilung {number}")
        PublicationFactory(agency=agency, title=f"Daten-Heft {number}")
        MunicipalityFactory(
            key=f"16{number:03d}", name=f"Datenstadt {number}", kind=Municipality.Kind.LANDKREIS
        )


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("bereich", ["", "veranstaltungen"])
def test_a_fixed_number_of_queries_whatever_the_number_of_hits(
    client, django_assert_max_num_queries, settings, size, bereich
):
    _build(size)
    # Counted on the second search: the agencies, venues and Bundesländer the hits name are kept per
    # content version and read on the first.
    settings.PAGE_CACHE_ENABLED = False
    _search(client, "Daten", bereich=bereich)

    # One query counts all five sources with the best hits of each (on a source's own page, the
    # page's pks) and, on PostgreSQL, their snippets; the hits' titles, addresses and meta lines
    # are kept per content version.
    with django_assert_max_num_queries(1):
        response = _search(client, "Daten", bereich=bereich)
    assert response.status_code == 200
    assert response.context["total"] >= 4 * size

    # Hits not kept yet: one more query (without full-text search, one per source) reads them.
    page_cache.local_fragments.clear()
    with django_assert_max_num_queries(6 if not bereich else 2):
        response = _search(client, "Daten", bereich=bereich)
    assert response.context["total"] >= 4 * size


def test_a_kept_hit_shows_an_edited_title_and_date_at_once(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    event = EventFactory(
        title="Werkstatt Schulentwicklung", starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert "Werkstatt Schulentwicklung" in _search(client, "Werkstatt").content.decode()

    event.title = "Werkstatt Elternarbeit"
    event.starts_at = event.starts_at.replace(year=event.starts_at.year + 1)
    event.ends_at = event.ends_at.replace(year=event.ends_at.year + 1)
    event.save()

    html = _search(client, "Werkstatt").content.decode()
    assert "Werkstatt Elternarbeit" in html
    assert "Werkstatt Schulentwicklung" not in html
    assert f".{event.starts_at.year}," in html


@pytest.mark.parametrize("events", [3, 5])
def test_where_more_match_than_are_ranked_the_newest_are_ranked_and_the_page_says_so(
    client, monkeypatch, events
):
    monkeypatch.setattr(search, "RANKED_AT_MOST", 3)
    monkeypatch.setattr(search, "_compiled", {})  # the compiled SQL holds the number
    for days in (20, 10, -100, -200, -300)[:events]:
        EventFactory(title=f"Werkstatt {days}", starts_at=timezone.now() + datetime.timedelta(days=days))

    overview = _search(client, "Werkstatt")
    response = _search(client, "Werkstatt", bereich="veranstaltungen")

    group = next(group for group in response.context["groups"] if group.source.key == "veranstaltungen")
    html, overview_html = response.content.decode(), overview.content.decode()
    # The newest three are ranked (soonest first among equals); the older ones are left for a more
    # precise search, and the page says so.
    assert [hit.title for hit in group.hits] == ["Werkstatt 10", "Werkstatt 20", "Werkstatt -100"]
    assert group.count == 3
    assert group.more is (events > 3)
    assert ("Veranstaltungen (mehr als 3)" in html) is (events > 3)
    assert ("Mit einem weiteren Suchwort finden Sie genauer" in html) is (events > 3)
    assert ("Alle (mehr als 3)" in overview_html) is (events > 3)
    assert ("Die ersten 3 Treffer in Veranstaltungen anzeigen" in overview_html) is False  # all 3 shown
    assert ("Mehr als 3 Treffer für „Werkstatt“" in overview_html) is (events > 3)


def test_the_backend_matches_the_database():
    assert search_backend() == ("postgresql" if connection.vendor == "postgresql" else "portable")


@pytest.mark.postgres
def test_postgresql_full_text_finds_inflected_words_and_ranks_the_title_first(client):
    EventFactory(title="Austausch", description="Ein Treffen für alle Kommunen im Land.")
    EventFactory(title="Kommune im Wandel", description="Ein Tag.")

    events = next(group for group in site_search(query="Kommune") if group.source.key == "veranstaltungen")

    # German stemming: "Kommunen" in a description matches "Kommune"; the title weighs most.
    assert [hit.title for hit in events.hits] == ["Kommune im Wandel", "Austausch"]


def test_equally_good_events_come_soonest_first_then_the_latest_past(client):
    EventFactory(title="Werkstatt spät", starts_at=timezone.now() + datetime.timedelta(days=40))
    EventFactory(title="Werkstatt bald", starts_at=timezone.now() + datetime.timedelta(days=3))
    EventFactory(title="Werkstatt lange her", starts_at=timezone.now() - datetime.timedelta(days=400))
    EventFactory(title="Werkstatt neulich", starts_at=timezone.now() - datetime.timedelta(days=20))

    events = next(group for group in site_search(query="Werkstatt") if group.source.key == "veranstaltungen")

    assert [hit.title for hit in events.hits] == [
        "Werkstatt bald",
        "Werkstatt spät",
        "Werkstatt neulich",
        "Werkstatt lange her",
    ]


@pytest.mark.postgres
def test_postgresql_finds_the_singular_for_the_plural(client):
    EventFactory(title="Die Kommune als Bildungsort", description="Ein Tag.")

    html = _search(client, "Kommunen").content.decode()

    assert "Die Kommune als Bildungsort" in html


@pytest.mark.postgres
def test_postgresql_ranks_a_title_match_above_a_body_match(client):
    PressReleaseFactory(
        headline="Rückblick auf den Herbst", body="<p>Im Herbst ging es um Bildungsmonitoring.</p>"
    )
    PressReleaseFactory(headline="Bildungsmonitoring im Landkreis", body="<p>Ein Bericht.</p>")

    releases = next(
        group for group in site_search(query="Bildungsmonitoring") if group.source.key == "presse"
    )

    assert [hit.title for hit in releases.hits] == [
        "Bildungsmonitoring im Landkreis",
        "Rückblick auf den Herbst",
    ]


@pytest.mark.postgres
def test_postgresql_marks_the_matching_words_in_the_snippet_and_shows_no_markup(client):
    PressReleaseFactory(
        headline="Rückblick",
        teaser="Kommunen & Länder <b>berichten</b>.",
        body="<p>Viel zum <em>Bildungsmonitoring</em> &amp; mehr.</p>",
    )

    html = _search(client, "Bildungsmonitoring").content.decode()

    assert "<mark>Bildungsmonitoring</mark> &amp; mehr" in html
    assert "<b>berichten</b>" not in html
    assert "<em>" not in html


def test_finds_an_edited_title_at_once(client):
    event = EventFactory(title="Werkstatt Schulentwicklung")
    event.title = "Werkstatt Elternarbeit"
    event.save()

    assert "Werkstatt Elternarbeit" in _search(client, "Elternarbeit").content.decode()
    assert "Keine Treffer" in _search(client, "Schulentwicklung").content.decode()


def test_finds_an_event_by_the_city_of_its_venue(client):
    EventFactory(title="Fachtag im Herbst", venue__city="Offenbach am Main")

    html = _search(client, "Offenbach").content.decode()

    assert "Fachtag im Herbst" in html


def test_a_release_scheduled_for_later_is_found_from_its_time_on(client, settings):
    # The search's SQL is compiled once (on PostgreSQL): the time of each search must still count.
    settings.PAGE_CACHE_ENABLED = False
    PressReleaseFactory(
        headline="Geplant zum Bildungsbüro",
        status="scheduled",
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )
    assert "Keine Treffer" in _search(client, "Bildungsbüro").content.decode()

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3), tick=False):
        html = _search(client, "Bildungsbüro").content.decode()

    assert "Geplant zum Bildungsbüro" in html


def test_an_event_passes_from_the_coming_to_the_past_ones_when_it_ends(settings):
    EventFactory(title="Werkstatt bald", starts_at=timezone.now() + datetime.timedelta(days=3))
    EventFactory(title="Werkstatt neulich", starts_at=timezone.now() - datetime.timedelta(days=20))
    EventFactory(title="Werkstatt später", starts_at=timezone.now() + datetime.timedelta(days=10))
    site_search(query="Werkstatt")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=5), tick=False):
        events = next(
            group for group in site_search(query="Werkstatt") if group.source.key == "veranstaltungen"
        )

    assert [hit.title for hit in events.hits] == ["Werkstatt später", "Werkstatt bald", "Werkstatt neulich"]


@pytest.mark.parametrize(
    ("page", "shown"), [("9", 2), ("0", 2), ("-1", 2), ("zwei", 1), ("", 1), ("10" * 40, 2)]
)
def test_a_page_that_does_not_exist_shows_the_last_or_the_first(client, page, shown):
    for number in range(12):
        EventFactory(title=f"Netzwerktreffen {number}")

    response = _search(client, "Netzwerktreffen", bereich="veranstaltungen", page=page)

    page_obj = response.context["page_obj"]
    assert page_obj.number == shown
    assert len(page_obj.object_list) == (2 if shown == 2 else 10)
    assert response.context["groups"][0].count == 12


def test_a_page_of_a_kind_without_hits_says_so(client):
    EventFactory(title="Netzwerktreffen")

    response = _search(client, "Netzwerktreffen", bereich="presse", page=3)

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert "In Pressemitteilungen gibt es dazu keine Treffer." in response.content.decode()


def test_a_renamed_venue_city_and_agency_show_at_once(client, settings):
    # The hits read venues and agencies from data kept per content version: a change is a new version.
    settings.PAGE_CACHE_ENABLED = False
    event = EventFactory(
        title="Fachtag im Herbst",
        format=Event.Format.ON_SITE,
        venue__city="Offenbach am Main",
        agency__short_name="TA Alt",
    )
    assert "Offenbach am Main · TA Alt" in _search(client, "Fachtag").content.decode()

    event.venue.city = "Hanau"
    event.venue.save()
    event.agency.short_name = "TA Neu"
    event.agency.save()

    assert "Hanau · TA Neu" in _search(client, "Fachtag").content.decode()


@pytest.mark.postgres
def test_a_source_whose_sql_works_out_a_time_of_its_own_is_refused(monkeypatch):
    # Compiled once, a time derived from the search's would be that of the compilation forever.
    day_before = replace(
        source_get("veranstaltungen"),
        key="gestern",
        queryset=lambda now: Event.objects.filter(ends_at__gte=now - datetime.timedelta(days=1)),
    )
    monkeypatch.setitem(search._sources, "gestern", day_before)

    with pytest.raises(ImproperlyConfigured):
        site_search(query="Werkstatt")
