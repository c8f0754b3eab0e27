"""Demo content for the site-wide pages, the imprint of each agency, and the demo logins.

Existing rows are left alone, so a second run changes nothing and never overwrites
what someone has edited in the admin. People, register and tax numbers are invented.
"""

import datetime

from django.contrib.auth import get_user_model

from agencies.models import Agency

from .models import AccessibilityStatement, ContentPage, Imprint
from .services import editor_group_sync

CONTENT_PAGES = {
    ContentPage.Kind.IMPRINT: {
        "title": "Impressum",
        "intro": (
            "Das Transferportal ist ein gemeinsames Angebot von vier Transferagenturen. Jede Agentur "
            "verantwortet ihre eigenen Inhalte; deshalb finden Sie die Anbieterangaben hier für jede "
            "Agentur einzeln. (Demo: Alle Personen, Register- und Steuernummern auf dieser Seite sind "
            "erfunden.)"
        ),
        "body": (
            "<h2>Haftung für Links</h2>"
            "<p>Wir prüfen verlinkte fremde Seiten, wenn wir den Link setzen. Für spätere Änderungen "
            "dort sind deren Anbieter verantwortlich. Erfahren wir von rechtswidrigen Inhalten, "
            "entfernen wir den Link umgehend.</p>"
            "<h2>Urheberrecht</h2>"
            "<p>Texte und Bilder auf diesen Seiten sind urheberrechtlich geschützt. Wenn Sie etwas "
            "weiterverwenden möchten, fragen Sie bitte die Agentur, die es veröffentlicht hat.</p>"
        ),
    },
    ContentPage.Kind.PRIVACY: {
        "title": "Datenschutzerklärung",
        "intro": (
            "Hier erfahren Sie, welche personenbezogenen Daten das Transferportal verarbeitet, wozu "
            "und welche Rechte Sie haben."
        ),
        "body": (
            "<h2>Verantwortliche Stellen</h2>"
            "<p>Verantwortlich ist jeweils die Transferagentur, deren Angebot Sie nutzen, zum Beispiel "
            "die Agentur, die eine Veranstaltung ausrichtet. Anschriften und Kontaktwege stehen im "
            '<a href="/impressum/">Impressum</a>.</p>'
            "<h2>Datenschutzbeauftragte</h2>"
            "<p>Fragen zum Datenschutz beantwortet Frau Dana Datenfrei, erreichbar unter "
            '<a href="mailto:datenschutz@transferportal.example.org">'
            "datenschutz@transferportal.example.org</a>.</p>"
            "<h2>Aufruf der Seiten</h2>"
            "<p>Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Angaben wie Ihre "
            "IP-Adresse, Datum und Uhrzeit und die aufgerufene Adresse, damit die Seite ausgeliefert "
            "werden kann und der Betrieb sicher bleibt. Die Protokolle löschen wir nach sieben Tagen. "
            "Rechtsgrundlage ist Art. 6 Abs. 1 lit. e und f DSGVO.</p>"
            "<h2>Cookies</h2>"
            "<p>Wir setzen nur zwei technisch notwendige Cookies: eines schützt Formulare vor "
            "Missbrauch (CSRF-Schutz), das andere merkt sich während Ihres Besuchs zum Beispiel eine "
            "Bestätigungsmeldung (Sitzung). Es gibt keine Analyse- oder Werbe-Cookies, keine "
            "Reichweitenmessung und keine Inhalte von Drittanbietern, die beim Seitenaufruf geladen "
            "werden.</p>"
            "<h2>Anmeldung zu Veranstaltungen</h2>"
            "<p>Wenn Sie sich zu einer Veranstaltung anmelden, verarbeitet die ausrichtende Agentur "
            "Ihre Angaben, um die Veranstaltung durchzuführen und Sie über Änderungen zu informieren. "
            "Nach Abschluss der Veranstaltung und ihrer Abrechnung werden die Daten gelöscht.</p>"
            "<h2>Meldungen über Barrieren</h2>"
            "<p>Melden Sie uns eine Barriere, speichern wir Ihre Nachricht und, falls angegeben, Ihren "
            "Namen und Ihre E-Mail-Adresse, um der Meldung nachzugehen und Ihnen zu antworten. Die "
            "Angaben werden ein Jahr nach Abschluss der Bearbeitung gelöscht.</p>"
            "<h2>Ihre Rechte</h2>"
            "<ul><li>Auskunft über Ihre gespeicherten Daten (Art. 15 DSGVO)</li>"
            "<li>Berichtigung unrichtiger Daten (Art. 16 DSGVO)</li>"
            "<li>Löschung (Art. 17 DSGVO) und Einschränkung der Verarbeitung (Art. 18 DSGVO)</li>"
            "<li>Widerspruch gegen die Verarbeitung (Art. 21 DSGVO)</li>"
            "<li>Beschwerde bei einer Datenschutz-Aufsichtsbehörde (Art. 77 DSGVO)</li></ul>"
        ),
    },
    ContentPage.Kind.EASY_LANGUAGE: {
        "title": "Leichte Sprache",
        "intro": "Hier erklären wir das Transfer-Portal in Leichter Sprache.",
        "body": (
            "<h2>Was ist das Transfer-Portal?</h2>"
            "<p>Das Transfer-Portal ist eine Internet-Seite.</p>"
            "<p>Die Seite ist für Menschen, die in einer Stadt arbeiten. Oder in einem Landkreis.</p>"
            "<p>Diese Menschen kümmern sich um Bildung. Bildung heißt: Menschen lernen etwas. "
            "Zum Beispiel in der Kita. In der Schule. Oder in der Volks-Hochschule.</p>"
            "<h2>Wer macht das Transfer-Portal?</h2>"
            "<p>Vier Transfer-Agenturen machen das Portal.</p>"
            "<p>Eine Transfer-Agentur ist ein Büro mit Fach-Leuten. Die Fach-Leute helfen Städten "
            "und Landkreisen. Sie zeigen: So können Sie Bildung gut planen.</p>"
            "<h2>Was finden Sie hier?</h2>"
            "<ul><li>Termine für Treffen und Fach-Tage. Dort lernen Städte voneinander.</li>"
            "<li>Neuigkeiten von den Transfer-Agenturen.</li>"
            "<li>Namen und Telefon-Nummern von Ansprech-Personen.</li></ul>"
            "<h2>Sie haben ein Problem mit der Seite?</h2>"
            "<p>Manche Menschen können etwas auf der Seite nicht lesen. Oder nicht benutzen. "
            'Dann schreiben Sie uns bitte. Dafür gibt es ein <a href="/barriere-melden/">Formular</a>.</p>'
        ),
    },
    ContentPage.Kind.SIGN_LANGUAGE: {
        "title": "Gebärdensprache",
        "intro": ("Auf dieser Seite stellen wir das Transferportal in Deutscher Gebärdensprache (DGS) vor."),
        "body": (
            "<p>Das Video in Deutscher Gebärdensprache wird gerade produziert und erscheint bald hier, "
            "zusammen mit einer Textfassung zum Nachlesen und einer Datei zum Herunterladen.</p>"
            "<p>Bis dahin finden Sie die wichtigsten Informationen in "
            '<a href="/leichte-sprache/">Leichter Sprache</a>. Wenn Sie für eine Veranstaltung eine '
            "Gebärdensprachdolmetschung brauchen, geben Sie das bitte bei der Anmeldung an.</p>"
        ),
    },
}

ACCESSIBILITY_STATEMENT = {
    "title": "Erklärung zur Barrierefreiheit",
    "intro": (
        "Die Transferagenturen möchten ihr gemeinsames Transferportal für alle Menschen zugänglich "
        "machen, im Einklang mit dem Behindertengleichstellungsgesetz (BGG) und der "
        "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0). Diese Erklärung gilt für alle Seiten "
        "des Transferportals."
    ),
    "conformance": AccessibilityStatement.Conformance.PARTIAL,
    "non_accessible": (
        "<p>Die folgenden Inhalte sind noch nicht barrierefrei:</p>"
        "<ul><li>Einige ältere PDF-Dokumente aus früheren Veranstaltungen haben keine Struktur für "
        "Screenreader. Auf Wunsch schicken wir Ihnen den Inhalt als barrierefreies Dokument.</li>"
        "<li>Das Video in Deutscher Gebärdensprache ist noch in Arbeit. Die Inhalte stehen bereits in "
        "Leichter Sprache zur Verfügung.</li>"
        "<li>Aufzeichnungen von Vorträgen haben teilweise noch keine Untertitel. Wir ergänzen sie "
        "schrittweise.</li></ul>"
    ),
    "prepared_on": datetime.date(2026, 3, 2),
    "method": (
        "Selbstbewertung mit automatischen Prüfwerkzeugen und manuellen Tests mit Tastatur und Screenreader"
    ),
    "reviewed_on": datetime.date(2026, 9, 14),
    "contact_name": "Koordinierungsstelle Barrierefreiheit im Transferportal",
    "contact_address": "c/o Transferagentur Hessen\nHerrnstraße 53\n63065 Offenbach am Main",
    "contact_email": "barrierefreiheit@transferportal.example.org",
    "contact_phone": "069 5550100-99",
}

# Per agency: the operator behind its content. Names and numbers are fictional.
IMPRINTS = {
    "hessen": {
        "operator": "INBAS GmbH – Institut für berufliche Bildung, Arbeitsmarkt- und Sozialpolitik",
        "legal_form": "Gesellschaft mit beschränkter Haftung (GmbH)",
        "street": "Herrnstraße 53",
        "postcode": "63065",
        "city": "Offenbach am Main",
        "represented_by": "Dr. Karla Kontur, Geschäftsführerin",
        "register_entry": "Amtsgericht Offenbach am Main, HRB 10001",
        "vat_id": "DE100000001",
        "content_responsible": (
            "Dr. Erika Beispiel, Leitung der Transferagentur\nHerrnstraße 53, 63065 Offenbach am Main"
        ),
    },
    "nrw": {
        "operator": "Institut für soziale Arbeit e.V. (ISA)",
        "legal_form": "eingetragener Verein (e.V.)",
        "street": "Friesenring 40",
        "postcode": "48147",
        "city": "Münster",
        "represented_by": (
            "Bernd Blindtext, Vorsitzender des Vorstands\nFrieda Füllwort, stellvertretende Vorsitzende"
        ),
        "register_entry": "Amtsgericht Münster, VR 20002",
        "vat_id": "DE200000002",
        "content_responsible": (
            "Dr. Max Mustermann, Leitung der Transferagentur\nFriesenring 40, 48147 Münster"
        ),
    },
    "transmit": {
        "operator": "Deutsches Jugendinstitut e.V.",
        "legal_form": "eingetragener Verein (e.V.)",
        "street": "Nockherstraße 2",
        "postcode": "81541",
        "city": "München",
        "represented_by": "Prof. Dr. Viktor Vorlage, Direktor\nUte Unbekannt, Verwaltungsleiterin",
        "register_entry": "Amtsgericht München, VR 30003",
        "vat_id": "DE300000003",
        "content_responsible": (
            "Clara Crashtest, Leitung der Transferagentur TransMit\nFranckeplatz 1, 06110 Halle (Saale)"
        ),
    },
    "bayern": {
        "operator": "Deutsches Jugendinstitut e.V.",
        "legal_form": "eingetragener Verein (e.V.)",
        "street": "Nockherstraße 2",
        "postcode": "81541",
        "city": "München",
        "represented_by": "Prof. Dr. Viktor Vorlage, Direktor\nUte Unbekannt, Verwaltungsleiterin",
        "register_entry": "Amtsgericht München, VR 30003",
        "vat_id": "DE300000003",
        "content_responsible": (
            "Dr. Felix Fiktiv, Leitung der Transferagentur\nNockherstraße 2, 81541 München"
        ),
    },
}
FUNDING_NOTE = (
    "<p>Die Transferagentur ist Teil der Transferinitiative Kommunales Bildungsmanagement und wird vom "
    "Bundesministerium für Bildung und Forschung gefördert.</p>"
)

SUPERUSER = {"username": "admin", "password": "demo-admin"}


def load():
    """Create the content pages, the accessibility statement and one imprint per agency, if missing."""
    for kind, data in CONTENT_PAGES.items():
        ContentPage.objects.get_or_create(kind=kind, defaults=data)
    if not AccessibilityStatement.objects.exists():
        AccessibilityStatement.objects.create(**ACCESSIBILITY_STATEMENT)
    for agency in Agency.objects.filter(slug__in=IMPRINTS):
        Imprint.objects.get_or_create(
            agency=agency,
            defaults={
                **IMPRINTS[agency.slug],
                "phone": agency.phone,
                "email": agency.email,
                "notes": FUNDING_NOTE,
            },
        )
    return (
        f"{ContentPage.objects.count()} Inhaltsseiten, {Imprint.objects.count()} Impressumsangaben, "
        f"{AccessibilityStatement.objects.count()} Erklärung zur Barrierefreiheit"
    )


def load_users():
    """Create the demo superuser and one editor per agency if missing; return (user, password, role) rows.

    Only for local use: load_demo_data calls this only where settings.DEMO_USERS is true.
    """
    User = get_user_model()
    group = editor_group_sync()
    admin, created = User.objects.get_or_create(
        username=SUPERUSER["username"],
        defaults={"email": "admin@transferportal.example.org", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(SUPERUSER["password"])
        admin.save(update_fields=["password"])
    logins = [(admin.username, SUPERUSER["password"], "Superuser, darf alles")]
    for agency in Agency.objects.all():
        username, password = f"redaktion-{agency.slug}", f"demo-{agency.slug}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"redaktion@{agency.slug}.transferagentur.example.org",
                "first_name": "Redaktion",
                "last_name": agency.short_name,
                "is_staff": True,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(group)
        agency.members.add(user)
        logins.append((username, password, f"Agenturredaktion {agency.short_name}"))
    return logins
