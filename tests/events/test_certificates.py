"""Attendance certificates: a PDF for those who took part, checkable by its code, also after retention."""

import io
import re
from datetime import timedelta

import pypdf
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events.registration import certificates, services
from events.registration.models import OutgoingMail, Registration
from events.registration.retention import retention_run
from tests.factories import (
    AgencyFactory,
    RegistrationEventFactory,
    deliver_outbox,
    register_confirmed,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    organiser = AgencyFactory(name="Transferagentur Hessen")
    partner = AgencyFactory(name="Transferagentur Bayern")
    # 10:00 to 16:00 local time: a day of six hours, whatever time of day the test runs.
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=14)
    return RegistrationEventFactory(
        agency=organiser,
        title="Fachtag Bildungsmonitoring kompakt",
        co_agencies=[partner],
        starts_in=starts - timezone.now(),
    )


def _attended(event, *people, absent=()):
    registrations = [register_confirmed(event, number) for number in (*people, *absent)]
    with time_machine.travel(event.ends_at, tick=False):
        services.attendance_record(
            event=event,
            attended=[r.pk for r in registrations[: len(people)]],
            absent=[r.pk for r in registrations[len(people) :]],
        )
    return [Registration.objects.get(pk=r.pk) for r in registrations]


def _certificate_url(registration):
    return reverse("registration:certificate", args=[registration.manage_token, registration.pk])


def _pdf(content):
    return pypdf.PdfReader(io.BytesIO(content))


def _text(reader):
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_certificate_names_person_event_date_hours_agencies_and_code(client, event):
    (erika,) = _attended(event, 1)

    page = client.get(erika.get_absolute_url())
    response = client.get(_certificate_url(erika))

    assert _certificate_url(erika) in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = _pdf(response.content)
    text = _text(reader)
    assert "Erika Beispiel 1" in text
    assert "Fachtag Bildungsmonitoring kompakt" in text
    assert timezone_day(event) in text
    assert "6 Stunden" in text
    assert "Transferagentur Hessen" in text and "Transferagentur Bayern" in text
    assert erika.certificate_code in text
    # The address may wrap at the end of a line.
    assert f"{settings.SITE_URL}/bescheinigung/{erika.certificate_code}/" in "".join(text.split())


def timezone_day(event):
    return f"{timezone.localtime(event.starts_at):%d.%m.%Y}"


def test_the_certificate_is_a_tagged_german_pdf_with_a_title(client, event):
    (erika,) = _attended(event, 1)

    reader = _pdf(client.get(_certificate_url(erika)).content)

    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "de"
    assert "Teilnahmebescheinigung" in reader.metadata.title


def test_the_verification_page_confirms_name_event_and_date_only(client, event):
    (erika,) = _attended(event, 1)

    response = client.get(reverse("certificate:verify", args=[erika.certificate_code.lower()]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Erika Beispiel 1" in html and "Fachtag Bildungsmonitoring kompakt" in html
    assert timezone_day(event) in html
    assert erika.email not in html and erika.organisation not in html
    assert "noindex" in response["X-Robots-Tag"]


def test_an_unknown_code_gives_404(client, event):
    _attended(event, 1)

    assert client.get(reverse("certificate:verify", args=["ABCDEFGHJK"])).status_code == 404


def test_someone_who_did_not_attend_gets_no_certificate(client, event):
    _erika, absent = _attended(event, 1, absent=[2])
    unmarked = register_confirmed(event, 3)

    for registration in (absent, unmarked):
        page = client.get(registration.get_absolute_url()).content.decode()
        verification = reverse("certificate:verify", args=[registration.certificate_code])
        assert client.get(_certificate_url(registration)).status_code == 404
        assert _certificate_url(registration) not in page
        assert client.get(verification).status_code == 404


def test_a_personal_link_opens_no_certificate_of_someone_else(client, event):
    erika, other = _attended(event, 1, 2)

    url = reverse("registration:certificate", args=[erika.manage_token, other.pk])

    assert client.get(url).status_code == 404


def test_codes_are_ten_unambiguous_characters_and_differ(event):
    codes = {register_confirmed(event, number).certificate_code for number in range(1, 6)}

    assert len(codes) == 5
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{10}", code) for code in codes)


def test_after_retention_the_code_still_verifies_and_the_pdf_can_still_be_made(client, event):
    (erika,) = _attended(event, 1)
    code = erika.certificate_code

    with time_machine.travel(event.ends_at + timedelta(weeks=settings.RETENTION_REDUCE_WEEKS, days=1)):
        retention_run()
    reduced = Registration.objects.get(pk=erika.pk)

    assert reduced.reduced_at is not None and reduced.manage_token is None
    assert reduced.certificate_code == code
    assert client.get(reverse("certificate:verify", args=[code])).status_code == 200
    assert "Erika Beispiel 1" in _text(_pdf(certificates.certificate_pdf(reduced)))


def test_the_certificate_fetches_nothing_from_outside():
    fetcher = certificates.LocalOnlyFetcher()

    with pytest.raises(certificates.ExternalResourceRefused):
        fetcher.fetch("https://fonts.example.org/font.woff2")
    with pytest.raises(certificates.ExternalResourceRefused):
        fetcher.fetch("file:///etc/passwd")


def test_hours_run_from_start_to_end_per_day_unless_the_event_states_them(event):
    assert certificates.certificate_hours(event) == 6
    event.starts_at = timezone.localtime(event.starts_at).replace(hour=9, minute=0)
    event.ends_at = event.starts_at + timedelta(days=1, hours=7, minutes=20)
    assert certificates.certificate_hours(event) == 14.5  # two days of 9:00 to 16:20, to half hours
    event.certificate_hours = 4.5
    assert certificates.certificate_hours(event) == 4.5


def test_staff_send_the_certificate_by_mail_with_the_pdf_rendered_at_sending(client, event, mailoutbox):
    erika, absent = _attended(event, 1, absent=[2])
    url = reverse("admin:events_event_certificates", args=[event.pk])
    deliver_outbox()  # the registration mails
    mailoutbox.clear()

    with time_machine.travel(event.ends_at, tick=False):
        client.force_login(staff_member(event.agency, "manager"))
        client.post(url, {"id": [absent.pk]})
        refused = OutgoingMail.objects.filter(kind="certificate").count()
        client.post(url, {"id": [erika.pk]})
    queued = OutgoingMail.objects.get(kind="certificate")
    deliver_outbox()

    assert refused == 0
    assert queued.ics == "" and len(queued.body_text) < 5000  # the outbox row holds no PDF
    (message,) = mailoutbox
    assert message.to == [erika.email]
    ((name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    assert erika.certificate_code in _text(_pdf(content))


def test_staff_download_a_certificate_from_the_admin_only_for_someone_who_attended(client, event):
    erika, absent = _attended(event, 1, absent=[2])
    url = reverse("admin:events_event_certificates", args=[event.pk])
    client.force_login(staff_member(event.agency, "manager"))

    assert client.get(url, {"id": erika.pk})["Content-Type"] == "application/pdf"
    assert client.get(url, {"id": absent.pk}).status_code == 404
