import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import RegistrationEventFactory, in_days, register_confirmed

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:list")


def test_list_shows_upcoming_events_with_date_line_badges_and_agency(client, make_event):
    make_event(title="Bildung unter einem Dach", starts_at=in_days(3, hour=10), format=Event.Format.HYBRID)
    html = client.get(LIST_URL).content.decode()
    assert "Bildung unter einem Dach" in html
    assert "10:00–16:00 Uhr" in html
    assert "Hybrid" in html
    assert "Fachtag" in html
    assert "Hessen" in html
    assert "1 Veranstaltung" in html


def test_drafts_and_past_events_are_not_listed(client, make_event):
    make_event(title="Geheimer Entwurf", status=Event.Status.DRAFT)
    make_event(title="Längst vorbei", starts_at=in_days(-30))
    html = client.get(LIST_URL).content.decode()
    assert "Geheimer Entwurf" not in html
    assert "Längst vorbei" not in html


def test_cancelled_and_postponed_events_carry_a_visible_notice(client, make_event):
    make_event(title="Fällt aus", status=Event.Status.CANCELLED)
    make_event(title="Kommt später", status=Event.Status.POSTPONED)
    html = client.get(LIST_URL).content.decode()
    assert "Diese Veranstaltung wurde abgesagt." in html
    assert "Diese Veranstaltung wird verschoben." in html


@pytest.mark.parametrize(
    "query",
    [
        "start=32.13.2020",
        "end=31.02.2021",
        "agency=notaslug",
        "state=%3Cscript%3E",
        "format=hologramm",
        "page=999999",
        "page=-1",
        "page=abc",
        "q=" + "x" * 5000,
        "agency=" + "a" * 5000,
        "unknown=1&foo[]=bar",
        "start=03.12.2030&end=01.12.2030",
        "topic=%00",
    ],
)
def test_malformed_input_never_fails(client, make_event, query):
    make_event()
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200


def test_invalid_date_is_reported_in_the_page_and_keeps_what_was_typed(client, make_event):
    make_event()
    html = client.get(LIST_URL, {"start": "32.13.2020", "q": "Planung"}).content.decode()
    assert 'role="alert"' in html
    assert "Bitte prüfen Sie Ihre Angaben im Filter." in html
    assert "Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ ein" in html
    assert 'value="32.13.2020"' in html
    assert 'value="Planung"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_start_error id_start_helptext"' in html


def test_unknown_agency_is_a_form_error(client, make_event):
    make_event()
    response = client.get(LIST_URL, {"agency": "notaslug"})
    assert response.context["filter"].errors["agency"]
    assert list(response.context["events"]) == []


def test_too_long_search_is_a_form_error_not_a_crash(client, make_event):
    make_event()
    response = client.get(LIST_URL, {"q": "x" * 5000})
    assert "q" in response.context["filter"].errors
    assert "höchstens 200 Zeichen" in response.content.decode()


def test_unknown_parameters_are_ignored(client, make_event):
    event = make_event()
    response = client.get(LIST_URL, {"utm_source": "newsletter", "sort": "title"})
    assert list(response.context["events"]) == [event]
    assert response.context["active_filters"] == []


def test_pages_of_ten_and_a_page_far_beyond_shows_the_last(client, make_event):
    for number in range(23):
        make_event(title=f"Termin {number:02d}", starts_at=in_days(1 + number))
    first = client.get(LIST_URL)
    assert len(first.context["events"]) == 10
    assert "Seite 1 von 3" in first.content.decode()
    beyond = client.get(LIST_URL, {"page": "999999"})
    assert beyond.context["page_obj"].number == 3
    assert [event.title for event in beyond.context["events"]] == ["Termin 20", "Termin 21", "Termin 22"]


def test_pagination_links_keep_the_filter(client, make_event):
    for number in range(12):
        make_event(format=Event.Format.ONLINE, starts_at=in_days(1 + number))
    html = client.get(LIST_URL, {"format": "online"}).content.decode()
    assert 'href="?format=online&amp;page=2"' in html


def test_active_filters_are_chips_that_remove_just_themselves(client, make_event, hessen, topic):
    make_event(topics=[topic])
    response = client.get(LIST_URL, {"agency": "hessen", "topic": "bildungsmonitoring", "page": "1"})
    chips = {chip["name"]: chip for chip in response.context["active_filters"]}
    assert chips["agency"]["value"] == "Hessen"
    assert chips["agency"]["query"] == "topic=bildungsmonitoring"
    assert chips["topic"]["query"] == "agency=hessen"
    html = response.content.decode()
    assert "Transferagentur: Hessen" in html
    assert "Filter entfernen" in html
    assert "Alle Filter zurücksetzen" in html


def test_date_chip_reads_german(client, make_event):
    make_event()
    day = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    response = client.get(LIST_URL, {"start": day})
    assert response.context["active_filters"][0]["value"] == day


def test_empty_result_says_so_and_offers_reset(client, make_event):
    make_event()
    html = client.get(LIST_URL, {"format": "hybrid"}).content.decode()
    assert "0 Veranstaltungen" in html
    assert "Zu Ihrer Auswahl gibt es zurzeit keine kommenden Veranstaltungen." in html
    assert f'href="{LIST_URL}">Alle Filter zurücksetzen' in html


def test_no_events_at_all_says_none_are_planned(client, db):
    html = client.get(LIST_URL).content.decode()
    assert "Zurzeit sind keine Veranstaltungen geplant." in html


def test_filter_form_is_labelled_and_grouped(client, db):
    html = client.get(LIST_URL).content.decode()
    assert '<label class="form-label" for="id_start">Von</label>' in html
    assert "<legend" in html and "Zeitraum" in html
    assert '<button type="submit" class="btn btn-primary">Filter anwenden</button>' in html


def test_feed_links_carry_the_filter_but_not_the_page(client, make_event, settings):
    settings.SITE_URL = "https://portal.example.org"
    make_event(format=Event.Format.HYBRID)
    response = client.get(LIST_URL, {"format": "hybrid", "agency": "hessen", "page": "1"})
    assert response.context["feed_url"] == (
        "https://portal.example.org/veranstaltungen/kalender.ics?format=hybrid&agency=hessen"
    )
    assert response.context["webcal_url"].startswith(
        "webcal://portal.example.org/veranstaltungen/kalender.ics?"
    )
    assert "Kalender abonnieren" in response.content.decode()


def build(make_event, count, topics, groups, nrw):
    for number in range(count):
        make_event(
            starts_at=in_days(1 + number % 60),
            topics=topics,
            target_groups=groups,
            co_agencies=[nrw] if number % 2 else [],
            status=Event.Status.CANCELLED if number % 7 == 0 else Event.Status.PUBLISHED,
        )


@pytest.mark.parametrize("count", [5, 200])
def test_list_runs_a_constant_number_of_queries(
    client, make_event, topic, other_topic, group, nrw, count, django_assert_max_num_queries
):
    build(make_event, count, [topic, other_topic], [group], nrw)
    # +3 on the first page of a content version: the agencies, the topics and their names it keeps
    # (kept_per_version); +4 where the filter form is rendered for the first time (its choices).
    with django_assert_max_num_queries(11):
        response = client.get(
            LIST_URL, {"agency": "hessen", "state": "hessen", "topic": "bildungsmonitoring"}
        )
    assert response.status_code == 200
    assert len(response.context["events"]) == min(count, 10)
    with django_assert_max_num_queries(7):
        assert client.get(LIST_URL).status_code == 200


def test_date_help_gives_an_example_from_next_month(client, db):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        html = client.get(reverse("events:list")).content.decode()

    assert "Format: TT.MM.JJJJ, zum Beispiel 15.01.2027" in html
    assert "03.12.2020" not in html


def test_the_cards_word_seats_deadline_and_link_to_the_form(client, db):
    full = RegistrationEventFactory(
        title="Voller Fachtag", format="hybrid", on_site_capacity=1, online_capacity=None
    )
    register_confirmed(full)

    html = " ".join(client.get(reverse("events:list")).content.decode().split())

    assert "Vor Ort: ausgebucht – Warteliste" in html
    assert "Online: Plätze unbegrenzt" in html
    closes = full.registration_options.effective_closes_at
    assert f"Anmeldung bis {timezone.localtime(closes):%d.%m.%Y}" in html
    assert f'href="{reverse("registration:register", args=[full.slug])}"' in html
