import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency
from portal.models import AccessibilityStatement, ContentPage, Imprint
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize(
    ("url", "heading", "text"),
    [
        ("/impressum/", "<h1>Impressum</h1>", "Haftung für Links"),
        ("/datenschutz/", "<h1>Datenschutzerklärung</h1>", "Ihre Rechte"),
        ("/barrierefreiheit/", "<h1>Erklärung zur Barrierefreiheit</h1>", "Stand der Vereinbarkeit"),
        ("/leichte-sprache/", "<h1>Leichte Sprache</h1>", "Was ist das Transfer-Portal?"),
        ("/gebaerdensprache/", "<h1>Gebärdensprache</h1>", "Deutscher Gebärdensprache"),
        ("/barriere-melden/", "<h1>Barriere melden</h1>", "Welche Barriere ist Ihnen begegnet?"),
    ],
)
def test_every_legal_page_shows_its_content_in_the_layout(client, demo_site, url, heading, text):
    response = client.get(url)

    assert response.status_code == 200
    main = main_of(response)
    assert heading in main
    assert text in main
    assert "Zum Inhalt springen" in response.content.decode()


def test_imprint_has_a_section_with_the_operator_of_each_agency(client, demo_site):
    main = main_of(client.get("/impressum/"))

    for agency in Agency.objects.all():
        assert f'<h2 id="impressum-{agency.slug}">{agency.name}</h2>' in main
    assert "INBAS GmbH" in main
    assert "Gesellschaft mit beschränkter Haftung (GmbH)" in main
    assert "Institut für soziale Arbeit e.V. (ISA)" in main
    assert "eingetragener Verein (e.V.)" in main
    assert "Amtsgericht Münster, VR 20002" in main
    assert "Vertreten durch" in main
    assert "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV" in main
    assert "Dr. Max Mustermann, Leitung der Transferagentur<br>Friesenring 40, 48147 Münster" in main


def test_imprint_sections_follow_the_agency_order(client, demo_site):
    main = main_of(client.get("/impressum/"))

    positions = [main.index(f'id="impressum-{slug}"') for slug in ["hessen", "nrw", "transmit", "bayern"]]
    assert positions == sorted(positions)


def test_accessibility_statement_names_the_contact_and_the_arbitration_procedure(client, demo_site):
    main = main_of(client.get("/barrierefreiheit/"))

    assert "<strong>teilweise vereinbar</strong>" in main
    assert "Nicht barrierefreie Inhalte" in main
    assert "Koordinierungsstelle Barrierefreiheit im Transferportal" in main
    assert 'href="mailto:barrierefreiheit@transferportal.example.org"' in main
    assert 'href="/barriere-melden/"' in main
    assert "<h2>Schlichtungsverfahren</h2>" in main
    assert "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz" in main
    assert "erstellt und zuletzt am 14.09.2026 überprüft" in main


def test_accessibility_page_without_statement_still_offers_feedback_and_arbitration(client, db):
    main = main_of(client.get("/barrierefreiheit/"))

    assert "wird gerade erarbeitet" in main
    assert 'href="/barriere-melden/"' in main
    assert "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz" in main


def test_page_nobody_has_written_yet_answers_with_a_heading_instead_of_404(client, db):
    response = client.get("/datenschutz/")

    assert response.status_code == 200
    assert "<h1>Datenschutzerklärung</h1>" in main_of(response)
    assert "wird gerade erstellt" in main_of(response)


def test_sign_language_page_offers_the_video_for_download_with_its_text(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ContentPage.objects.create(
        kind=ContentPage.Kind.SIGN_LANGUAGE,
        title="Gebärdensprache",
        body="<p>Einführung</p>",
        video=SimpleUploadedFile("portal.mp4", b"\x00" * 2048, content_type="video/mp4"),
        video_text="Willkommen im Transferportal.\n\nHier finden Sie Veranstaltungen.",
    )

    main = main_of(client.get("/gebaerdensprache/"))

    assert '<source src="/media/seiten/videos/portal.mp4" type="video/mp4">' in main
    assert '<a href="/media/seiten/videos/portal.mp4" download>Video herunterladen</a>' in main
    assert "(MP4, 2,0\xa0KB)" in main
    assert "Textfassung des Videos" in main
    assert "<p>Willkommen im Transferportal.</p>" in main


def test_a_video_without_text_alternative_is_refused(db):
    page = ContentPage(
        kind=ContentPage.Kind.SIGN_LANGUAGE,
        title="Gebärdensprache",
        video="seiten/videos/portal.mp4",
    )

    with pytest.raises(ValidationError, match="Textfassung"):
        page.full_clean()


def test_editor_html_is_cleaned_before_it_is_stored_and_shown(client, db):
    page = ContentPage.objects.create(
        kind=ContentPage.Kind.PRIVACY,
        title="Datenschutz",
        body='<h2 onclick="x()">Recht</h2><script>alert(1)</script><a href="javascript:alert(2)">Link</a>'
        '<p><span lang="en">privacy</span></p>',
    )

    page.refresh_from_db()
    assert "<script>" not in page.body
    assert "onclick" not in page.body
    assert "javascript:" not in page.body
    main = main_of(client.get("/datenschutz/"))
    assert "<h2>Recht</h2>" in main
    assert '<span lang="en">privacy</span>' in main
    assert "alert(1)" not in main


def test_html_that_bypassed_the_model_is_still_cleaned_on_output(client, db):
    page = ContentPage.objects.create(kind=ContentPage.Kind.PRIVACY, title="Datenschutz", body="<p>ok</p>")
    ContentPage.objects.filter(pk=page.pk).update(body="<p>ok</p><script>alert(1)</script>")

    assert "<script>" not in main_of(client.get("/datenschutz/"))


def test_change_date_is_shown_in_german_format(client, db):
    page = ContentPage.objects.create(kind=ContentPage.Kind.PRIVACY, title="Datenschutz", body="<p>Text</p>")
    changed = datetime.datetime(2020, 12, 3, 10, 0, tzinfo=BERLIN)
    ContentPage.objects.filter(pk=page.pk).update(updated_at=changed)

    assert "Stand: 03.12.2020, 10:00 Uhr" in main_of(client.get("/datenschutz/"))


def test_imprint_of_an_agency_shows_under_its_name(client, agency):
    Imprint.objects.create(
        agency=agency,
        operator="Testinstitut e.V.",
        legal_form="eingetragener Verein (e.V.)",
        street="Musterweg 1",
        postcode="12345",
        city="Musterstadt",
        represented_by="Anna Anders, Vorstand\nBerta Beispiel, Vorstand",
        email="info@testland.example.org",
        content_responsible="Anna Anders",
    )

    main = main_of(client.get("/impressum/"))

    assert '<h2 id="impressum-testland">Transferagentur Testland</h2>' in main
    assert "Anna Anders, Vorstand<br>Berta Beispiel, Vorstand" in main
    assert "Registereintrag" not in main  # left empty, so not shown


def test_only_one_accessibility_statement_can_be_added_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:portal_accessibilitystatement_add")).status_code == 200
    AccessibilityStatement.objects.create(
        intro="Gilt für das Portal.",
        prepared_on=datetime.date(2026, 1, 1),
        reviewed_on=datetime.date(2026, 1, 1),
        contact_name="Kontaktstelle",
        contact_email="kontakt@example.org",
    )

    assert admin_client.get(reverse("admin:portal_accessibilitystatement_add")).status_code == 403


def make_imprints(count):
    for number in range(count):
        agency = AgencyFactory(
            name=f"Agentur {number}",
            short_name=f"A{number}",
            slug=f"agentur-{number}",
            host_institution="Institut",
            street="Weg 1",
            postcode="12345",
            city="Stadt",
            email=f"info{number}@example.org",
            mission="Leitbild",
        )
        Imprint.objects.create(
            agency=agency,
            operator=f"Träger {number} e.V.",
            legal_form="eingetragener Verein (e.V.)",
            street="Weg 1",
            postcode="12345",
            city="Stadt",
            represented_by="Vorstand",
            email=f"info{number}@example.org",
            content_responsible="Leitung",
        )


@pytest.mark.parametrize("size", [1, 25])
@pytest.mark.parametrize(
    "path", ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/", "/barriere-melden/"]
)
def test_legal_pages_run_a_constant_number_of_queries(client, db, django_assert_max_num_queries, size, path):
    make_imprints(size)

    with django_assert_max_num_queries(2):
        response = client.get(path)

    assert response.status_code == 200
