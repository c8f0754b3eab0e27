"""Who may register (audience) and how many per municipality: enforced by the services on every path."""

import datetime
import re

import pytest
from django.utils import timezone

from events.models import Event, Mode, Registration
from events.registration import exceptions, services
from municipalities.models import Municipality
from tests.factories import (
    AgencyFactory,
    ContactPersonFactory,
    MunicipalityFactory,
    PartnershipFactory,
    RegistrationEventFactory,
    person,
    register,
    register_confirmed,
    series_with_dates,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def partner(agency):
    municipality = MunicipalityFactory(
        key="16051", name="Erfurt, Stadt", kind=Municipality.Kind.KREISFREIE_STADT
    )
    PartnershipFactory(municipality=municipality, agency=agency)
    return municipality


@pytest.fixture
def stranger(db):
    return MunicipalityFactory(key="16052", name="Gera, Stadt", kind=Municipality.Kind.KREISFREIE_STADT)


@pytest.fixture
def partners_only(agency):
    contact = ContactPersonFactory(agency=agency, name="Paula Partner", email="paula@testland.example.org")
    return RegistrationEventFactory(agency=agency, audience=Event.Audience.PARTNERS, contact=contact)


def test_partners_only_refuses_a_person_without_municipality_and_says_whom_to_ask(partners_only):
    with pytest.raises(exceptions.PartnersOnly) as error:
        register(partners_only, 1)
    message = str(error.value)
    assert "nur für Beschäftigte der Partnerkommunen" in message
    assert "Paula Partner (paula@testland.example.org)" in message
    assert not Registration.objects.exists()


def test_partners_only_refuses_a_municipality_without_partnership(partners_only, stranger):
    with pytest.raises(exceptions.PartnersOnly) as error:
        register(partners_only, 1, municipality=stranger)
    assert "die gewählte Kommune ist derzeit keine Partnerkommune" in str(error.value)


def test_partners_only_refuses_former_partners(agency, partners_only, stranger):
    today = timezone.localdate()
    PartnershipFactory(
        municipality=stranger,
        agency=agency,
        status="ehemalig",
        since=today - datetime.timedelta(days=800),
        until=today - datetime.timedelta(days=10),
    )
    with pytest.raises(exceptions.PartnersOnly):
        register(partners_only, 1, municipality=stranger)


def test_partners_staff_is_accepted(partners_only, partner):
    assert register(partners_only, 1, municipality=partner).status == S.PENDING


def test_partner_of_a_co_organising_agency_is_accepted(agency, stranger):
    other = AgencyFactory(slug="mitveranstalter", states=["16"])
    PartnershipFactory(municipality=stranger, agency=other)
    event = RegistrationEventFactory(agency=agency, audience=Event.Audience.PARTNERS, co_agencies=[other])
    assert register(event, 1, municipality=stranger).status == S.PENDING


def test_partners_only_series_refuses_a_non_partner_for_every_date(agency, stranger, partner):
    series, dates = series_with_dates(agency, dates=3, audience=Event.Audience.PARTNERS)
    arguments = {"event": dates[0], "mode": Mode.ONLINE, "consent": True, "privacy_notice_version": 1}

    with pytest.raises(exceptions.PartnersOnly) as error:
        services.series_register(**arguments, data=person(1, municipality=stranger))
    assert "Transferagentur" in str(error.value) and "info@testland.example.org" in str(error.value)
    assert not Registration.objects.exists()

    accepted = services.series_register(**arguments, data=person(2, municipality=partner))
    assert len(accepted) == 3


def test_internal_event_refuses_organisation_only_registrations(agency, stranger):
    event = RegistrationEventFactory(agency=agency, audience=Event.Audience.INTERNAL)
    with pytest.raises(exceptions.AdministrationOnly) as error:
        register(event, 1, organisation="Verein für Bildung e.V.")
    assert "verwaltungsintern" in str(error.value)
    assert "info@testland.example.org" in str(error.value)

    series, dates = series_with_dates(agency, dates=2, audience=Event.Audience.INTERNAL)
    with pytest.raises(exceptions.AdministrationOnly):
        services.series_register(
            event=dates[0], mode=Mode.ONLINE, data=person(2), consent=True, privacy_notice_version=1
        )
    assert register(event, 3, municipality=stranger).status == S.PENDING


def test_event_page_and_form_explain_the_audience_before_anyone_types(client, partners_only):
    text = re.sub(r"\s+", " ", client.get(partners_only.get_absolute_url()).content.decode())
    assert "nur für Beschäftigte der Partnerkommunen der veranstaltenden Transferagentur" in text
    assert "paula@testland.example.org" in text
    form = client.get(f"/anmeldung/{partners_only.slug}/").context["form"]
    assert form.fields["municipality"].required
    assert "Partnerkommunen" in str(form.fields["municipality"].help_text)


def test_refusal_on_the_page_keeps_what_was_typed(client, partners_only, stranger):
    response = client.post(
        f"/anmeldung/{partners_only.slug}/",
        {
            "name": "Erika Beispiel",
            "email": "erika@example.org",
            "municipality": stranger.key,
            "function": "Bildungsmanagement",
            "consent": "on",
            "notice_version": "1",
        },
    )
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "die gewählte Kommune ist derzeit keine Partnerkommune" in text
    assert 'value="erika@example.org"' in text


# --- per-municipality limit ----------------------------------------------------------------------


@pytest.fixture
def muenster(db):
    return MunicipalityFactory(
        key="05515", name="Münster, Stadt", kind=Municipality.Kind.KREISFREIE_STADT, state="05"
    )


@pytest.mark.parametrize("typed", ["Stadt Münster", "Münster", "05515", "münster, stadt"])
def test_limit_holds_when_people_type_the_municipality_as_organisation(agency, muenster, typed):
    event = RegistrationEventFactory(agency=agency, max_per_municipality=3)
    for number in range(3):
        register_confirmed(event, number, municipality=muenster)

    with pytest.raises(exceptions.MunicipalityLimitReached):
        register(event, 10, organisation=typed)
    assert Registration.objects.filter(event=event).count() == 3


def test_typed_municipalities_count_for_the_directory_choice_too(agency, muenster):
    event = RegistrationEventFactory(agency=agency, max_per_municipality=2)
    first = register_confirmed(event, 1, organisation="Stadt Münster")
    assert first.municipality == muenster
    register_confirmed(event, 2, organisation="Münster")
    with pytest.raises(exceptions.MunicipalityLimitReached):
        register(event, 3, municipality=muenster)


def test_unconfirmed_registrations_block_only_for_the_hold(agency, muenster, settings):
    settings.REGISTRATION_MUNICIPALITY_HOLD_MINUTES = 30
    event = RegistrationEventFactory(agency=agency, max_per_municipality=3)
    now = timezone.now()
    for number in range(3):
        services.registration_create(
            event=event,
            mode=Mode.ON_SITE,
            data=person(number, municipality=muenster),
            consent=True,
            privacy_notice_version=1,
            now=now - datetime.timedelta(minutes=31),
        )
    # Three invented addresses, never confirmed, older than the hold: they no longer block.
    assert register(event, 10, municipality=muenster).status == S.PENDING
    # Within the hold they do: the fourth and this one are pending now, with one more it is full.
    register(event, 11, municipality=muenster)
    register(event, 12, municipality=muenster)
    with pytest.raises(exceptions.MunicipalityLimitReached):
        register(event, 13, municipality=muenster)


def test_event_page_and_form_state_the_limit(client, agency):
    event = RegistrationEventFactory(agency=agency, max_per_municipality=3)
    text = re.sub(r"\s+", " ", client.get(event.get_absolute_url()).content.decode())
    assert "Je Kommune sind höchstens 3 Plätze vorgesehen." in text
    form = client.get(f"/anmeldung/{event.slug}/").context["form"]
    assert "höchstens 3 Plätze" in str(form.fields["organisation"].help_text)
    assert "„Stadt Münster“" in str(form.fields["organisation"].help_text)


# --- late confirmation against the limit -----------------------------------------------------------


@pytest.fixture
def one_per_municipality(agency):
    contact = ContactPersonFactory(agency=agency, name="Paula Partner", email="paula@testland.example.org")
    return RegistrationEventFactory(agency=agency, max_per_municipality=1, contact=contact)


def register_before_the_hold_ended(event, number, municipality, settings):
    """Register person ``number`` one minute longer ago than the municipality hold lasts."""
    ago = datetime.timedelta(minutes=settings.REGISTRATION_MUNICIPALITY_HOLD_MINUTES + 1)
    return services.registration_create(
        event=event,
        mode=Mode.ON_SITE,
        data=person(number, municipality=municipality),
        consent=True,
        privacy_notice_version=1,
        now=timezone.now() - ago,
    )


def test_late_confirmation_beyond_the_limit_is_refused_and_says_whom_to_ask(
    one_per_municipality, muenster, settings
):
    late = register_before_the_hold_ended(one_per_municipality, 1, muenster, settings)
    # Its hold is over: someone else from Münster registers and confirms the one place.
    register_confirmed(one_per_municipality, 2, municipality=muenster)

    with pytest.raises(exceptions.MunicipalityLimitReachedMeanwhile) as error:
        services.registration_confirm(token=late.confirm_token)
    message = str(error.value)
    assert "Ihre Anmeldung konnte nicht bestätigt werden" in message
    assert "1 Platz vorgesehen, und er ist inzwischen vergeben" in message and "30 Minuten" in message
    assert "Paula Partner (paula@testland.example.org)" in message
    assert Registration.objects.get(pk=late.pk).status == S.PENDING
    holding = Registration.objects.filter(event=one_per_municipality, status__in=Registration.HOLDING)
    assert holding.count() == 1


def test_late_confirmation_goes_through_once_the_place_is_free_again(
    one_per_municipality, muenster, settings
):
    late = register_before_the_hold_ended(one_per_municipality, 1, muenster, settings)
    other = register_confirmed(one_per_municipality, 2, municipality=muenster)
    with pytest.raises(exceptions.MunicipalityLimitReachedMeanwhile):
        services.registration_confirm(token=late.confirm_token)

    services.registration_cancel(registration=other)
    assert services.registration_confirm(token=late.confirm_token).status == S.CONFIRMED


def test_confirmation_within_the_hold_keeps_its_own_place(one_per_municipality, muenster):
    mine = register(one_per_municipality, 1, municipality=muenster)
    with pytest.raises(exceptions.MunicipalityLimitReached):
        register(one_per_municipality, 2, municipality=muenster)
    assert services.registration_confirm(token=mine.confirm_token).status == S.CONFIRMED


@pytest.mark.parametrize(
    "prefix, expected",
    [
        ("", ["Ihre Anmeldung konnte nicht bestätigt werden", "Bitte wenden Sie sich an Paula Partner"]),
        ("/en", ["Your registration could not be confirmed", "Please contact Paula Partner"]),
    ],
)
def test_confirm_page_explains_the_refusal(
    client, one_per_municipality, muenster, settings, prefix, expected
):
    late = register_before_the_hold_ended(one_per_municipality, 1, muenster, settings)
    register_confirmed(one_per_municipality, 2, municipality=muenster)

    response = client.post(prefix + late.get_confirm_url())
    text = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    for sentence in expected:
        assert sentence in text
    assert 'type="submit"' not in text.split("<main")[-1]  # no button that cannot succeed
    assert late.get_absolute_url() in text
    assert Registration.objects.get(pk=late.pk).status == S.PENDING


def test_promotion_from_the_waiting_list_passes_over_a_municipality_whose_places_are_taken(agency, muenster):
    event = RegistrationEventFactory(
        agency=agency,
        format=Event.Format.HYBRID,
        on_site_capacity=1,
        online_capacity=None,
        max_per_municipality=1,
    )
    seat_holder = register_confirmed(event, 1, mode=Mode.ON_SITE, organisation="Kreis Beispiel")
    waiting_from_muenster = register_confirmed(event, 2, mode=Mode.ON_SITE, municipality=muenster)
    waiting_other = register_confirmed(event, 3, mode=Mode.ON_SITE, organisation="Stadt Anderswo")
    assert waiting_from_muenster.status == S.WAITLISTED and waiting_other.status == S.WAITLISTED
    # Meanwhile Münster's one place goes to someone online.
    register_confirmed(event, 4, mode=Mode.ONLINE, municipality=muenster)

    services.registration_cancel(registration=seat_holder)

    assert Registration.objects.get(pk=waiting_from_muenster.pk).status == S.WAITLISTED
    assert Registration.objects.get(pk=waiting_other.pk).status == S.CONFIRMED
