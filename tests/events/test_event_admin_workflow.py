"""Events in the admin: the upcoming list with its figures, status changes only through the actions that
tell participants, duplicating an event as a draft, and the draft preview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Mode, OutgoingMail, Registration, RegistrationOptions
from portal.models import AuditEntry
from tests.factories import (
    AgencyFactory,
    EventFactory,
    ProgrammeItemFactory,
    RegistrationEventFactory,
    SpeakerFactory,
    build_event_load,
    in_days,
    register,
    register_confirmed,
    staff_member,
)
from tests.portal.test_audit_trail import _form_data

pytestmark = pytest.mark.django_db
S = Registration.Status


def _titles(response):
    return [event.title for event in response.context["cl"].result_list]


def test_changelist_opens_on_upcoming_events(client, hessen):
    EventFactory(agency=hessen, title="Vorbei", starts_at=in_days(-20))
    EventFactory(agency=hessen, title="Bald", starts_at=in_days(3))
    client.force_login(staff_member(hessen, "editor"))
    url = reverse("admin:events_event_changelist")

    assert _titles(client.get(url)) == ["Bald"]
    assert _titles(client.get(url, {"zeitraum": "vergangen"})) == ["Vorbei"]
    assert sorted(_titles(client.get(url, {"zeitraum": "alle"}))) == ["Bald", "Vorbei"]
    html = client.get(url).content.decode()
    assert "Zeitraum" in html and "Bevorstehend" in html


def test_changelist_shows_seats_per_mode_waiting_list_and_open_approvals(client, hessen):
    hybrid = RegistrationEventFactory(
        agency=hessen,
        title="Hybrider Fachtag",
        format=Event.Format.HYBRID,
        on_site_capacity=2,
        online_capacity=5,
    )
    register_confirmed(hybrid, 1)
    register_confirmed(hybrid, 2)
    register_confirmed(hybrid, 3)  # on-site full: waiting list
    register_confirmed(hybrid, 4, mode=Mode.ONLINE)
    approval = RegistrationEventFactory(
        agency=hessen, title="Nur Partner", on_site_capacity=3, requires_approval=True
    )
    register_confirmed(approval, 5)
    client.force_login(staff_member(hessen, "editor"))

    response = client.get(reverse("admin:events_event_changelist"))
    rows = {event.title: event for event in response.context["cl"].result_list}
    model_admin = response.context["cl"].model_admin
    assert model_admin.on_site_seats(rows["Hybrider Fachtag"]) == "2 / 2"
    assert model_admin.online_seats(rows["Hybrider Fachtag"]) == "1 / 5"
    assert model_admin.waiting(rows["Hybrider Fachtag"]) == 1
    assert model_admin.approvals(rows["Nur Partner"]) == 1
    assert model_admin.online_seats(rows["Nur Partner"]) == "–"
    html = response.content.decode()
    for heading in (
        "Datum",
        "Titel",
        "Format",
        "Status",
        "Vor Ort belegt / Plätze",
        "Warteliste",
        "Offene Freigaben",
    ):
        assert heading in html


def test_changelist_filters_by_status_format_and_kind(client, hessen):
    EventFactory(agency=hessen, title="Online", format=Event.Format.ONLINE, venue=None, kind="workshop")
    EventFactory(agency=hessen, title="Entwurf", status=Event.Status.DRAFT)
    client.force_login(staff_member(hessen, "editor"))
    url = reverse("admin:events_event_changelist")
    assert _titles(client.get(url, {"format__exact": "online"})) == ["Online"]
    assert _titles(client.get(url, {"kind__exact": "workshop"})) == ["Online"]
    assert _titles(client.get(url, {"status__exact": "draft"})) == ["Entwurf"]


@pytest.mark.parametrize("size", [10, 500])
def test_event_changelist_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, size):
    agency = AgencyFactory(slug=f"last-{size}")
    build_event_load(agency, events=size, registrations=size)
    client.force_login(staff_member(agency, "manager"))
    url = reverse("admin:events_event_changelist") + "?zeitraum=alle"
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 500])
def test_registration_changelist_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size
):
    agency = AgencyFactory(slug=f"last-{size}")
    build_event_load(agency, events=5, registrations=size)
    client.force_login(staff_member(agency, "manager"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("admin:events_registration_changelist"))
    assert response.status_code == 200


# --- status only through the notifying actions ---------------------------------------------------------


def test_the_form_offers_neither_cancelled_nor_postponed(client, hessen):
    event = EventFactory(agency=hessen)
    client.force_login(staff_member(hessen, "editor"))
    form = client.get(reverse("admin:events_event_change", args=[event.pk])).context["adminform"].form
    assert [value for value, _label in form.fields["status"].choices] == ["draft", "published"]


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_a_forged_post_cannot_cancel_or_postpone_an_event(client, hessen, status):
    event = RegistrationEventFactory(agency=hessen)
    register_confirmed(event, 1)
    client.force_login(staff_member(hessen, "editor"))
    url = reverse("admin:events_event_change", args=[event.pk])
    post = _form_data(client.get(url))
    post["status"] = status

    response = client.post(url, post)

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert not OutgoingMail.objects.filter(kind="event_cancelled").exists()


def test_cancelling_through_the_action_tells_everyone_registered(client, hessen):
    event = RegistrationEventFactory(agency=hessen, on_site_capacity=1, requires_approval=False)
    confirmed = register_confirmed(event, 1)
    waiting = register_confirmed(event, 2)
    unconfirmed = register(event, 3)
    editor = staff_member(hessen, "editor")
    client.force_login(editor)

    client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_events", "_selected_action": [event.pk]},
    )

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    told = OutgoingMail.objects.filter(kind="event_cancelled").values_list("to", flat=True)
    assert sorted(told) == sorted([confirmed.email, waiting.email, unconfirmed.email])
    assert set(Registration.objects.filter(event=event).values_list("status", flat=True)) == {S.CANCELLED}
    entry = AuditEntry.objects.get(action="events.event.cancelled")
    assert (entry.actor, entry.agency, entry.changes) == (
        editor,
        hessen,
        {"status": ["published", "cancelled"]},
    )


def test_postponing_through_the_action_keeps_registrations_and_tells_them(client, hessen):
    event = RegistrationEventFactory(agency=hessen)
    first = register_confirmed(event, 1)
    client.force_login(staff_member(hessen, "editor"))
    url = reverse("admin:events_event_changelist")

    page = client.post(url, {"action": "postpone_events", "_selected_action": [event.pk]})
    assert page.status_code == 200 and "Hinweis zur Verschiebung" in page.content.decode()
    client.post(
        url,
        {
            "action": "postpone_events",
            "_selected_action": [event.pk],
            "apply": "1",
            "notice": "Neuer Termin folgt.",
        },
    )

    event.refresh_from_db()
    assert (event.status, event.status_notice) == (Event.Status.POSTPONED, "Neuer Termin folgt.")
    first.refresh_from_db()
    assert first.status == S.CONFIRMED
    assert list(OutgoingMail.objects.filter(kind="event_changed").values_list("to", flat=True)) == [
        first.email
    ]


# --- duplicate -----------------------------------------------------------------------------------------


def test_duplicating_copies_programme_speakers_and_options_as_a_draft_for_the_new_date(client, hessen):
    starts = in_days(10, hour=10)
    event = RegistrationEventFactory(
        agency=hessen,
        title="Fachtag Daten",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        on_site_capacity=40,
        requires_approval=True,
        closes_at=starts - datetime.timedelta(days=2),
    )
    talk = ProgrammeItemFactory(event=event, starts_at=datetime.time(10, 30), ends_at=datetime.time(11, 15))
    ProgrammeItemFactory(event=event, day=2, starts_at=datetime.time(9, 0), title="Tag zwei")
    SpeakerFactory(event=event, programme_item=talk, name="Dr. Erika Beispiel")
    SpeakerFactory(event=event, name="Max Muster")
    register_confirmed(event, 1)
    editor = staff_member(hessen, "editor")
    client.force_login(editor)
    url = reverse("admin:events_event_changelist")

    page = client.post(url, {"action": "duplicate_event", "_selected_action": [event.pk]})
    assert page.status_code == 200 and "Neuer Beginn" in page.content.decode()
    new_start = in_days(40, hour=14)
    local = timezone.localtime(new_start)
    response = client.post(
        url,
        {
            "action": "duplicate_event",
            "_selected_action": [event.pk],
            "apply": "1",
            "starts_at_0": local.strftime("%d.%m.%Y"),
            "starts_at_1": local.strftime("%H:%M:%S"),
        },
    )

    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/change/")
    assert (copy.title, copy.status, copy.agency) == ("Fachtag Daten", Event.Status.DRAFT, hessen)
    assert copy.starts_at == new_start
    assert copy.ends_at == new_start + datetime.timedelta(hours=6)
    items = list(copy.programme_items.order_by("day", "starts_at"))
    assert [(i.day, i.starts_at, i.ends_at) for i in items] == [
        (1, datetime.time(14, 30), datetime.time(15, 15)),
        (2, datetime.time(13, 0), None),
    ]
    speakers = {s.name: s.programme_item for s in copy.speakers.all()}
    assert speakers == {"Dr. Erika Beispiel": items[0], "Max Muster": None}
    options = RegistrationOptions.objects.get(event=copy)
    assert (options.on_site_capacity, options.requires_approval) == (40, True)
    assert options.closes_at == new_start - datetime.timedelta(days=2)
    assert not Registration.objects.filter(event=copy).exists()
    assert Registration.objects.filter(event=event).count() == 1
    assert AuditEntry.objects.get(action="events.event.duplicated").object_id == str(copy.pk)


# --- preview -------------------------------------------------------------------------------------------


def test_staff_preview_a_draft_as_the_public_page_with_a_banner(client, hessen):
    draft = EventFactory(agency=hessen, title="Entwurf Bildungsdaten", status=Event.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff_member(hessen, "editor"))

    response = client.get(reverse("admin:events_event_preview", args=[draft.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vorschau – nicht öffentlich" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Entwurf Bildungsdaten" in html
    assert [t.name for t in response.templates][0] == "events/event_detail.html"


def test_preview_is_not_found_for_another_agencys_staff(client, hessen, nrw):
    draft = EventFactory(agency=hessen, status=Event.Status.DRAFT)
    client.force_login(staff_member(nrw, "manager"))
    assert client.get(reverse("admin:events_event_preview", args=[draft.pk])).status_code == 404


def test_change_form_links_to_the_preview(client, hessen):
    draft = EventFactory(agency=hessen, status=Event.Status.DRAFT)
    client.force_login(staff_member(hessen, "editor"))
    html = client.get(reverse("admin:events_event_change", args=[draft.pk])).content.decode()
    assert reverse("admin:events_event_preview", args=[draft.pk]) in html


def test_event_admin_lists_its_object_views():
    from django.contrib import admin

    model_admin = admin.site._registry[Event]
    for name in model_admin.object_views:
        assert reverse(f"admin:events_event_{name}", args=[1])


def test_a_co_organising_agency_sees_its_event_but_neither_changes_nor_cancels_it(client, hessen):
    nrw = AgencyFactory(slug="nrw", states=["nordrhein-westfalen"])
    event = RegistrationEventFactory(agency=hessen, co_agencies=[nrw], title="Gemeinsamer Fachtag")
    register_confirmed(event, 1)
    client.force_login(staff_member(nrw, "editor"))
    change_url = reverse("admin:events_event_change", args=[event.pk])

    assert "Gemeinsamer Fachtag" in _titles(client.get(reverse("admin:events_event_changelist")))
    page = client.get(change_url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    forged = client.post(change_url, {"title": "Übernommen"})
    client.post(
        reverse("admin:events_event_changelist"), {"action": "cancel_events", "_selected_action": [event.pk]}
    )

    assert forged.status_code == 403
    event.refresh_from_db()
    assert event.title == "Gemeinsamer Fachtag" and event.status == Event.Status.PUBLISHED
    assert not OutgoingMail.objects.filter(kind="event_cancelled").exists()
