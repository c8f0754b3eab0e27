import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import BarrierReport
from portal.services import barrier_report_answer_due, barrier_report_create
from tests.factories import AccessibilityStatementFactory, deliver_outbox

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_report_is_stored_with_page_and_sender_and_confirmed_on_the_page(client, db):
    response = client.post(
        "/barriere-melden/",
        {
            "message": "Das Bild auf der Startseite hat keinen Alternativtext.",
            "page_url": "/transferagenturen/nrw/",
            "name": "Erika Testperson",
            "email": "erika@example.org",
        },
        follow=True,
    )

    report = BarrierReport.objects.get()
    assert report.message == "Das Bild auf der Startseite hat keinen Alternativtext."
    assert report.page_url == "/transferagenturen/nrw/"
    assert (report.name, report.email) == ("Erika Testperson", "erika@example.org")
    html = response.content.decode()
    assert 'role="status"' in html
    assert "Vielen Dank für Ihre Meldung." in html
    assert f"spätestens bis zum {report.answer_due:%d.%m.%Y}" in html


def test_name_and_email_are_optional(client, db):
    response = client.post(
        "/barriere-melden/", {"message": "Der Kontrast im Footer ist zu gering."}, follow=True
    )

    assert BarrierReport.objects.get().email == ""
    assert "Vielen Dank für Ihre Meldung." in response.content.decode()
    assert "spätestens" not in response.content.decode()


def test_empty_message_is_rejected_with_a_german_error_and_keeps_the_input(client, db):
    response = client.post(
        "/barriere-melden/",
        {
            "message": "   ",
            "page_url": "/impressum/",
            "name": "Erika Testperson",
            "email": "erika@example.org",
        },
    )

    assert response.status_code == 200
    assert not BarrierReport.objects.exists()
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Bitte beschreiben Sie die Barriere, damit wir ihr nachgehen können." in html
    assert 'aria-invalid="true"' in html
    assert 'value="Erika Testperson"' in html
    assert 'value="erika@example.org"' in html
    assert 'value="/impressum/"' in html
    assert "<title>Fehler: Barriere melden" in html


def test_invalid_email_is_rejected_and_the_message_kept(client, db):
    response = client.post("/barriere-melden/", {"message": "Tabelle ohne Kopfzeile", "email": "erika@"})

    assert not BarrierReport.objects.exists()
    html = response.content.decode()
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in html
    assert "Tabelle ohne Kopfzeile</textarea>" in html


def test_overlong_input_is_an_error_in_the_page_not_a_crash(client, db):
    response = client.post("/barriere-melden/", {"message": "x" * 6000, "page_url": "/" + "a" * 600})

    assert response.status_code == 200
    assert not BarrierReport.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_spam_robot_filling_the_trap_field_is_thanked_but_not_stored(client, db):
    response = client.post(
        "/barriere-melden/", {"message": "Cheap pills", "homepage": "https://spam.example.org"}, follow=True
    )

    assert not BarrierReport.objects.exists()
    assert "Vielen Dank für Ihre Meldung." in response.content.decode()


def test_the_page_the_person_came_from_is_filled_in(client, db):
    from_footer = client.get("/barriere-melden/?seite=/transferagenturen/bayern/")
    from_referer = client.get("/barriere-melden/", HTTP_REFERER="http://testserver/datenschutz/")
    from_elsewhere = client.get("/barriere-melden/", HTTP_REFERER="https://elsewhere.example.org/x/")

    assert 'value="/transferagenturen/bayern/"' in from_footer.content.decode()
    assert 'value="/datenschutz/"' in from_referer.content.decode()
    assert 'name="page_url" value=' not in from_elsewhere.content.decode()


def test_every_page_links_to_the_form_with_its_own_address(client, demo_site):
    html = client.get("/transferagenturen/hessen/").content.decode()

    assert 'href="/barriere-melden/?seite=/transferagenturen/hessen/"' in html


def test_sending_a_report_sets_no_cookie_beyond_session_and_csrf(client, db):
    client.get("/barriere-melden/")
    client.post("/barriere-melden/", {"message": "Ein Link ist nicht erkennbar."}, follow=True)

    assert set(client.cookies) <= {"sessionid", "csrftoken"}


def test_the_accessibility_contact_gets_a_mail_about_a_new_report(
    client, db, settings, django_capture_on_commit_callbacks
):
    AccessibilityStatementFactory()
    settings.SITE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/barriere-melden/",
            {"message": "Der Kalender ist nicht per Tastatur bedienbar.", "page_url": "/veranstaltungen/"},
        )
    assert mail.outbox == []  # the request only queued it
    deliver_outbox()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["barrierefreiheit@transferportal.example.org"]
    assert "Der Kalender ist nicht per Tastatur bedienbar." in mail.outbox[0].body
    assert "Seite: https://portal.example.org/veranstaltungen/" in mail.outbox[0].body
    report = BarrierReport.objects.get()
    assert (
        "https://portal.example.org" + reverse("admin:portal_barrierreport_change", args=[report.pk])
        in mail.outbox[0].body
    )


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime.datetime(2020, 12, 3, 10, 0, tzinfo=BERLIN), datetime.date(2021, 1, 3)),
        (datetime.datetime(2021, 1, 31, 9, 0, tzinfo=BERLIN), datetime.date(2021, 2, 28)),
        (datetime.datetime(2024, 1, 31, 9, 0, tzinfo=BERLIN), datetime.date(2024, 2, 29)),
        # 23:30 UTC on 31 March is already 1 April in Berlin
        (datetime.datetime(2021, 3, 31, 23, 30, tzinfo=datetime.UTC), datetime.date(2021, 5, 1)),
    ],
)
def test_answer_is_due_one_calendar_month_after_receipt(received, due):
    assert barrier_report_answer_due(received_at=received) == due


def test_admin_lists_reports_with_answer_date_and_filters_open_and_answered(admin_client, db):
    open_report = barrier_report_create(message="Offene Meldung über fehlende Untertitel")
    answered = barrier_report_create(message="Beantwortete Meldung über ein PDF")
    answered.answered_on = timezone.localdate()
    answered.save()

    everything = admin_client.get(reverse("admin:portal_barrierreport_changelist")).content.decode()
    only_open = admin_client.get(
        reverse("admin:portal_barrierreport_changelist") + "?status=offen"
    ).content.decode()
    only_answered = admin_client.get(
        reverse("admin:portal_barrierreport_changelist") + "?status=beantwortet"
    ).content.decode()

    assert "Antwort fällig bis" in everything
    assert f"{open_report.answer_due:%d.%m.%Y}" in everything
    assert "Offene Meldung" in only_open and "Beantwortete Meldung" not in only_open
    assert "Beantwortete Meldung" in only_answered and "Offene Meldung" not in only_answered


def test_admin_action_marks_reports_as_answered_today(admin_client, db):
    report = barrier_report_create(message="Formular ohne Beschriftung")

    admin_client.post(
        reverse("admin:portal_barrierreport_changelist"),
        {"action": "mark_answered", "_selected_action": [report.pk]},
    )

    report.refresh_from_db()
    assert report.answered_on == timezone.localdate()


def test_portal_editors_may_read_and_answer_reports_but_not_invent_them(db):
    group = Group.objects.get(name="Portalredaktion")
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {"view_barrierreport", "change_barrierreport"} <= codenames
    assert "add_barrierreport" not in codenames
