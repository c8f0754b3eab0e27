"""Free seats on cards and detail pages, the "nur mit freien Plätzen" filter, and constant queries."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from events.models import Event, Mode, Registration, RegistrationOptions
from events.registration import selectors
from tests.factories import RegistrationEventFactory, register, register_confirmed, series_with_dates

pytestmark = pytest.mark.django_db


def card_of(html, title):
    start = html.index(f">{title}<")
    return re.sub(r"\s+", " ", html[start : html.index("</article>", start)])


def fill(event, count, mode=Mode.ON_SITE, status=Registration.Status.CONFIRMED):
    """Add ``count`` registrations directly (fast); the services are tested elsewhere."""
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            mode=mode,
            status=status,
            name=f"Person {n}",
            email=f"{mode}-{status}-{n}@example.org",
            organisation="Landkreis Muster",
            function="Bildungsmanagement",
            confirmed_at=now,
            waitlisted_at=now if status == Registration.Status.WAITLISTED else None,
            privacy_notice_version=1,
            consent_given=True,
        )
        for n in range(count)
    )


@pytest.fixture
def events(agency):
    """Events built to tell the filter's cases apart (title: what sets it apart)."""
    full = RegistrationEventFactory(agency=agency, title="Voll", on_site_capacity=2)
    fill(full, 2)
    fill(full, 3, status=Registration.Status.WAITLISTED)
    one_left = RegistrationEventFactory(agency=agency, title="Ein Platz frei", on_site_capacity=3)
    fill(one_left, 2)
    fill(one_left, 4, status=Registration.Status.PENDING)  # unconfirmed: hold nothing
    hybrid_online_free = RegistrationEventFactory(
        agency=agency,
        title="Hybrid online frei",
        format=Event.Format.HYBRID,
        on_site_capacity=1,
        online_capacity=None,
    )
    fill(hybrid_online_free, 1)
    online_full = RegistrationEventFactory(
        agency=agency, title="Online voll", format=Event.Format.ONLINE, online_capacity=1
    )
    fill(online_full, 1, mode=Mode.ONLINE)
    closed = RegistrationEventFactory(
        agency=agency, title="Geschlossen", closes_at=timezone.now() - timedelta(hours=1)
    )
    approval = RegistrationEventFactory(
        agency=agency, title="Freigabe", on_site_capacity=2, requires_approval=True
    )
    fill(approval, 2, status=Registration.Status.AWAITING_APPROVAL)  # reserved seats count as taken
    without = RegistrationEventFactory(agency=agency, title="Ohne Anmeldung")
    RegistrationOptions.objects.filter(event=without).delete()
    return {e.title: e for e in (full, one_left, hybrid_online_free, online_full, closed, approval, without)}


def test_cards_show_free_seats_per_mode(client, events):
    html = client.get("/veranstaltungen/").content.decode()
    assert "Vor Ort: ausgebucht – Warteliste" in card_of(html, "Voll")
    assert "Vor Ort: noch 1 Platz frei" in card_of(html, "Ein Platz frei")
    hybrid = card_of(html, "Hybrid online frei")
    assert "Vor Ort: ausgebucht" in hybrid and "Online: Plätze unbegrenzt" in hybrid
    assert "Online: ausgebucht" in card_of(html, "Online voll")
    assert "Vor Ort: ausgebucht" in card_of(html, "Freigabe")
    assert "Plätze" not in card_of(html, "Ohne Anmeldung")


def test_detail_page_counts_agree_with_the_cards(client, events):
    text = re.sub(r"\s+", " ", client.get(events["Ein Platz frei"].get_absolute_url()).content.decode())
    assert "Vor Ort: noch 1 Platz frei" in text


def test_filter_only_with_free_seats(client, events):
    html = client.get("/veranstaltungen/?free=on").content.decode()
    shown = set(re.findall(r'card-title[^>]*><a href="[^"]+">([^<]+)<', html))
    assert shown == {"Ein Platz frei", "Hybrid online frei"}
    assert "Nur mit freien Plätzen: ja" in re.sub(r"\s+", " ", html)  # shown as a removable filter


def test_free_seats_selector_matches_the_services(agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=2)
    register_confirmed(event, 1)
    register(event, 2)
    one = selectors.with_seats(Event.objects.filter(pk=event.pk))
    assert one.get().seats_on_site_free == 1
    assert selectors.with_free_seats_only(one).exists()
    register_confirmed(event, 3)
    assert one.get().seats_on_site_free == 0
    assert not selectors.with_free_seats_only(one).exists()


def _many(agency, count):
    for number in range(count):
        event = RegistrationEventFactory(
            agency=agency, title=f"Veranstaltung {number}", format=Event.Format.HYBRID, online_capacity=20
        )
        fill(event, number % 12)
        fill(event, 3, mode=Mode.ONLINE)


@pytest.mark.parametrize("size", [3, 40])
def test_list_and_filter_run_a_constant_number_of_queries(
    client, agency, django_assert_max_num_queries, size
):
    _many(agency, size)
    # +2 on the first page of a content version: the agencies and topic names it keeps (kept_per_version).
    with django_assert_max_num_queries(10):
        assert client.get("/veranstaltungen/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/veranstaltungen/?free=on").status_code == 200


@pytest.mark.parametrize("registrations", [1, 200])
def test_detail_page_runs_a_constant_number_of_queries(
    client, agency, django_assert_max_num_queries, registrations
):
    event = RegistrationEventFactory(
        agency=agency, format=Event.Format.HYBRID, on_site_capacity=500, online_capacity=None
    )
    fill(event, registrations)
    fill(event, registrations, mode=Mode.ONLINE)
    with django_assert_max_num_queries(12):
        assert client.get(event.get_absolute_url()).status_code == 200
    # The event with its options, the seats; the agencies, kept per content version, on a first visit.
    with django_assert_max_num_queries(3):
        assert client.get(f"/anmeldung/{event.slug}/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"/anmeldung/{event.slug}/").status_code == 200


def test_series_form_offers_all_dates(client, agency):
    series, dates = series_with_dates(agency, dates=2)
    html = client.get(f"/anmeldung/{dates[0].slug}/").content.decode()
    assert "Für alle kommenden Termine dieser Reihe anmelden" in html


def test_home_and_agency_page_count_the_seats_of_their_kept_events_on_every_visit(client, agency, settings):
    """The next events are kept per content version, their seats are not: a registration (no content
    change) shows on the next visit."""
    settings.PAGE_CACHE_ENABLED = False
    event = RegistrationEventFactory(agency=agency, title="Fachtag Monitoring", on_site_capacity=5)
    for url in ("/", agency.get_absolute_url()):
        assert "noch 5 Plätze frei" in card_of(client.get(url).content.decode(), "Fachtag Monitoring")
    fill(event, 4)
    for url in ("/", agency.get_absolute_url()):
        assert "noch 1 Platz frei" in card_of(client.get(url).content.decode(), "Fachtag Monitoring")


def test_event_page_tells_the_seats_and_the_way_to_register_of_now(client, agency, settings):
    """The registration call is rendered once per content version, state and free seats: a
    registration (no content change) shows on the next visit, and so does a booked-up event."""
    settings.PAGE_CACHE_ENABLED = False
    event = RegistrationEventFactory(agency=agency, title="Fachtag Monitoring", on_site_capacity=2)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "noch 2 Plätze frei" in html and ">Anmelden</a>" in html
    fill(event, 1)
    assert "noch 1 Platz frei" in client.get(event.get_absolute_url()).content.decode()
    fill(event, 1, status=Registration.Status.AWAITING_APPROVAL)  # holds a seat too
    html = client.get(event.get_absolute_url()).content.decode()
    assert "ausgebucht – Warteliste" in html and ">Auf die Warteliste</a>" in html


def test_a_card_shown_again_tells_the_seats_and_title_of_now(client, agency, settings):
    """Cards are rendered once per content version and seat count: a new registration (no content
    change) and a renamed event (a content change) both show on the next visit of the list."""
    settings.PAGE_CACHE_ENABLED = False
    event = RegistrationEventFactory(agency=agency, title="Fachtag Monitoring", on_site_capacity=5)
    fill(event, 2)
    assert "noch 3 Plätze frei" in card_of(
        client.get("/veranstaltungen/").content.decode(), "Fachtag Monitoring"
    )

    fill(event, 2, status=Registration.Status.AWAITING_APPROVAL)  # awaiting approval: holds a seat too
    assert "noch 1 Platz frei" in card_of(
        client.get("/veranstaltungen/").content.decode(), "Fachtag Monitoring"
    )
    assert "noch 1 Platz frei" in card_of(client.get("/").content.decode(), "Fachtag Monitoring")

    event.title = "Fachtag Bildungsmonitoring"
    event.save()
    html = client.get("/veranstaltungen/").content.decode()
    assert "Fachtag Bildungsmonitoring" in card_of(html, "Fachtag Bildungsmonitoring")
    assert ">Fachtag Monitoring<" not in html


def test_agency_page_cards_tell_the_seats_of_now_and_leave_when_the_event_has_ended(client, agency, settings):
    """The agency page's upcoming events are kept per content version, their seats counted on every
    visit: a registration (no content change) shows at once, a cancellation (a save) too, and an event
    that has ended leaves the page at its end (a scheduled change) without any save."""
    settings.PAGE_CACHE_ENABLED = False
    event = RegistrationEventFactory(agency=agency, title="Fachtag Monitoring", on_site_capacity=5)
    later = RegistrationEventFactory(agency=agency, title="Fachtag Später", starts_in=timedelta(days=20))
    fill(event, 2)
    page = agency.get_absolute_url()
    assert "noch 3 Plätze frei" in card_of(client.get(page).content.decode(), "Fachtag Monitoring")

    fill(event, 2, status=Registration.Status.AWAITING_APPROVAL)
    assert "noch 1 Platz frei" in card_of(client.get(page).content.decode(), "Fachtag Monitoring")
    assert "noch 1 Platz frei" in card_of(client.get("/").content.decode(), "Fachtag Monitoring")

    later.status = Event.Status.CANCELLED
    later.save()
    assert "Diese Veranstaltung wurde abgesagt." in card_of(
        client.get(page).content.decode(), "Fachtag Später"
    )

    with time_machine.travel(event.ends_at + timedelta(minutes=1)):
        html = client.get(page).content.decode()
    assert ">Fachtag Monitoring<" not in html and ">Fachtag Später<" in html
