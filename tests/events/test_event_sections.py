"""The upcoming-events sections on the home page and on each agency's page."""

import pytest

from events.models import Event
from tests.factories import in_days

pytestmark = pytest.mark.django_db


def test_home_shows_the_next_three_events_across_agencies(client, make_event, nrw):
    make_event(title="Erster Termin", starts_at=in_days(2))
    make_event(title="Zweiter Termin", starts_at=in_days(4), agency=nrw)
    make_event(title="Dritter Termin", starts_at=in_days(6))
    make_event(title="Vierter Termin", starts_at=in_days(8))
    make_event(title="Entwurf", starts_at=in_days(1), status=Event.Status.DRAFT)
    html = client.get("/").content.decode()
    assert "Kommende Veranstaltungen" in html
    assert "Erster Termin" in html and "Zweiter Termin" in html and "Dritter Termin" in html
    assert "Vierter Termin" not in html
    assert "Entwurf" not in html
    assert 'href="/veranstaltungen/">Alle Veranstaltungen' in html


def test_agency_page_shows_its_own_and_co_organised_events(client, make_event, hessen, nrw):
    make_event(title="Eigener Fachtag")
    make_event(title="Gemeinsame Tagung", agency=nrw, co_agencies=[hessen])
    make_event(title="Fremder Workshop", agency=nrw)
    html = client.get(hessen.get_absolute_url()).content.decode()
    assert "Eigener Fachtag" in html and "Gemeinsame Tagung" in html
    assert "Fremder Workshop" not in html
    assert 'href="/veranstaltungen/?agency=hessen"' in html


def test_agency_without_events_says_so(client, hessen):
    assert (
        "Zurzeit sind keine Veranstaltungen geplant."
        in client.get(hessen.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("count", [5, 200])
def test_sections_run_a_constant_number_of_queries(
    client, make_event, hessen, nrw, topic, count, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False
    for number in range(count):
        make_event(
            starts_at=in_days(1 + number % 30), topics=[topic], co_agencies=[nrw] if number % 2 else []
        )
    # Counted on the second visit: the reference data kept per content version is read on the first,
    # and so are the next events and releases; only the seats are counted on every visit.
    client.get("/")
    with django_assert_max_num_queries(1):
        assert client.get("/").status_code == 200
    client.get(nrw.get_absolute_url())
    with django_assert_max_num_queries(3):
        assert client.get(nrw.get_absolute_url()).status_code == 200
