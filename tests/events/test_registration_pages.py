"""The public registration pages: what a person sees for each outcome, never a 500, typed data kept."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, Mode, Registration, RegistrationOptions
from events.registration import services
from municipalities.models import FederalState
from tests.factories import (
    MunicipalityFactory,
    RegistrationEventFactory,
    deliver_outbox,
    delivering,
    register,
    register_confirmed,
    series_with_dates,
)

pytestmark = pytest.mark.django_db
S = Registration.Status
TYPED = {
    "name": "Erika Beispiel",
    "email": "erika.beispiel@example.org",
    "organisation": "Bildungsbüro Musterkreis",
    "function": "Bildungsmonitoring",
}


def form_data(**changes):
    return {**TYPED, "consent": "on", "notice_version": "1", **changes}


def register_url(event):
    return f"/anmeldung/{event.slug}/"


def post(client, event, **changes):
    return client.post(register_url(event), form_data(**changes))


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def assert_keeps_typed_data(response, **expected):
    html = response.content.decode()
    for name, value in {**TYPED, **expected}.items():
        assert f'name="{name}" value="{value}"' in html or re.search(
            rf'name="{name}"[^>]*value="{re.escape(value)}"', html
        ), name


def links_in(message):
    return re.findall(r"http://[^\s\"<]+", message.body)


def path_of(url):
    return "/" + url.split("/", 3)[3]


# --- the happy path ------------------------------------------------------------------------


def test_event_page_leads_to_the_registration_page_with_seats_and_deadline(client, agency):
    event = RegistrationEventFactory(
        agency=agency, format=Event.Format.HYBRID, on_site_capacity=3, online_capacity=None
    )
    register_confirmed(event, 1)
    html = client.get(event.get_absolute_url()).content.decode()
    text = re.sub(r"\s+", " ", html)
    assert "Vor Ort: noch 2 Plätze frei" in text and "Online: Plätze unbegrenzt" in text
    closes = timezone.localtime(event.registration_options.effective_closes_at)
    assert f"Anmeldung bis {closes:%d.%m.%Y, %H:%M} Uhr" in text
    assert f'<a class="btn btn-primary btn-lg" href="{register_url(event)}">Anmelden</a>' in html
    assert 'method="post"' not in html and "Verbindlich anmelden" not in text


def test_a_full_event_page_leads_to_the_waiting_list(client, agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    register_confirmed(event, 1)
    text = page_text(client.get(event.get_absolute_url()))
    assert "Vor Ort: ausgebucht – Warteliste" in text
    assert f'href="{register_url(event)}">Auf die Warteliste</a>' in text
    assert ">Anmelden</a>" not in text


@pytest.mark.parametrize(
    ("options", "status", "message"),
    [
        ({"opens_at": timezone.now() + timedelta(days=3)}, "published", "Die Anmeldung ist ab"),
        ({"closes_at": timezone.now() - timedelta(hours=1)}, "published", "Die Anmeldung ist geschlossen."),
        ({}, "cancelled", "Die Veranstaltung wurde abgesagt; eine Anmeldung ist nicht mehr möglich."),
        ({}, "postponed", "Die Anmeldung ruht, bis der neue Termin feststeht."),
    ],
    ids=["not-open-yet", "closed", "cancelled", "postponed"],
)
def test_event_page_says_why_registration_is_not_open_and_offers_no_button(
    client, agency, options, status, message
):
    event = RegistrationEventFactory(agency=agency, status=status, **options)
    text = page_text(client.get(event.get_absolute_url()))
    assert message in text
    assert f'href="{register_url(event)}"' not in text


@pytest.mark.parametrize(
    "event_options", [{"enabled": False}, {"starts_in": -timedelta(days=2)}], ids=["no registration", "past"]
)
def test_event_page_without_registration_shows_no_registration(client, agency, event_options):
    event = RegistrationEventFactory(agency=agency, **event_options)
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and event.title in html
    assert 'id="anmeldung"' not in html and f'href="{register_url(event)}"' not in html


def test_registration_page_shows_the_event_the_form_the_privacy_notice_and_free_seats(client, agency):
    event = RegistrationEventFactory(
        agency=agency, format=Event.Format.HYBRID, on_site_capacity=3, online_capacity=None
    )
    register_confirmed(event, 1)
    text = page_text(client.get(register_url(event)))
    assert f"Anmeldung: {event.title}" in text
    assert f'<time datetime="{timezone.localtime(event.starts_at).isoformat()}">' in text
    assert f"Hybrid · {event.venue.name}, {event.venue.street}" in text
    assert f'<a href="{event.get_absolute_url()}">Zurück zur Veranstaltung</a>' in text
    assert "Vor Ort: noch 2 Plätze frei" in text and "Online: Plätze unbegrenzt" in text
    assert "Verbindlich anmelden" in text
    assert "Datenschutzhinweis zu dieser Veranstaltung" in text
    assert 'type="radio" class="form-check-input" name="mode"' in text


def test_only_one_mode_means_no_mode_choice(client, agency):
    event = RegistrationEventFactory(agency=agency, format=Event.Format.ONLINE, online_capacity=None)
    assert 'name="mode"' not in client.get(register_url(event)).content.decode()


def test_register_confirm_and_see_the_personal_page(client, agency, mailoutbox):
    event = RegistrationEventFactory(agency=agency, format=Event.Format.HYBRID, online_capacity=None)
    with delivering():
        response = post(client, event, mode=Mode.ONLINE)
    assert response.status_code == 302
    assert "Bitte bestätigen" in page_text(client.get(response["Location"]))

    confirm_url = next(link for link in links_in(mailoutbox[0]) if "/bestaetigen/" in link)
    assert "Anmeldung jetzt bestätigen" in page_text(client.get(path_of(confirm_url)))
    registration = Registration.objects.get()
    assert registration.status == S.PENDING  # a GET (e.g. a mail scanner) confirms nothing

    with delivering():
        response = client.post(path_of(confirm_url), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Bestätigt" in page_text(page) and "Ihr Platz ist reserviert" in page_text(page)
    assert page["Referrer-Policy"] == "same-origin" and "no-cache" in page["Cache-Control"]
    registration.refresh_from_db()
    assert registration.confirmed_from == "192.0.2.10"


def test_municipality_is_picked_from_the_directory(client, agency):
    halle = MunicipalityFactory(
        key="15002", name="Halle (Saale)", kind="kreisfreie-stadt", state=FederalState.objects.get(code="15")
    )
    event = RegistrationEventFactory(agency=agency)
    response = post(client, event, municipality="Halle (Saale) (15002)", organisation="")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.municipality == halle and registration.organisation == "Halle (Saale)"


def test_municipality_or_organisation_is_required(client, agency):
    event = RegistrationEventFactory(agency=agency)
    response = post(client, event, organisation="")
    assert response.status_code == 200
    assert "Bitte geben Sie Ihre Kommune oder Ihre Organisation an." in page_text(response)
    assert not Registration.objects.exists()


# --- every refusal: clear German message, no 500, typed data kept -----------------------------


def test_consent_missing(client, agency):
    event = RegistrationEventFactory(agency=agency)
    response = post(client, event, consent="")
    assert response.status_code == 200
    assert "Bitte stimmen Sie dem Datenschutzhinweis zu" in page_text(response)
    assert 'role="alert"' in response.content.decode()
    assert_keeps_typed_data(response)
    assert not Registration.objects.exists()


def test_honeypot_filled(client, agency):
    event = RegistrationEventFactory(agency=agency)
    response = post(client, event, website="http://spam.example.org")
    assert response.status_code == 200
    assert "muss leer bleiben" in page_text(response)
    assert_keeps_typed_data(response)
    assert not Registration.objects.exists()


def test_full_event_offers_the_waiting_list(client, agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    register_confirmed(event, 1)
    response = post(client, event)
    assert response.status_code == 200
    assert "Alle Plätze (Vor Ort) sind vergeben" in page_text(response)
    assert 'name="join_waitlist"' in response.content.decode()
    assert_keeps_typed_data(response)

    response = post(client, event, join_waitlist="on")
    assert response.status_code == 302
    assert Registration.objects.get(email=TYPED["email"]).status == S.PENDING


def test_duplicate_email_says_so_and_offers_to_resend_the_link(client, agency, mailoutbox):
    event = RegistrationEventFactory(agency=agency)
    registration = register_confirmed(event, 1, email=TYPED["email"])
    deliver_outbox()  # the mails of the set-up go first
    mailoutbox.clear()
    response = post(client, event, email="Erika.Beispiel@Example.org")
    assert response.status_code == 200
    text = page_text(response)
    assert "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung" in text
    assert "Link zu meiner Anmeldung erneut senden" in text
    assert_keeps_typed_data(response, email="Erika.Beispiel@Example.org")

    with delivering():
        response = client.post(f"/anmeldung/{event.slug}/link-anfordern/", {"email": TYPED["email"]})
    assert response.status_code == 200
    assert "erhalten Sie in wenigen Minuten eine E-Mail mit dem Link dorthin" in page_text(response)
    assert [m.to for m in mailoutbox] == [[TYPED["email"]]]
    assert registration.get_absolute_url() in mailoutbox[0].body


def test_resend_for_an_unknown_address_looks_the_same_and_sends_nothing(client, agency, mailoutbox):
    event = RegistrationEventFactory(agency=agency)
    response = client.post(f"/anmeldung/{event.slug}/link-anfordern/", {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "erhalten Sie in wenigen Minuten eine E-Mail mit dem Link dorthin" in page_text(response)
    deliver_outbox()
    assert mailoutbox == []


def test_municipality_limit_reached(client, agency):
    event = RegistrationEventFactory(agency=agency, max_per_municipality=1)
    register(event, 1, organisation=TYPED["organisation"])
    response = post(client, event)
    assert response.status_code == 200
    assert "bereits 1 Personen angemeldet" in page_text(response)
    assert_keeps_typed_data(response)


def test_rate_limit_hit(client, agency, settings):
    settings.REGISTRATION_RATE_LIMIT_PER_ADDRESS = 2
    events = [RegistrationEventFactory(agency=agency) for _ in range(3)]
    post(client, events[0], email="a@example.org")
    post(client, events[1], email="b@example.org")
    response = post(client, events[2])
    assert response.status_code == 429
    assert "sehr viele Anfragen" in page_text(response)
    assert_keeps_typed_data(response)


def test_privacy_notice_changed_while_filling_in(client, agency):
    event = RegistrationEventFactory(agency=agency)
    options = RegistrationOptions.objects.get(event=event)
    options.privacy_notice = "Geänderter Hinweis: Wir löschen Ihre Angaben nach einem Jahr."
    options.save()
    response = post(client, event, notice_version="1")
    assert response.status_code == 200
    text = page_text(response)
    assert "Der Datenschutzhinweis wurde inzwischen geändert" in text
    assert "Geänderter Hinweis" in text and 'name="notice_version" value="2"' in text
    assert_keeps_typed_data(response)


@pytest.mark.parametrize(
    ("options", "status", "message"),
    [
        ({"opens_at": timezone.now() + timedelta(days=3)}, "published", "Die Anmeldung ist ab"),
        (
            {"closes_at": timezone.now() - timedelta(hours=1)},
            "published",
            "Anmeldung für diese Veranstaltung ist geschlossen",
        ),
        ({}, "cancelled", "Diese Veranstaltung wurde abgesagt. Eine Anmeldung ist nicht mehr möglich."),
    ],
    ids=["not-open-yet", "closed", "cancelled"],
)
def test_registration_outside_the_window(client, agency, options, status, message):
    event = RegistrationEventFactory(agency=agency, status=status, **options)
    page = client.get(register_url(event))
    assert 'name="consent"' not in page.content.decode()
    response = post(client, event)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Registration.objects.exists()


def test_malformed_posts_never_give_a_server_error(client, agency):
    event = RegistrationEventFactory(agency=agency, format=Event.Format.HYBRID, online_capacity=2)
    for data in [
        {},
        {"mode": "mond"},
        form_data(mode="vor-ort", notice_version="abc"),
        form_data(mode="online", email="x" * 300 + "@example.org"),
        form_data(mode="online", name="x" * 5000),
        form_data(mode="online", municipality="Nirgendwo"),
    ]:
        response = client.post(f"/anmeldung/{event.slug}/", data)
        assert response.status_code == 200
    assert client.post("/anmeldung/gibt-es-nicht/", form_data()).status_code == 404
    assert not Registration.objects.exists()


# --- links: confirmation, personal page, overview -----------------------------------------


def test_expired_confirmation_link(client, agency):
    event = RegistrationEventFactory(agency=agency)
    registration = register(event, 1)
    Registration.objects.filter(pk=registration.pk).update(created_at=timezone.now() - timedelta(hours=25))
    for response in (
        client.get(registration.get_confirm_url()),
        client.post(registration.get_confirm_url()),
    ):
        assert response.status_code == 410
        assert "Dieser Bestätigungslink ist abgelaufen" in page_text(response)
    assert Registration.objects.get(pk=registration.pk).status == S.EXPIRED


def test_unknown_and_tampered_tokens_give_the_same_404(client, agency):
    event = RegistrationEventFactory(agency=agency, title="Geheimer Workshop")
    registration = register(event, 1)
    tampered_manage = registration.manage_token[:-1] + ("A" if registration.manage_token[-1] != "A" else "B")
    overview_token = signing.dumps({"email": "person1@example.org"}, salt="events.registration.overview")
    responses = [
        client.get(f"/anmeldung/persoenlich/{tampered_manage}/"),
        client.get("/anmeldung/persoenlich/unbekannt/"),
        client.post("/anmeldung/persoenlich/unbekannt/", {"action": "cancel"}),
        client.get(f"/anmeldung/bestaetigen/{registration.confirm_token[:-2]}xx/"),
        client.post("/anmeldung/bestaetigen/unbekannt/"),
        client.get(f"/anmeldung/meine/{overview_token[:-3]}abc/"),
        client.get("/anmeldung/meine/unbekannt/"),
    ]
    assert {r.status_code for r in responses} == {404}
    # Nothing tells a tampered token from a made-up one (apart from the page's own address).
    bodies = {re.sub(r"/anmeldung/[^\"]*", "", r.content.decode()) for r in responses}
    assert len(bodies) == 1
    assert "Geheimer Workshop" not in bodies.pop()
    assert Registration.objects.get(pk=registration.pk).status == S.PENDING


def test_resend_confirmation_from_the_personal_page(client, agency, mailoutbox):
    event = RegistrationEventFactory(agency=agency)
    registration = register(event, 1)
    deliver_outbox()  # the mails of the set-up go first
    mailoutbox.clear()
    with delivering():
        response = client.post(registration.get_absolute_url(), {"action": "resend"})
    assert response.status_code == 302
    assert "in wenigen Minuten noch einmal" in page_text(client.get(response["Location"]))
    assert len(mailoutbox) == 1 and registration.get_confirm_url() in mailoutbox[0].body


def test_cancel_from_the_personal_page_promotes_the_next_person(client, agency):
    event = RegistrationEventFactory(agency=agency, on_site_capacity=1)
    holder = register_confirmed(event, 1)
    waiting = register_confirmed(event, 2)
    page = page_text(client.get(waiting.get_absolute_url()))
    assert "Sie stehen auf Platz 1 der Warteliste" in page

    response = client.post(holder.get_absolute_url(), {"action": "cancel"})
    assert response.status_code == 302
    assert "Ihre Anmeldung ist storniert" in page_text(client.get(response["Location"]))
    assert Registration.objects.get(pk=waiting.pk).status == S.CONFIRMED
    again = client.post(holder.get_absolute_url(), {"action": "cancel"})
    assert again.status_code == 200 and "nicht mehr aktiv" in page_text(again)


def test_series_booking_on_the_personal_page(client, agency):
    series, dates = series_with_dates(agency, dates=3)
    response = client.post(f"/anmeldung/{dates[0].slug}/", form_data(whole_series="on"))
    assert response.status_code == 302
    registrations = list(Registration.objects.order_by("event__starts_at"))
    assert len(registrations) == 3
    services.registration_confirm(token=registrations[0].confirm_token)

    page = page_text(client.get(registrations[0].get_absolute_url()))
    assert "Ihre Anmeldung zur Reihe" in page and page.count("Termin am") == 3

    client.post(
        registrations[0].get_absolute_url(), {"action": "cancel", "registration": registrations[1].pk}
    )
    assert [Registration.objects.get(pk=r.pk).status for r in registrations] == [
        S.CONFIRMED,
        S.CANCELLED,
        S.CONFIRMED,
    ]
    client.post(registrations[0].get_absolute_url(), {"action": "cancel_series"})
    assert {Registration.objects.get(pk=r.pk).status for r in registrations} == {S.CANCELLED}


def test_other_peoples_registrations_cannot_be_cancelled_from_a_personal_page(client, agency):
    event = RegistrationEventFactory(agency=agency)
    mine = register_confirmed(event, 1)
    theirs = register_confirmed(event, 2)
    client.post(mine.get_absolute_url(), {"action": "cancel", "registration": theirs.pk})
    assert Registration.objects.get(pk=theirs.pk).status == S.CONFIRMED
    assert Registration.objects.get(pk=mine.pk).status == S.CANCELLED


def test_online_link_on_the_personal_page_only_when_due(client, agency):
    url = "https://konferenz.example.org/raum/geheim-123"
    event = RegistrationEventFactory(
        agency=agency,
        format=Event.Format.HYBRID,
        online_capacity=None,
        online_access_url=url,
        online_access_lead_time=timedelta(hours=1),
    )
    online = register_confirmed(event, 1, mode=Mode.ONLINE)
    on_site = register_confirmed(event, 2, mode=Mode.ON_SITE)
    pending = register(event, 3, mode=Mode.ONLINE)
    assert url not in client.get(online.get_absolute_url()).content.decode()  # two weeks ahead

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + timedelta(minutes=30), ends_at=timezone.now() + timedelta(hours=3)
    )
    assert url in client.get(online.get_absolute_url()).content.decode()
    for other in (on_site, pending):
        assert url not in client.get(other.get_absolute_url()).content.decode()
    for public in (event.get_absolute_url(), "/veranstaltungen/", f"/anmeldung/{event.slug}/"):
        assert url not in client.get(public).content.decode()


def test_overview_of_all_registrations_by_mail(client, agency, mailoutbox):
    first = RegistrationEventFactory(agency=agency, title="Fachtag Eins")
    second = RegistrationEventFactory(agency=agency, title="Werkstatt Zwei")
    register(first, 1, email="erika@example.org")
    register_confirmed(second, 1, email="erika@example.org")
    register(second, 2, email="jemand.anders@example.org")
    deliver_outbox()  # the mails of the set-up go first
    mailoutbox.clear()

    with delivering():
        response = client.post("/anmeldung/meine/", {"email": "Erika@example.org"})
    assert response.status_code == 200 and "Link zur Übersicht Ihrer Anmeldungen" in page_text(response)
    assert len(mailoutbox) == 1
    link = next(link for link in links_in(mailoutbox[0]) if "/anmeldung/meine/" in link)
    page = page_text(client.get(path_of(link)))
    assert "Fachtag Eins" in page and "Werkstatt Zwei" in page
    assert page.count("/anmeldung/persoenlich/") == 2

    # The link carries its own age: after three days it leads nowhere.
    four_days_later = (timezone.now() + timedelta(days=4)).timestamp()
    with mock.patch("time.time", return_value=four_days_later):
        assert client.get(path_of(link)).status_code == 404


def overview_answer(client, email):
    response = client.post("/anmeldung/meine/", {"email": email})
    assert response.status_code == 200
    return page_text(response)


def test_overview_request_answers_alike_whether_or_not_the_address_is_registered(
    client, agency, mailoutbox, django_assert_num_queries
):
    register_confirmed(RegistrationEventFactory(agency=agency), 1, email="erika@example.org")
    overview_answer(client, "warmup@example.org")  # the session and the first lookups are made once
    deliver_outbox()  # the mails of the set-up go first
    mailoutbox.clear()
    with CaptureQueriesContext(connection) as registered:
        known = overview_answer(client, "erika@example.org")
    with django_assert_num_queries(len(registered)):
        unknown = overview_answer(client, "niemand@example.org")
    assert known.replace("erika@example.org", "ADDRESS") == unknown.replace("niemand@example.org", "ADDRESS")
    assert "Sie erhalten in wenigen Minuten eine E-Mail an erika@example.org" in known

    deliver_outbox()
    to_known, to_unknown = sorted(mailoutbox, key=lambda message: message.to != ["erika@example.org"])
    assert "/anmeldung/meine/" in to_known.body
    assert to_unknown.to == ["niemand@example.org"]
    assert "Zu dieser Adresse haben wir keine Anmeldungen gefunden" in to_unknown.body
    assert "/anmeldung/meine/" not in to_unknown.body
    assert client.post("/anmeldung/meine/", {"email": "kaputt"}).status_code == 200
