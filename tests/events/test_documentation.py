"""Documentation for participants only: reachable through the personal link, announced by mail once."""

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from events.models import Event
from events.registration import exceptions, services
from events.registration.models import OutgoingMail
from portal.media import PARTICIPANTS_ONLY_PREFIX
from portal.models import AuditEntry
from tests.factories import (
    AgencyFactory,
    MaterialFactory,
    RegistrationEventFactory,
    deliver_outbox,
    register,
    register_confirmed,
    staff_member,
)

pytestmark = pytest.mark.django_db

SLIDES = b"%PDF-1.4\n% Folien nur fuer Teilnehmende\n"


@pytest.fixture
def event():
    return RegistrationEventFactory(agency=AgencyFactory(), title="Fachtag Datenkompetenz")


@pytest.fixture
def slides(event):
    return MaterialFactory(
        event=event,
        title="Folien des Fachtags",
        file=ContentFile(SLIDES, name="folien-fachtag.pdf"),
        participants_only=True,
    )


def _personal_url(registration, material):
    return reverse("registration:material", args=[registration.manage_token, registration.pk, material.pk])


def test_participants_only_files_have_no_public_address(client, event, slides):
    public = MaterialFactory(event=event, title="Öffentliches Programm")
    page = client.get(event.get_absolute_url()).content.decode()

    assert slides.file.name.startswith(PARTICIPANTS_ONLY_PREFIX)
    assert "Folien des Fachtags" not in page and public.title in page
    for guess in (
        f"/media/{slides.file.name}",
        "/media/events/materials/folien-fachtag.pdf",
        f"/media/{slides.file.name.removeprefix(PARTICIPANTS_ONLY_PREFIX)}",
    ):
        assert client.get(guess).status_code == 404, guess


def test_a_confirmed_participant_opens_them_through_the_personal_link(client, event, slides):
    erika = register_confirmed(event, 1)

    page = client.get(erika.get_absolute_url()).content.decode()
    response = client.get(_personal_url(erika, slides))

    assert "Folien des Fachtags" in page and _personal_url(erika, slides) in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SLIDES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "noindex" in response["X-Robots-Tag"]


def test_unconfirmed_people_wrong_tokens_and_other_events_get_404(client, event, slides):
    pending = register(event, 2)
    other_event = RegistrationEventFactory(agency=event.agency)
    other = register_confirmed(other_event, 3)

    assert client.get(_personal_url(pending, slides)).status_code == 404
    assert client.get(reverse("registration:material", args=["falsch", 1, slides.pk])).status_code == 404
    assert client.get(_personal_url(other, slides)).status_code == 404


def test_staff_of_the_agency_open_them_in_the_admin_others_get_404(client, event, slides):
    url = reverse("admin:events_event_material", args=[event.pk, slides.pk, "file"])

    client.force_login(staff_member(event.agency, "editor"))
    change_page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert url in change_page and f"/media/{slides.file.name}" not in change_page
    assert b"".join(client.get(url).streaming_content) == SLIDES
    assert (
        client.get(reverse("admin:events_event_material", args=[event.pk, slides.pk, "title"])).status_code
        == 404
    )
    client.force_login(staff_member(AgencyFactory(), "manager"))
    assert client.get(url).status_code == 404


def test_ticking_the_flag_later_moves_the_file_away_from_its_public_address(client, event):
    material = MaterialFactory(event=event, file=ContentFile(SLIDES, name="ergebnisse.pdf"))
    public_url = material.file.url
    assert client.get(public_url).status_code == 200

    material.participants_only = True
    material.save()

    assert material.file.name.startswith(PARTICIPANTS_ONLY_PREFIX)
    assert client.get(public_url).status_code == 404
    assert material.file.read() == SLIDES


def _publish(event, **kwargs):
    with time_machine.travel(event.ends_at, tick=False):
        return services.documentation_publish(event=event, **kwargs)


def test_publishing_mails_confirmed_participants_exactly_once(event, slides, mailoutbox):
    people = [register_confirmed(event, number) for number in (1, 2)]
    register(event, 3)  # never confirmed: not told
    deliver_outbox()
    mailoutbox.clear()

    told = _publish(event)
    with pytest.raises(exceptions.DocumentationAlreadyPublished):
        _publish(Event.objects.get(pk=event.pk))
    deliver_outbox()

    assert told == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all("Die Dokumentation ist online" in m.subject for m in mailoutbox)
    assert all(
        people[0].get_absolute_url() in m.body or people[1].get_absolute_url() in m.body for m in mailoutbox
    )
    assert all(not m.attachments for m in mailoutbox)
    assert AuditEntry.objects.filter(action="events.event.documentation_published").count() == 1


def test_a_second_click_in_the_admin_sends_nothing_more(client, event, slides):
    register_confirmed(event, 1)
    changelist = reverse("admin:events_event_changelist")

    with time_machine.travel(event.ends_at, tick=False):
        client.force_login(staff_member(event.agency, "editor"))
        for _click in range(2):
            client.post(changelist, {"action": "publish_documentation", "_selected_action": [event.pk]})

    assert OutgoingMail.objects.filter(kind="documentation_published").count() == 1


def test_the_agency_may_tell_only_those_who_attended(event, slides):
    erika, absent = register_confirmed(event, 1), register_confirmed(event, 2)
    with time_machine.travel(event.ends_at, tick=False):
        services.attendance_record(event=event, attended=[erika.pk], absent=[absent.pk])
    Event.objects.filter(pk=event.pk).update(documentation_recipients=Event.DocumentationRecipients.ATTENDED)

    told = _publish(Event.objects.get(pk=event.pk))

    assert told == 1
    assert list(OutgoingMail.objects.filter(kind="documentation_published").values_list("to", flat=True)) == [
        erika.email
    ]


def test_without_participants_only_materials_there_is_nothing_to_publish(event):
    register_confirmed(event, 1)

    with pytest.raises(exceptions.NoParticipantsMaterials):
        _publish(event)
    assert Event.objects.get(pk=event.pk).documentation_published_at is None
