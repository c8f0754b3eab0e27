import datetime
import re

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone

from agencies.selectors import agency_get
from events.models import Event
from municipalities.models import Municipality
from municipalities.selectors import AGENCY_PARTNERS_SHOWN, states_by_id
from municipalities.services import import_gv100ad, partnership_create, partnership_end
from tests.factories import AgencyFactory, EventFactory, PressReleaseFactory, VenueFactory, build_directory

pytestmark = pytest.mark.django_db

# Counted on the second visit: the municipality with state and Kreis; today's partnerships are kept,
# its partnerships, members, events and press releases rendered once per content version
PROFILE_MAX_QUERIES = 1
# none on the second visit: the counts (with the agencies, their states and the Bundesländer) are kept
# per content version and day
OVERVIEW_MAX_QUERIES = 0


def test_profile_shows_partnerships_over_time_newest_first(client, demo_site):
    response = client.get("/kommunen/14729/")

    content = response.content.decode()
    assert "<h1>Landkreis Leipzig</h1>" in content
    assert "14729" in content and "257.763" in content and "1.651,30 km²" in content
    history = re.findall(r"(Seit \d\d\.\d\d\.\d{4}|\d\d\.\d\d\.\d{4} bis \d\d\.\d\d\.\d{4}):", content)
    assert history == ["Seit 01.01.2017", "01.06.2015 bis 31.12.2016"]
    assert "Bildung integriert" in content
    assert "Schwerpunkt: Übergang von der Schule in den Beruf." in content


def test_profile_of_a_kreis_lists_its_gemeinden_and_a_gemeinde_links_its_kreis(client, gv100ad_sample):
    import_gv100ad(path=gv100ad_sample)

    kreis = client.get("/kommunen/16071/").content.decode()
    assert "Kreisangehörige Städte und Gemeinden" in kreis
    for name in ["Apolda, Stadt", "Bad Berka, Stadt", "Blankenhain, Stadt"]:
        assert name in kreis

    gemeinde = client.get("/kommunen/16071001/").content.decode()
    assert '<a href="/kommunen/16071/">Landkreis Weimarer Land</a>' in gemeinde


def test_profile_lists_upcoming_events_of_its_agency_and_in_its_state(client, landkreis):
    partner_agency = AgencyFactory(slug="partner", states=["14"])
    state_agency = AgencyFactory(slug="land", states=["16"])
    elsewhere = AgencyFactory(slug="fern", states=["01"])
    # A superuser's exception to the Bundesland rule keeps the partner's events apart from the state's.
    partnership_create(
        municipality=landkreis,
        agency=partner_agency,
        status="kooperationskommune",
        since=datetime.date(2020, 1, 1),
        allow_other_states=True,
    )
    now = timezone.now()
    in_state = VenueFactory(
        agency=elsewhere, name="Haus", street="Weg 1", postcode="99423", city="Weimar", state=landkreis.state
    )

    def event(title, agency, *, days=10, status=Event.Status.PUBLISHED, venue=None):
        EventFactory(
            agency=agency,
            title=title,
            slug=title.lower().replace(" ", "-"),
            kind="workshop",
            format=Event.Format.ONLINE if venue is None else Event.Format.ON_SITE,
            starts_at=now + datetime.timedelta(days=days),
            ends_at=now + datetime.timedelta(days=days, hours=3),
            teaser="Test",
            status=status,
            venue=venue,
        )

    event("Workshop der Partneragentur", partner_agency)
    event("Fachtag der Landesagentur", state_agency, days=12)
    event("Austausch in Weimar", elsewhere, days=14, venue=in_state)
    event("Fremder Workshop", elsewhere)
    event("Entwurf", partner_agency, status=Event.Status.DRAFT)
    event("Vergangen", partner_agency, days=-3)

    content = client.get("/kommunen/16071/").content.decode()

    shown = re.findall(r'<p class="mb-0 fw-bold">(?:<a [^>]+>)?([^<]+)', content)
    assert shown == ["Workshop der Partneragentur", "Fachtag der Landesagentur", "Austausch in Weimar"]


def test_profile_shows_changed_partnerships_and_members_at_once_and_the_current_one_by_the_day(
    client, landkreis, settings
):
    settings.PAGE_CACHE_ENABLED = False
    first = AgencyFactory(name="Erste Agentur", short_name="Erste", slug="erste", states=["16"])
    second = AgencyFactory(name="Zweite Agentur", short_name="Zweite", slug="zweite", states=["16"])
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    url = landkreis.get_absolute_url()
    assert "keine Partnerschaft mit einer Transferagentur eingetragen" in client.get(url).content.decode()

    partnership_create(
        municipality=landkreis,
        agency=first,
        status="interessiert",
        since=datetime.date(2020, 1, 1),
        until=today,
    )
    partnership_create(municipality=landkreis, agency=second, status="transferkommune", since=tomorrow)
    Municipality.objects.create(
        key="16071001", name="Am Ettersberg", kind="gemeinde", state=landkreis.state, parent=landkreis
    )
    content = client.get(url).content.decode()
    assert "der Erste\n</p>" in content
    current = re.search(r'<li class="partnership partnership-current">.*?</li>', content, re.S).group()
    assert "Erste Agentur" in current and "(aktuell)" in current
    assert "Am Ettersberg" in content and "1 Kommune ist im Verzeichnis eingetragen." in content

    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9)))):
        content = client.get(url).content.decode()
    assert "der Zweite\n</p>" in content
    current = re.search(r'<li class="partnership partnership-current">.*?</li>', content, re.S).group()
    assert "Zweite Agentur" in current and "(aktuell)" in current


def test_profile_shows_a_new_event_and_release_at_once_and_an_event_no_more_once_it_started(
    client, landkreis, settings
):
    settings.PAGE_CACHE_ENABLED = False
    agency = AgencyFactory(slug="land", states=["16"])
    url = landkreis.get_absolute_url()
    content = client.get(url).content.decode()
    assert "Derzeit sind keine passenden Veranstaltungen angekündigt." in content
    assert "presse-titel" not in content

    starts_at = timezone.now() + datetime.timedelta(hours=2)
    EventFactory(agency=agency, title="Fachtag im Land", starts_at=starts_at)
    release = PressReleaseFactory(agency=agency, headline="Neues aus dem Weimarer Land")
    release.related_municipalities.set([landkreis])
    content = client.get(url).content.decode()
    assert "Fachtag im Land" in content and "Neues aus dem Weimarer Land" in content

    with time_machine.travel(starts_at + datetime.timedelta(minutes=1)):
        content = client.get(url).content.decode()
    assert "Fachtag im Land" not in content and "Neues aus dem Weimarer Land" in content


def test_unknown_or_malformed_keys_answer_not_found(client, landkreis):
    assert client.get("/kommunen/16099/").status_code == 404
    assert client.get("/kommunen/1607/").status_code == 404


@pytest.mark.parametrize("size", [50, 2000])
def test_profile_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, size, settings):
    settings.PAGE_CACHE_ENABLED = False
    kreis, _agencies = build_directory(size)
    client.get(kreis.get_absolute_url())
    with django_assert_max_num_queries(PROFILE_MAX_QUERIES):
        response = client.get(kreis.get_absolute_url())
    assert response.status_code == 200
    assert "Fachtag 0" in response.content.decode()
    assert "Pressemitteilungen" in response.content.decode()
    assert f"{kreis.members.count()} Kommunen sind im Verzeichnis eingetragen" in response.content.decode()
    member = kreis.members.first()
    client.get(member.get_absolute_url())
    with django_assert_max_num_queries(PROFILE_MAX_QUERIES):
        assert client.get(member.get_absolute_url()).status_code == 200


def test_overview_counts_partners_per_agency_and_state_as_chart_and_table(client, demo_site):
    response = client.get("/kommunen/uebersicht/")

    content = response.content.decode()
    assert 'role="img"' in content
    assert '<title id="chart-transmit-title">Partnerkommunen der TransMit je Bundesland</title>' in content
    assert "Sachsen: 1; Sachsen-Anhalt: 2; Thüringen: 2" in content
    table_row = re.search(r"Thüringen</a></th>(.*?)</tr>", content, re.S).group(1)
    assert re.findall(r">(\d+)</td>", table_row) == ["0", "2", "0", "2"]
    assert "Derzeit arbeiten 15 Kommunen" in content  # the ended NRW partnership is not counted


@pytest.mark.parametrize("size", [50, 2000])
def test_overview_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, size, settings):
    settings.PAGE_CACHE_ENABLED = False
    build_directory(size)
    client.get("/kommunen/uebersicht/")
    with django_assert_max_num_queries(OVERVIEW_MAX_QUERIES):
        response = client.get("/kommunen/uebersicht/")
    assert f"Derzeit arbeiten {-(-size // 5)} Kommunen" in response.content.decode()


def test_overview_counts_a_new_partnership_at_once_and_one_from_its_first_day(client, landkreis, settings):
    settings.PAGE_CACHE_ENABLED = False
    agency = AgencyFactory(short_name="ThEKiZ", slug="thekiz", states=["16"])
    assert "Derzeit arbeiten 0 Kommunen" in client.get("/kommunen/uebersicht/").content.decode()

    today = timezone.localdate()
    partnership_create(municipality=landkreis, agency=agency, status="interessiert", since=today)
    member = Municipality.objects.create(
        key="16071001", name="Am Ettersberg", kind="gemeinde", state=landkreis.state, parent=landkreis
    )
    tomorrow = today + datetime.timedelta(days=1)
    partnership_create(municipality=member, agency=agency, status="interessiert", since=tomorrow)
    assert "Derzeit arbeitet 1 Kommune" in client.get("/kommunen/uebersicht/").content.decode()

    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9)))):
        assert "Derzeit arbeiten 2 Kommunen" in client.get("/kommunen/uebersicht/").content.decode()


def test_agency_page_shows_its_partner_municipalities_and_counts_per_state(client, demo_site):
    response = client.get("/transferagenturen/transmit/")

    content = response.content.decode()
    assert "Partnerkommunen" in content
    assert "Sachsen-Anhalt</a>: 2 Partnerkommunen" in content
    assert "Sachsen</a>: 1 Partnerkommune" in content
    for name in ["Halle (Saale), Stadt", "Jena, Stadt", "Landkreis Leipzig", "Saalekreis", "Weimarer Land"]:
        assert name in content
    # The other agencies' partners stay on their pages.
    assert "München" not in content


def test_agency_page_with_a_served_state_without_partners_shows_zero(client, agency):
    response = client.get(agency.get_absolute_url())
    content = response.content.decode()
    assert "Derzeit sind keine Partnerkommunen eingetragen." in content
    assert "Thüringen</a>: 0 Partnerkommunen" in content


@pytest.mark.parametrize("enabled", [False, True])
def test_agency_page_shows_a_new_and_an_ended_partnership_at_once(
    client, agency, landkreis, settings, enabled
):
    """The partners are kept per content version and the section rendered once per version: every
    save of a partnership is a new one."""
    settings.PAGE_CACHE_ENABLED = enabled
    client.get(agency.get_absolute_url())
    partnership = partnership_create(
        municipality=landkreis, agency=agency, status="transferkommune", since=datetime.date(2020, 1, 1)
    )

    content = client.get(agency.get_absolute_url()).content.decode()
    assert "Derzeit arbeitet 1 Kommune mit dieser Transferagentur zusammen." in content
    assert "Thüringen</a>: 1 Partnerkommune<" in content
    assert '<a href="/kommunen/16071/">Landkreis Weimarer Land</a>' in content

    partnership_end(partnership=partnership, until=timezone.localdate())
    content = client.get(agency.get_absolute_url()).content.decode()
    assert "Derzeit sind keine Partnerkommunen eingetragen." in content
    assert "Weimarer Land" not in content


@pytest.mark.parametrize("enabled", [False, True])
def test_agency_page_shows_a_partnership_from_its_first_day_without_any_save(
    client, agency, landkreis, settings, enabled
):
    """Which partnerships run changes with the day alone: what is kept per version is kept per day
    too, and the start of a partnership is a scheduled change for the page cache."""
    settings.PAGE_CACHE_ENABLED = enabled
    today = timezone.localdate()
    partnership_create(
        municipality=landkreis,
        agency=agency,
        status="kooperationskommune",
        since=today + datetime.timedelta(days=1),
    )
    assert "Derzeit sind keine Partnerkommunen" in client.get(agency.get_absolute_url()).content.decode()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        content = client.get(agency.get_absolute_url()).content.decode()
    assert "Derzeit arbeitet 1 Kommune mit dieser Transferagentur zusammen." in content
    assert "Landkreis Weimarer Land" in content


@pytest.mark.parametrize("enabled", [False, True])
def test_pages_drop_a_partnership_the_day_after_its_last_without_any_save(
    client, agency, landkreis, settings, enabled
):
    """The end of a partnership is a scheduled change: a stored page (the chart holds no seats, which
    would give it a shorter life) is not shown on from before midnight."""
    settings.PAGE_CACHE_ENABLED = enabled
    today = timezone.localdate()
    partnership_create(
        municipality=landkreis,
        agency=agency,
        status="transferkommune",
        since=datetime.date(2020, 1, 1),
        until=today,
    )
    # Two minutes before midnight and one after: well within the time a stored page lasts.
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    with time_machine.travel(midnight + datetime.timedelta(days=1, minutes=-2)):
        assert "Derzeit arbeitet 1 Kommune" in client.get("/kommunen/uebersicht/").content.decode()
        assert "Landkreis Weimarer Land" in client.get(agency.get_absolute_url()).content.decode()
    with time_machine.travel(midnight + datetime.timedelta(days=1, minutes=1)):
        chart = client.get("/kommunen/uebersicht/").content.decode()
        agency_page = client.get(agency.get_absolute_url()).content.decode()
    assert "Derzeit arbeitet 1 Kommune" not in chart
    assert "Derzeit sind keine Partnerkommunen eingetragen." in agency_page


def test_display_name_adds_the_kind_only_where_the_name_lacks_it(thuringia):
    def make(name, designation):
        return Municipality(name=name, kind="landkreis", designation=designation, state=thuringia)

    assert make("Leipzig", "Landkreis").display_name == "Landkreis Leipzig"
    assert make("Kleve", "Kreis").display_name == "Kreis Kleve"
    assert make("Saale-Orla-Kreis", "Landkreis").display_name == "Saale-Orla-Kreis"
    assert make("Region Hannover", "Landkreis").display_name == "Region Hannover"


@pytest.mark.parametrize("size", [50, 2000])
def test_agency_partner_section_runs_a_constant_number_of_queries(django_assert_max_num_queries, size):
    _kreis, agencies = build_directory(size)
    section = Template("{% load municipality_tags %}{% partner_municipalities agency %}")
    # The agency with its states as the agency page reads it, and the Bundesländer: both kept.
    agency = agency_get(slug=agencies[0].slug)
    states_by_id()
    # the count per Bundesland and the newest partnerships, on the first render of a content version
    with django_assert_max_num_queries(2):
        html = section.render(Context({"agency": agency}))
    assert "Thüringen</a>: " in html
    with django_assert_max_num_queries(0):
        assert section.render(Context({"agency": agency})) == html


def test_agency_page_with_many_partners_shows_the_newest_and_links_the_directory_for_all(client):
    _kreis, agencies = build_directory(2000)
    agency = agencies[0]
    newest = Municipality.objects.get(key="16001001")
    partnership_create(
        municipality=newest, agency=agency, status="kooperationskommune", since=timezone.localdate()
    )

    content = client.get(agency.get_absolute_url()).content.decode()

    assert "Derzeit arbeiten 201 Kommunen" in content
    assert "Thüringen</a>: 201 Partnerkommunen" in content
    assert "Neueste Partnerkommunen" in content and "Alle Partnerkommunen</h3>" not in content
    shown = re.findall(r'<li><a href="/kommunen/(\d+)/">', content)
    assert len(shown) == AGENCY_PARTNERS_SHOWN and shown[0] == "16001001"
    assert (
        f'<a href="/kommunen/?agentur={agency.slug}">Alle 201 Partnerkommunen im Verzeichnis ansehen</a>'
        in content
    )
