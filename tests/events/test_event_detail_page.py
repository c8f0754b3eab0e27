import datetime
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from events.models import Event, Material
from tests.factories import (
    ContactPersonFactory,
    MaterialFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SpeakerFactory,
    VenueFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def at(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def json_ld(response):
    html = response.content.decode()
    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_detail_shows_date_line_badges_venue_and_organiser(client, make_event, hessen, nrw):
    venue = VenueFactory(
        agency=hessen,
        name="Haus am Dom",
        street="Domplatz 3",
        postcode="60311",
        step_free=True,
        accessibility_notes="Aufzug zu allen Sälen.",
    )
    event = make_event(
        title="#Bildungslandschaft",
        starts_at=at(2030, 12, 5, 10),
        ends_at=at(2030, 12, 5, 16),
        format=Event.Format.HYBRID,
        venue=venue,
        co_agencies=[nrw],
        online_notes="Den Link schicken wir am Vortag.",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Donnerstag, 05.12.2030, 10:00–16:00 Uhr" in html
    assert '<span class="badge badge-format">Hybrid</span>' in html
    assert "Domplatz 3<br>60311 Frankfurt am Main" in html
    assert "Der Veranstaltungsort ist stufenlos erreichbar." in html
    assert "Aufzug zu allen Sälen." in html
    assert "Den Link schicken wir am Vortag." in html
    assert "Transferagentur Hessen" in html and "gemeinsam mit" in html and "Transferagentur NRW" in html
    assert "Erika Beispiel" in html and "mailto:erika@example.org" in html
    assert "In meinen Kalender" in html
    assert f'href="/veranstaltungen/{event.slug}.ics"' in html


def test_multi_day_event_names_both_days(client, make_event):
    event = make_event(starts_at=at(2030, 12, 5, 10), ends_at=at(2030, 12, 6, 15))
    ProgrammeItemFactory(event=event, day=1, starts_at=datetime.time(10), title="Eröffnung")
    ProgrammeItemFactory(event=event, day=2, starts_at=datetime.time(9), title="Marktplatz")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Donnerstag, 05.12.2030, 10:00 Uhr – Freitag, 06.12.2030, 15:00 Uhr" in html
    assert "Tag 1: Donnerstag, 05.12.2030" in html
    assert "Tag 2: Freitag, 06.12.2030" in html


def test_programme_lists_items_in_time_order_with_their_speakers(client, make_event):
    event = make_event()
    panel = ProgrammeItemFactory(
        event=event,
        starts_at=datetime.time(11, 30),
        ends_at=datetime.time(12, 30),
        title="Podium",
        kind="podium",
    )
    ProgrammeItemFactory(event=event, starts_at=datetime.time(10), title="Begrüßung", kind="begruessung")
    SpeakerFactory(
        event=event, programme_item=panel, name="Dr. Ida Indikator", title="Leitung", institution="Stadt X"
    )
    SpeakerFactory(event=event, name="Moritz Modell", title="Moderation")
    html = client.get(event.get_absolute_url()).content.decode()
    assert html.index("Begrüßung") < html.index("Podium")
    assert "11:30–12:30 Uhr" in html
    assert "Dr. Ida Indikator, Leitung, Stadt X" in html
    assert "Mitwirkende" in html and "Moritz Modell, Moderation" in html


def test_drafts_answer_404(client, make_event):
    event = make_event(status=Event.Status.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/veranstaltungen/{event.slug}.ics").status_code == 404


def test_unknown_slug_answers_404(client, db):
    assert client.get("/veranstaltungen/gibt-es-nicht/").status_code == 404


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (Event.Status.CANCELLED, "Diese Veranstaltung wurde abgesagt."),
        (Event.Status.POSTPONED, "Diese Veranstaltung wird verschoben."),
    ],
)
def test_cancelled_and_postponed_events_show_their_notice(client, make_event, status, heading):
    event = make_event(status=status, status_notice="Die Referentin ist erkrankt.")
    html = client.get(event.get_absolute_url()).content.decode()
    assert heading in html
    assert "Die Referentin ist erkrankt." in html


def test_review_appears_only_once_the_event_is_over(client, make_event):
    upcoming = make_event(review="So war es.")
    past = make_event(starts_at=in_days(-10), review="So war es.")
    assert "Rückblick" not in client.get(upcoming.get_absolute_url()).content.decode()
    html = client.get(past.get_absolute_url()).content.decode()
    assert "Rückblick" in html and "So war es." in html
    assert "Diese Veranstaltung hat bereits stattgefunden." in html


def test_materials_show_accessibility_and_alternative(client, make_event, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(starts_at=in_days(-3))
    slides = Material(event=event, kind=Material.Kind.DOCUMENT, title="Folien", accessible=False)
    slides.file.save("folien.pdf", ContentFile(b"%PDF-1.4 tiny"), save=False)
    slides.accessible_alternative.save("folien.txt", ContentFile(b"Text"), save=False)
    slides.save()
    report = Material(event=event, kind=Material.Kind.DOCUMENT, title="Bericht", accessible=True)
    report.file.save("bericht.pdf", ContentFile(b"%PDF-1.4"), save=False)
    report.save()
    MaterialFactory(event=event, kind=Material.Kind.LINK, title="Handreichung", url="https://example.org/h")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Folien</a>" in html and "(PDF, 13" in html
    assert "Barrierefrei: nein" in html and "Barrierefrei: ja" in html
    assert "Barrierefreie Fassung: Folien" in html
    assert 'href="https://example.org/h"' in html


def test_external_film_is_not_embedded_before_a_click(client, make_event):
    event = make_event(starts_at=in_days(-3))
    MaterialFactory(
        event=event,
        kind=Material.Kind.VIDEO,
        title="Rückblick im Film",
        url="https://www.youtube.com/watch?v=abcDEF12345",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<iframe" not in html
    assert "youtube-nocookie.com/embed/abcDEF12345" in html  # only as data for the click
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/abcDEF12345"' in html
    assert "Film laden: Rückblick im Film" in html
    assert "überträgt dabei zum Beispiel Ihre IP-Adresse" in html
    assert 'href="https://www.youtube.com/watch?v=abcDEF12345"' in html
    assert "js/film-consent.js" in html


def test_film_served_by_the_portal_plays_in_a_video_element_with_captions(
    client, make_event, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(starts_at=in_days(-3))
    film = Material(event=event, kind=Material.Kind.VIDEO, title="Kurzfilm")
    film.file.save("film.mp4", ContentFile(b"\x00"), save=False)
    film.captions.save("film.vtt", ContentFile(b"WEBVTT\n"), save=False)
    film.save()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<video" in html and 'preload="none"' in html
    assert '<track kind="captions"' in html


def test_json_ld_names_event_dates_place_and_organiser(client, make_event, nrw, settings):
    settings.SITE_URL = "https://portal.example.org"
    event = make_event(
        title="Fachtag vor Ort", starts_at=at(2030, 12, 5, 10), ends_at=at(2030, 12, 5, 16), co_agencies=[nrw]
    )
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Fachtag vor Ort"
    assert data["startDate"] == "2030-12-05T10:00:00+01:00"
    assert data["endDate"] == "2030-12-05T16:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Frankfurt am Main"
    assert data["location"]["address"]["postalCode"] == "60311"
    assert [org["name"] for org in data["organizer"]] == ["Transferagentur Hessen", "Transferagentur NRW"]
    assert data["url"] == f"https://portal.example.org/veranstaltungen/{event.slug}/"


@pytest.mark.parametrize(
    ("event_format", "mode", "location_types"),
    [
        (Event.Format.ONLINE, "OnlineEventAttendanceMode", ["VirtualLocation"]),
        (Event.Format.HYBRID, "MixedEventAttendanceMode", ["Place", "VirtualLocation"]),
    ],
)
def test_json_ld_for_online_and_hybrid_events(client, make_event, event_format, mode, location_types):
    if event_format == Event.Format.ONLINE:
        event = make_event(format=event_format, venue=None)
    else:
        event = make_event(format=event_format)
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [location["@type"] for location in locations] == location_types
    assert locations[-1]["url"].endswith(event.get_absolute_url())


def test_json_ld_says_cancelled_and_cannot_break_out_of_its_script(client, make_event):
    event = make_event(title="Abgesagt </script><script>alert(1)</script>", status=Event.Status.CANCELLED)
    response = client.get(event.get_absolute_url())
    assert "</script><script>alert(1)" not in response.content.decode()
    data = json_ld(response)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["name"] == "Abgesagt </script><script>alert(1)</script>"


def test_series_lists_its_next_dates(client, make_event, hessen):
    series = SeriesFactory(agency=hessen, title="Online-Austausch", slug="online-austausch")
    first = make_event(series=series, starts_at=in_days(5))
    second = make_event(series=series, starts_at=in_days(35))
    html = client.get(first.get_absolute_url()).content.decode()
    assert "Weitere Termine: Online-Austausch" in html
    assert second.get_absolute_url() in html


@pytest.mark.parametrize("count", [5, 200])
def test_detail_runs_a_constant_number_of_queries(
    client, make_event, hessen, nrw, topic, group, count, django_assert_max_num_queries, settings
):
    series = SeriesFactory(agency=hessen, title="Reihe", slug="reihe")
    event = make_event(
        starts_at=in_days(-2), series=series, co_agencies=[nrw], topics=[topic], target_groups=[group]
    )
    for number in range(count):
        item = ProgrammeItemFactory(event=event, starts_at=datetime.time(9 + number % 8), title=f"P{number}")
        SpeakerFactory(event=event, programme_item=item, name=f"Person {number}")
        MaterialFactory(event=event, kind=Material.Kind.LINK, title=f"M{number}", url="https://example.org")
        make_event(series=series, starts_at=in_days(1 + number))
    # Counted on the second visit: the reference data kept per content version is read on the first.
    settings.PAGE_CACHE_ENABLED = False
    client.get(event.get_absolute_url())
    # The event, its seats and the series' next dates: its programme, speakers, materials and links
    # are kept per content version.
    with django_assert_max_num_queries(3):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200


def test_page_shows_changed_programme_speakers_and_materials_at_once(client, make_event, settings):
    """The programme (a fragment), speakers and materials are kept per content version."""
    settings.PAGE_CACHE_ENABLED = False
    event = make_event()
    item = ProgrammeItemFactory(event=event, starts_at=datetime.time(10), title="Begrüßung")
    assert "Begrüßung" in client.get(event.get_absolute_url()).content.decode()

    item.title = "Grußwort"
    item.save()
    SpeakerFactory(event=event, programme_item=item, name="Erika Muster")
    SpeakerFactory(event=event, name="Max Beispiel")
    MaterialFactory(event=event, kind=Material.Kind.LINK, title="Linkliste", url="https://example.org")
    html = client.get(event.get_absolute_url()).content.decode()

    assert "Grußwort" in html and "Begrüßung" not in html
    assert "Erika Muster" in html and "Max Beispiel" in html
    assert "Linkliste" in html


def test_page_shows_changed_agencies_topics_groups_and_contacts_at_once(
    client, make_event, hessen, nrw, topic, group, settings
):
    """The agencies, their contact persons, topics and target groups are kept per content version."""
    settings.PAGE_CACHE_ENABLED = False
    event = make_event(topics=[topic])
    client.get(event.get_absolute_url())

    event.co_agencies.add(nrw)
    event.target_groups.add(group)
    topic.name = "Bildungsberichte"
    topic.save()
    nrw.name = "Transferagentur Münster"
    nrw.save()
    contact = ContactPersonFactory(agency=hessen, name="Erika Neu", email="erika@example.org")
    event.contact = contact
    event.save()
    html = client.get(event.get_absolute_url()).content.decode()

    assert "Transferagentur Münster" in html
    assert "<dd>Bildungsmanagement</dd>" in html
    assert "<dd>Bildungsberichte</dd>" in html
    assert "Erika Neu" in html

    contact.email = "erika.neu@example.org"
    contact.save()
    assert "erika.neu@" in client.get(event.get_absolute_url()).content.decode()
