"""Which releases the public sees, and when: the clock decides, no job publishes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from agencies.press import services as press_services
from tests.factories import DRAFT, SCHEDULED, WITHDRAWN, AgencyFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2024, 5, 6, 9, 0, tzinfo=BERLIN)


def _visible_everywhere(client, release):
    """Return where the release shows up: list, detail, both feeds."""
    return {
        "list": release.headline in client.get("/presse/").content.decode(),
        "detail": client.get(release.get_absolute_url()).status_code == 200,
        "rss": release.headline in client.get("/presse/feed/rss/").content.decode(),
        "atom": release.headline in client.get("/presse/feed/atom/").content.decode(),
        "agency_feed": release.headline
        in client.get(f"/presse/feed/{release.agency.slug}/atom/").content.decode(),
        "home": release.headline in client.get("/").content.decode(),
        "agency": release.headline in client.get(release.agency.get_absolute_url()).content.decode(),
    }


def _scheduled_two_hours_ahead(agency):
    return PressReleaseFactory(
        agency=agency, status=SCHEDULED, published_at=NOW + timedelta(hours=2), headline="Geplante Mitteilung"
    )


@pytest.fixture
def hessen(db):
    return AgencyFactory(slug="hessen")


def test_scheduled_release_stays_hidden_until_its_time_and_then_appears_on_its_own(client, hessen):
    with time_machine.travel(NOW, tick=False):
        release = _scheduled_two_hours_ahead(hessen)
        assert not any(_visible_everywhere(client, release).values())
        assert client.get(release.get_absolute_url()).status_code == 404

    with time_machine.travel(NOW + timedelta(hours=2, minutes=1), tick=False):
        assert all(_visible_everywhere(client, release).values())


def test_draft_is_absent_everywhere_even_when_its_date_has_passed(client, hessen):
    with time_machine.travel(NOW, tick=False):
        release = PressReleaseFactory(
            agency=hessen, status=DRAFT, published_at=NOW - timedelta(days=3), headline="Nur ein Entwurf"
        )
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        assert not any(_visible_everywhere(client, release).values())
        assert client.get(release.get_absolute_url()).status_code == 404


def test_published_release_is_visible_everywhere(client, hessen):
    release = PressReleaseFactory(agency=hessen, headline="Erschienene Mitteilung")
    assert all(_visible_everywhere(client, release).values())


def test_withdrawn_release_answers_410_with_a_page_that_says_so(client, hessen):
    release = PressReleaseFactory(agency=hessen, headline="Falsche Zahlen")
    press_services.press_release_withdraw(release=release, note="Die Teilnehmerzahl war falsch angegeben.")

    response = client.get(release.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert "Diese Pressemitteilung wurde zurückgezogen" in page
    assert "Die Teilnehmerzahl war falsch angegeben." in page
    assert '<meta name="robots" content="noindex">' in page
    assert "Falsche Zahlen" not in client.get("/presse/").content.decode()
    assert "Falsche Zahlen" not in client.get("/presse/feed/rss/").content.decode()


@pytest.mark.parametrize("enabled", [False, True])
def test_agency_page_shows_a_new_and_a_withdrawn_release_at_once(client, hessen, settings, enabled):
    """The agency's latest releases are kept per content version: publishing and withdrawing are new ones."""
    settings.PAGE_CACHE_ENABLED = enabled
    client.get(hessen.get_absolute_url())
    release = PressReleaseFactory(agency=hessen, headline="Neue Mitteilung")
    assert "Neue Mitteilung" in client.get(hessen.get_absolute_url()).content.decode()

    press_services.press_release_withdraw(release=release, note="Versehentlich veröffentlicht.")
    assert "Neue Mitteilung" not in client.get(hessen.get_absolute_url()).content.decode()


def test_withdrawn_releases_attachments_are_gone_too(client, hessen):
    release = PressReleaseFactory(agency=hessen, status=WITHDRAWN)
    assert client.get(f"{release.get_absolute_url()}anhang/1/").status_code == 404


def test_joint_release_shows_on_each_supporting_agencys_page_and_feed(client, hessen):
    nrw = AgencyFactory(slug="nrw")
    release = PressReleaseFactory(agency=hessen, headline="Gemeinsam mit NRW")
    release.supporting_agencies.add(nrw)

    assert "Gemeinsam mit NRW" in client.get(f"/transferagenturen/{nrw.slug}/").content.decode()
    assert "Gemeinsam mit NRW" in client.get("/presse/feed/nrw/rss/").content.decode()
    assert "Gemeinsam mit NRW" in client.get("/presse/?agentur=nrw").content.decode()


@pytest.mark.parametrize("enabled", [False, True], ids=["page cache off", "page cache on"])
def test_press_lists_show_a_release_that_appears_or_is_withdrawn_on_the_next_visit(
    client, hessen, settings, enabled
):
    """The lists' ids and rows are kept per content version (agencies/press/selectors.py): a scheduled
    release reaching its time and a withdrawal are each a new one, in every filter."""
    settings.PAGE_CACHE_ENABLED = enabled
    urls = ["/presse/", "/presse/?agentur=hessen", "/presse/?q=Mitteilung", "/presse/?page=1"]
    with time_machine.travel(NOW, tick=False):
        release = _scheduled_two_hours_ahead(hessen)
        assert not any(release.headline in client.get(url).content.decode() for url in urls)
    with time_machine.travel(NOW + timedelta(hours=2, minutes=1), tick=False):
        assert all(release.headline in client.get(url).content.decode() for url in urls)
        press_services.press_release_withdraw(release=release, note="Falsches Datum genannt.")
        assert not any(release.headline in client.get(url).content.decode() for url in urls)
