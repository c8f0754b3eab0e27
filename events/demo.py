"""Demo events: the seed documents' events (as facts) in the archive, a dozen upcoming ones relative to today.

Idempotent: everything is keyed by slug (materials by event and title), so loading twice changes nothing
but the dates of upcoming events, which follow today's date. Speakers and contacts are invented.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from agencies.models import Agency, ContactPerson
from events.registration import demo as registration_demo
from municipalities.models import FederalState

from .models import Event, EventKind, Material, ProgrammeItem, Series, Speaker, TargetGroup, Topic, Venue

P = ProgrammeItem.Kind
F = Event.Format
S = Event.Status
A = Event.Audience

TOPICS = {
    "bildungsmanagement": "Bildungsmanagement",
    "bildungsmonitoring": "Bildungsmonitoring",
    "bildungsberatung": "Bildungsberatung",
    "integrierte-planung": "Integrierte Planung",
    "digitalisierung": "Digitalisierung",
    "uebergang-schule-beruf": "Übergang Schule – Beruf",
    "netzwerke": "Netzwerke und Kooperation",
}

TARGET_GROUPS = {
    "bildungsmanagement": "Bildungsmanagement",
    "bildungsmonitoring": "Bildungsmonitoring",
    "bildungskoordination": "Bildungskoordination",
    "jugendhilfeplanung": "Jugendhilfeplanung",
    "fuehrungskraefte": "Führungskräfte",
    "bildungsberatung": "Bildungsberatung",
}

# key: (agency, name, street, postcode, city, state code, step-free, accessibility notes)
VENUES = {
    "haus-am-dom": (
        "hessen",
        "Haus am Dom",
        "Domplatz 3",
        "60311",
        "Frankfurt am Main",
        "06",
        True,
        "Aufzug zu allen Sälen, barrierefreies WC im Erdgeschoss. Vom Hauptbahnhof mit der U-Bahn bis "
        "Dom/Römer, von dort etwa drei Minuten zu Fuß.",
    ),
    "lichthaus-halle": (
        "transmit",
        "LICHTHAUS Kulturcafé",
        "Dreyhauptstr. 3",
        "06108",
        "Halle (Saale)",
        "15",
        False,
        "Der Veranstaltungsraum liegt im Erdgeschoss, am Eingang ist eine Stufe. Bitte sagen Sie uns "
        "vorher Bescheid, dann stellen wir eine mobile Rampe bereit.",
    ),
    "inbas-offenbach": (
        "hessen",
        "Seminarräume der INBAS GmbH",
        "Herrnstraße 53",
        "63065",
        "Offenbach am Main",
        "06",
        True,
        "Aufzug vorhanden, barrierefreies WC auf derselben Etage. Induktionsschleife auf Anfrage.",
    ),
    "stuttgart-forum": (
        "hessen",
        "Tagungsforum am Schlossgarten (Beispielort)",
        "Gartenweg 12",
        "70173",
        "Stuttgart",
        "08",
        True,
        "Stufenloser Zugang über den Seiteneingang, Aufzug, barrierefreies WC.",
    ),
    "isa-muenster": (
        "nrw",
        "Tagungsraum im Institut für soziale Arbeit",
        "Friesenring 40",
        "48147",
        "Münster",
        "05",
        True,
        "Aufzug und barrierefreies WC. Zwei Behindertenparkplätze direkt vor dem Haus.",
    ),
    "dortmund-forum": (
        "nrw",
        "Bildungsforum Westfalen (Beispielort)",
        "Am Markt 7",
        "44135",
        "Dortmund",
        "05",
        False,
        "Der Saal ist über einen Treppenlift erreichbar; bitte melden Sie Ihren Bedarf bei der Anmeldung an.",
    ),
    "erfurt-haus": (
        "transmit",
        "Haus der Kommunen (Beispielort)",
        "Angerweg 20",
        "99084",
        "Erfurt",
        "16",
        True,
        "Alle Räume im Erdgeschoss, barrierefreies WC, Straßenbahnhaltestelle vor dem Haus.",
    ),
    "leipzig-etage": (
        "transmit",
        "Tagungsetage am Markt (Beispielort)",
        "Marktgasse 9",
        "04109",
        "Leipzig",
        "14",
        True,
        "Aufzug, barrierefreies WC; Gebärdensprachdolmetschung auf Anfrage bis drei Wochen vorher.",
    ),
    "dji-muenchen": (
        "bayern",
        "Konferenzraum im Deutschen Jugendinstitut",
        "Nockherstraße 2",
        "81541",
        "München",
        "09",
        True,
        "Stufenloser Eingang und Aufzug, barrierefreies WC im Erdgeschoss.",
    ),
    "nuernberg-zentrum": (
        "bayern",
        "Bildungszentrum am Westtor (Beispielort)",
        "Westtorgraben 4",
        "90429",
        "Nürnberg",
        "09",
        True,
        "Stufenloser Zugang, Aufzug, barrierefreies WC, Induktionsschleife im großen Saal.",
    ),
}

ONLINE_NOTES = (
    "Wir treffen uns in einer Videokonferenz im Browser, eine Installation ist nicht nötig. Den "
    "Zugangslink schicken wir angemeldeten Teilnehmenden am Vortag per E-Mail."
)
HYBRID_NOTES = (
    "Sie können vor Ort oder online teilnehmen. Online-Teilnehmende erhalten den Zugangslink am Vortag per "
    "E-Mail; Vorträge und Diskussion werden übertragen, die Arbeitsgruppen finden getrennt statt."
)


def _aware(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _weekday_in(days, weekday):
    """Return the first date ``days`` from today or later that falls on ``weekday`` (0 = Monday)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _tiny_pdf(lines):
    """Return a one-page PDF with ``lines`` of text: small, valid, and made here (no binary in the repo)."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = ["BT", "/F1 14 Tf", "60 780 Td", "18 TL"]
    for line in lines:
        text_ops.append(f"({escape(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _file(field, path, content):
    """Point ``field`` at ``path``, writing ``content`` there only if the file is missing."""
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))
    field.name = path


# --- Events ------------------------------------------------------------------------------------------

ARCHIVE = [
    {
        "slug": "fachtag-bildung-unter-einem-dach-2019",
        "agency": "hessen",
        "title": "Bildung unter einem Dach – Integrierte Planung in Kommunalverwaltungen",
        "kind": EventKind.FACHTAG,
        "format": F.ON_SITE,
        "start": (datetime.date(2019, 11, 19), 10, 0),
        "end": (datetime.date(2019, 11, 19), 16, 0),
        "venue": "haus-am-dom",
        "audience": A.INTERNAL,
        "topics": ["integrierte-planung", "bildungsmonitoring", "bildungsmanagement"],
        "groups": [
            "bildungsmanagement",
            "bildungsmonitoring",
            "bildungskoordination",
            "jugendhilfeplanung",
            "fuehrungskraefte",
        ],
        "teaser": (
            "Wo treffen sich integrierte Planung und datenbasiertes Bildungsmanagement? Ein Fachtag für "
            "Verwaltungsmitarbeitende, die mit Daten planen und steuern."
        ),
        "description": (
            "Integrierte Planung und Bildungsmanagement verfolgen ähnliche Ziele, sind in vielen "
            "Verwaltungen "
            "aber getrennt organisiert. Der Fachtag bringt beide Seiten zusammen: Wo lässt sich voneinander "
            "lernen, wo entstehen Synergien, und welche Rolle spielen die Fachabteilungen, die Daten "
            "erheben und auswerten?\n\n"
            "Zum ersten Mal richtet sich ein Fachtag der Transferagentur ausschließlich an Beschäftigte von "
            "Kommunalverwaltungen."
        ),
        "review": (
            "Rund 60 Fachleute aus hessischen Kommunen kamen im Haus am Dom in Frankfurt zusammen – aus "
            "Bildungsmanagement, Bildungsmonitoring und Bildungskoordination ebenso wie aus "
            "Jugendhilfeplanung, Gesundheitsberichterstattung und Stadtplanung.\n\n"
            "Am Vormittag standen ein wissenschaftlicher Vortrag zu Leitideen und Daten integrierter Planung "
            "und ein Podium mit drei Praktikerinnen aus hessischen Kommunen auf dem Programm. Am Nachmittag "
            "arbeiteten die Teilnehmenden in vier Workshops zu „Planung & Kooperation“ und „Daten“, jeweils "
            "eingeleitet durch Beispiele aus der Praxis.\n\n"
            "Das Fazit vieler: Wer gemeinsam plant, braucht ein geteiltes Verständnis des Prozesses, eine "
            "gemeinsame Sprache und eine Kultur der Zusammenarbeit über Ämtergrenzen hinweg."
        ),
        "programme": [
            ("10:00", "10:20", "Begrüßung und Einführung", P.WELCOME, "", []),
            (
                "10:20",
                "11:15",
                "Integrierte Planung: Leitideen, Handlungsfelder und Daten",
                P.TALK,
                "Vortrag mit anschließender Fragerunde.",
                [("Dr. Paula Planvoll", "Sozialwissenschaftlerin", "Forschungsinstitut Musterstadt")],
            ),
            (
                "11:30",
                "12:30",
                "Gemeinsam planen: Anspruch und Wirklichkeit in hessischen Kommunen",
                P.PANEL,
                "Drei Kommunen berichten, wie sie Bildungsplanung ämterübergreifend angehen.",
                [
                    ("Sabine Stichtag", "Bildungsmanagerin", "Landkreis Beispielkreis"),
                    ("Frieda Fallbeispiel", "Sozialplanerin", "Stadt Musterhausen"),
                    ("Dr. Ida Indikator", "Leiterin Bildungsbüro", "Kreisstadt Modellingen"),
                ],
            ),
            ("12:30", "13:30", "Mittagspause", P.BREAK, "", []),
            (
                "13:30",
                "15:30",
                "Vier Workshops: Planung & Kooperation (zwei Gruppen) und Daten (zwei Gruppen)",
                P.WORKSHOP,
                "Jeder Workshop beginnt mit einem kurzen Impuls aus einer hessischen Kommune.",
                [],
            ),
            ("15:30", "16:00", "Ergebnisse und Ausblick", P.OTHER, "", []),
        ],
        "materials": [
            {
                "title": "Dokumentation des Fachtags",
                "kind": Material.Kind.DOCUMENT,
                "description": "Kurzfassung der Ergebnisse aus Vortrag, Podium und Workshops.",
                "pdf": [
                    "Bildung unter einem Dach – Dokumentation",
                    "Fachtag am 19.11.2019, Haus am Dom, Frankfurt am Main",
                    "Demo-Datei des Transferportals.",
                ],
                "alternative": (
                    "Bildung unter einem Dach – Dokumentation (Textfassung)\n\n"
                    "Fachtag am 19.11.2019 im Haus am Dom, Frankfurt am Main.\n"
                    "Dies ist eine Demo-Datei des Transferportals.\n"
                ),
            },
            {
                "title": "Handreichung: Integrierte Bildungsplanung (Beispiel-Link)",
                "kind": Material.Kind.LINK,
                "url": "https://hessen.transferagentur.example.org/handreichung-integrierte-planung/",
                "description": "Weiterführende Hinweise der Transferagentur.",
            },
        ],
    },
    {
        "slug": "bildungswerkstatt-offener-austausch-2020",
        "agency": "transmit",
        "title": "Bildungswerkstatt „Offener Austausch“",
        "kind": EventKind.BILDUNGSWERKSTATT,
        "format": F.ON_SITE,
        "start": (datetime.date(2020, 1, 20), 10, 0),
        "end": (datetime.date(2020, 1, 20), 15, 0),
        "venue": "lichthaus-halle",
        "audience": A.PARTNERS,
        "contact_role": "kommunalberatung",
        "topics": ["bildungsmanagement", "bildungsmonitoring", "netzwerke"],
        "groups": ["bildungsmanagement", "bildungsmonitoring"],
        "teaser": (
            "Ein Tag ohne festes Fachprogramm: Sie bringen Ihre Fragen aus Bildungsmanagement und "
            "Bildungsmonitoring mit, wir sorgen für Raum, Struktur und Verpflegung."
        ),
        "description": (
            "Die Werkstatt richtet sich an die Mitarbeitenden im Bildungsmanagement und Bildungsmonitoring "
            "der Transferkommunen im Programm „Bildung integriert“. Die Themen bestimmen die Teilnehmenden "
            "selbst: ob Steuerungsgruppe, Berichtswesen, Datenbanken oder die Zusammenarbeit zwischen "
            "Ämtern.\n\n"
            "Getauscht wird in Gruppen nach Bundesland, nach Stadt und Landkreis oder ganz nach Thema – so, "
            "wie es für die Fragen des Tages passt."
        ),
        "review": (
            "Die erste Veranstaltung von TransMit im Jahr 2020 fand im Lichthaus in Halle statt. Statt "
            "Vorträgen gab es viel Zeit für Gespräche: In zwei Austauschrunden berieten sich die "
            "Mitarbeitenden der Transferkommunen gegenseitig – ganz im Sinne von „Kommunen helfen "
            "Kommunen“.\n\n"
            "Besprochen wurde, wie sich eine Bildungskonferenz vorbereiten lässt, wie die Zusammenarbeit mit "
            "kreisangehörigen Gemeinden gelingt und welche Rolle das Bildungsmanagement in der Verwaltung "
            "einnehmen kann. Weil die Fragen nicht ausgehen, wird es weitere offene Werkstätten geben."
        ),
        "programme": [
            ("09:30", "10:00", "Ankommen", P.OTHER, "", []),
            (
                "10:00",
                "10:45",
                "Begrüßung, Themen sammeln und auswählen, Thementische bilden",
                P.WELCOME,
                "",
                [("Moritz Modell", "Moderation", "TransMit")],
            ),
            (
                "10:45",
                "12:15",
                "Interkommunaler Austausch in Ländergruppen oder anderen Runden",
                P.EXCHANGE,
                "",
                [],
            ),
            ("12:15", "13:00", "Mittagspause", P.BREAK, "", []),
            ("13:00", "14:30", "Interkommunaler Austausch in Gruppen", P.EXCHANGE, "", []),
            ("14:30", "15:00", "Zusammenfassung und Rückmeldungen", P.OTHER, "", []),
            ("15:00", None, "Ende", P.OTHER, "", []),
        ],
        "materials": [
            {
                "title": "Themen der Thementische",
                "kind": Material.Kind.DOCUMENT,
                "accessible": True,
                "text": (
                    "Bildungswerkstatt Offener Austausch, 20.01.2020, Halle (Saale)\n\n"
                    "Themen der Thementische (Demo-Datei des Transferportals):\n"
                    "- Bildungskonferenz vorbereiten\n"
                    "- Zusammenarbeit mit kreisangehörigen Gemeinden\n"
                    "- Rolle des Bildungsmanagements in der Verwaltung\n"
                ),
                "description": "Übersicht als barrierefreie Textdatei.",
            }
        ],
    },
    {
        "slug": "fachtag-bildungslandschaft-digitale-transformation-2020",
        "agency": "hessen",
        "title": "#Bildungslandschaft – Lehren, Lernen, Leben in der digitalen Transformation",
        "kind": EventKind.FACHTAG,
        "format": F.HYBRID,
        "start": (datetime.date(2020, 12, 3), 10, 0),
        "end": (datetime.date(2020, 12, 3), 16, 0),
        "venue": "inbas-offenbach",
        "audience": A.PUBLIC,
        "topics": ["digitalisierung", "bildungsmanagement"],
        "groups": ["bildungsmanagement", "bildungskoordination", "fuehrungskraefte"],
        "teaser": (
            "Wie verändert die Digitalisierung das Lehren und Lernen in der Kommune? Der erste hybride "
            "Fachtag "
            "der Transferagentur Hessen: ein kleiner Kreis vor Ort, alle anderen per Video dabei."
        ),
        "description": (
            "Ursprünglich für das Frühjahr geplant, findet der Fachtag nun als Premiere im hybriden Format "
            "statt: Eine kleine Gruppe trifft sich vor Ort, weitere Teilnehmende werden über "
            "Konferenztechnik "
            "zugeschaltet und können mitdiskutieren."
        ),
        "online_notes": HYBRID_NOTES,
        "review": (
            "Mit diesem Fachtag hat die Transferagentur Hessen zum ersten Mal eine Veranstaltung hybrid "
            "durchgeführt. Die Vorträge sind als kurze Filme und Folien hier abrufbar."
        ),
        "programme": [
            (
                "10:00",
                "10:15",
                "Begrüßung",
                P.WELCOME,
                "",
                [("Dr. Erika Beispiel", "Leitung", "Transferagentur Hessen")],
            ),
            (
                "10:15",
                "11:00",
                "Bildung in der digitalen Transformation: Was Kommunen steuern können",
                P.TALK,
                "",
                [
                    (
                        "Prof. Dr. Mara Modellhaft",
                        "Professorin für Bildungsforschung",
                        "Hochschule Musterstadt",
                    )
                ],
            ),
            ("11:15", "12:30", "Digitale Lernorte in der Kommune: drei Beispiele", P.WORKSHOP, "", []),
            ("12:30", "13:30", "Mittagspause", P.BREAK, "", []),
            ("13:30", "15:30", "Arbeitsgruppen vor Ort und online", P.WORKSHOP, "", []),
            ("15:30", "16:00", "Zusammenfassung und Ausblick", P.OTHER, "", []),
        ],
        "materials": [
            {
                "title": "Folien zum Vortrag",
                "kind": Material.Kind.DOCUMENT,
                "description": "Präsentation aus dem Vormittag.",
                "pdf": [
                    "Bildung in der digitalen Transformation",
                    "Folien zum Fachtag am 03.12.2020 (Demo-Datei)",
                ],
            },
            {
                "title": "Film: Der Fachtag in fünf Minuten",
                "kind": Material.Kind.VIDEO,
                "url": "https://video.example.org/transferagentur-hessen/fachtag-2020",
                "description": "Zusammenschnitt der Vorträge, mit Untertiteln.",
            },
        ],
    },
]

SERIES = [
    {
        "slug": "online-austausch-kooperationskommunen",
        "agency": "hessen",
        "title": "Online-Austausch für Kooperationskommunen",
        "description": (
            "Seit Mai 2020 treffen sich die Kooperationskommunen der Transferagentur Hessen einmal im Monat "
            "online: kurze Impulse, aktuelle Fragen, kollegiale Beratung."
        ),
    },
    {
        "slug": "sprechstunde-bildungsmonitoring",
        "agency": "bayern",
        "title": "Online-Sprechstunde Bildungsmonitoring",
        "description": (
            "Einmal im Monat eine Stunde für Ihre Fragen zu Kennzahlen, Datenquellen und Bildungsberichten."
        ),
    },
]

UPCOMING = [
    {
        "slug": "bildungswerkstatt-bildungsberichte-lesbar-machen",
        "agency": "hessen",
        "title": "Bildungsberichte lesbar machen",
        "kind": EventKind.BILDUNGSWERKSTATT,
        "format": F.ON_SITE,
        "when": (12, 2, 10, 0, 15, 30),
        "venue": "inbas-offenbach",
        "topics": ["bildungsmonitoring"],
        "groups": ["bildungsmonitoring", "bildungsmanagement"],
        "teaser": (
            "Kennzahlen allein überzeugen selten. In dieser Werkstatt üben Sie, Ergebnisse des "
            "Bildungsmonitorings so aufzubereiten, dass Politik und Öffentlichkeit sie verstehen."
        ),
        "programme": [
            ("10:00", "10:30", "Begrüßung und Vorstellungsrunde", P.WELCOME, []),
            (
                "10:30",
                "11:30",
                "Gute Diagramme, schlechte Diagramme",
                P.TALK,
                [("Ben Berichtsfeld", "Datenjournalist", "Redaktionsbüro Beispiel")],
            ),
            ("11:30", "12:30", "Übung: Ein Bericht, drei Zielgruppen", P.WORKSHOP, []),
            ("12:30", "13:15", "Mittagspause", P.BREAK, []),
            ("13:15", "15:00", "Arbeit an eigenen Berichten", P.WORKSHOP, []),
            ("15:00", "15:30", "Abschluss", P.OTHER, []),
        ],
    },
    {
        "slug": "workshop-bildungsmanagement-laendlicher-raum-bw",
        "agency": "hessen",
        "title": "Bildungsmanagement im ländlichen Raum Baden-Württembergs",
        "kind": EventKind.WORKSHOP,
        "format": F.ON_SITE,
        "when": (26, 3, 10, 0, 16, 0),
        "venue": "stuttgart-forum",
        "topics": ["bildungsmanagement", "netzwerke"],
        "groups": ["bildungsmanagement", "bildungskoordination"],
        "teaser": (
            "Lange Wege, kleine Verwaltungen, viele Partner: Wie Landkreise in Baden-Württemberg "
            "Bildungsangebote gemeinsam mit ihren Gemeinden abstimmen."
        ),
        "programme": [
            ("10:00", "10:30", "Begrüßung", P.WELCOME, []),
            (
                "10:30",
                "11:30",
                "Erfahrungen aus zwei Landkreisen",
                P.TALK,
                [("Lars Lernort", "Bildungskoordinator", "Landkreis Beispielkreis")],
            ),
            ("11:30", "12:30", "Austausch in Kleingruppen", P.EXCHANGE, []),
            ("12:30", "13:30", "Mittagspause", P.BREAK, []),
            ("13:30", "15:30", "Werkstatt: Ein Kooperationsfahrplan für Ihren Kreis", P.WORKSHOP, []),
            ("15:30", "16:00", "Abschluss", P.OTHER, []),
        ],
    },
    {
        "slug": "fachtag-datengestuetzte-bildungsplanung",
        "agency": "hessen",
        "co_agencies": ["nrw"],
        "title": "Datengestützt planen: Bildung und Sozialplanung verzahnen",
        "kind": EventKind.FACHTAG,
        "format": F.HYBRID,
        "when": (40, 3, 9, 30, 16, 30),
        "venue": "haus-am-dom",
        "topics": ["integrierte-planung", "bildungsmonitoring"],
        "groups": ["bildungsmonitoring", "jugendhilfeplanung", "fuehrungskraefte"],
        "teaser": (
            "Ein gemeinsamer Fachtag der Transferagenturen Hessen und NRW: Wie Bildungs-, Jugendhilfe- und "
            "Sozialplanung ihre Daten teilen und gemeinsam Schwerpunkte setzen."
        ),
        "online_notes": HYBRID_NOTES,
        "programme": [
            ("09:30", "10:00", "Ankommen und Kaffee", P.OTHER, []),
            (
                "10:00",
                "10:20",
                "Begrüßung durch beide Transferagenturen",
                P.WELCOME,
                [
                    ("Dr. Erika Beispiel", "Leitung", "Transferagentur Hessen"),
                    ("Dr. Max Mustermann", "Leitung", "Transferagentur NRW"),
                ],
            ),
            (
                "10:20",
                "11:10",
                "Ein Datenbestand, viele Fragen: kleinräumiges Monitoring",
                P.TALK,
                [("Dr. Ida Indikator", "Leiterin Bildungsbüro", "Kreisstadt Modellingen")],
            ),
            (
                "11:20",
                "12:30",
                "Podium: Wer plant was, und mit wem?",
                P.PANEL,
                [
                    ("Kai Kennzahl", "Jugendhilfeplaner", "Landkreis Beispielkreis"),
                    ("Frieda Fallbeispiel", "Sozialplanerin", "Stadt Musterhausen"),
                ],
            ),
            ("12:30", "13:30", "Mittagspause", P.BREAK, []),
            (
                "13:30",
                "15:45",
                "Workshops zu Datenschutz, Indikatoren und Kooperationsvereinbarungen",
                P.WORKSHOP,
                [],
            ),
            ("15:45", "16:30", "Ergebnisse und Ausblick", P.OTHER, []),
        ],
    },
    {
        "slug": "fachtagung-nrw-kommunen-lernen-voneinander",
        "agency": "nrw",
        "title": "Landesweite Fachtagung: Kommunen lernen voneinander",
        "kind": EventKind.FACHTAGUNG,
        "format": F.ON_SITE,
        "when": (55, 2, 10, 0, 15, 0),
        "days": 2,
        "venue": "isa-muenster",
        "topics": ["bildungsmanagement", "bildungsberatung", "bildungsmonitoring"],
        "groups": ["bildungsmanagement", "bildungsmonitoring", "bildungsberatung", "fuehrungskraefte"],
        "teaser": (
            "Zwei Tage für den Austausch zwischen Kreisen und kreisfreien Städten in NRW: mit Foren zu "
            "Bildungsmanagement, Monitoring und Bildungsberatung."
        ),
        "programme": [
            (
                "10:00",
                "10:30",
                "Eröffnung",
                P.WELCOME,
                [("Dr. Max Mustermann", "Leitung", "Transferagentur NRW")],
            ),
            (
                "10:30",
                "11:30",
                "Gelingende Bildungsbiographien: Was Kommunen beitragen",
                P.TALK,
                [
                    (
                        "Prof. Dr. Mara Modellhaft",
                        "Professorin für Bildungsforschung",
                        "Hochschule Musterstadt",
                    )
                ],
            ),
            ("11:45", "13:00", "Fachforen am Vormittag", P.WORKSHOP, []),
            ("13:00", "14:00", "Mittagspause", P.BREAK, []),
            ("14:00", "17:00", "Fachforen am Nachmittag", P.WORKSHOP, []),
            ("09:00", "10:30", "Marktplatz der Kommunen", P.EXCHANGE, [], 2),
            (
                "10:45",
                "12:15",
                "Podium: Bildungsberatung vor Ort",
                P.PANEL,
                [("Nils Netzwerk", "Bildungsberater", "Stadt Musterhausen")],
                2,
            ),
            ("12:15", "13:00", "Mittagspause", P.BREAK, [], 2),
            ("13:00", "15:00", "Ergebnisse der Foren und Abschluss", P.OTHER, [], 2),
        ],
    },
    {
        "slug": "austauschforum-bildungsberatung-vernetzen",
        "agency": "nrw",
        "title": "Regionales Austauschforum: Bildungsberatung vernetzen",
        "kind": EventKind.AUSTAUSCHFORUM,
        "format": F.ON_SITE,
        "when": (19, 1, 13, 0, 16, 30),
        "venue": "dortmund-forum",
        "topics": ["bildungsberatung", "netzwerke"],
        "groups": ["bildungsberatung", "bildungskoordination"],
        "teaser": (
            "Beratungsstellen, Volkshochschulen, Jobcenter: Wie Kommunen in der Region ein Beratungsnetz "
            "knüpfen, in dem Ratsuchende nicht verloren gehen."
        ),
        "programme": [
            ("13:00", "13:20", "Begrüßung", P.WELCOME, []),
            (
                "13:20",
                "14:00",
                "Impuls: Verweisberatung in der Praxis",
                P.TALK,
                [("Nils Netzwerk", "Bildungsberater", "Stadt Musterhausen")],
            ),
            ("14:15", "16:00", "Austausch an Thementischen", P.EXCHANGE, []),
            ("16:00", "16:30", "Verabredungen und Abschluss", P.OTHER, []),
        ],
    },
    {
        "slug": "fortbildung-einfuehrung-bildungsmonitoring",
        "agency": "nrw",
        "title": "Einführung in das kommunale Bildungsmonitoring",
        "kind": EventKind.FORTBILDUNG,
        "format": F.ONLINE,
        "when": (8, 3, 9, 30, 12, 30),
        "topics": ["bildungsmonitoring"],
        "groups": ["bildungsmonitoring", "bildungsmanagement"],
        "teaser": (
            "Für alle, die neu im Bildungsmonitoring sind: Datenquellen, Indikatoren und erste Schritte zu "
            "einem kommunalen Bildungsbericht, kompakt an einem Vormittag."
        ),
        "online_notes": ONLINE_NOTES,
        "programme": [
            ("09:30", "09:45", "Begrüßung und Technikcheck", P.WELCOME, []),
            (
                "09:45",
                "10:45",
                "Was ist Bildungsmonitoring?",
                P.TALK,
                [("Lea Lorem", "Wissenschaftliche Mitarbeiterin", "Transferagentur NRW")],
            ),
            ("10:45", "11:00", "Pause", P.BREAK, []),
            ("11:00", "12:15", "Übung mit offenen Daten", P.WORKSHOP, []),
            ("12:15", "12:30", "Fragen und Abschluss", P.OTHER, []),
        ],
    },
    {
        "slug": "bildungswerkstatt-offener-austausch-halle",
        "agency": "transmit",
        "title": "Bildungswerkstatt „Offener Austausch“: Ihre Fragen, Ihre Themen",
        "kind": EventKind.BILDUNGSWERKSTATT,
        "format": F.ON_SITE,
        "when": (33, 0, 10, 0, 15, 0),
        "venue": "lichthaus-halle",
        "audience": A.PARTNERS,
        "contact_role": "kommunalberatung",
        "topics": ["bildungsmanagement", "bildungsmonitoring"],
        "groups": ["bildungsmanagement", "bildungsmonitoring"],
        "teaser": (
            "Die offene Werkstatt geht weiter: Bringen Sie mit, was Sie in Ihrer Arbeit gerade beschäftigt, "
            "und beraten Sie sich mit Kolleginnen und Kollegen aus Mitteldeutschland."
        ),
        "programme": [
            ("09:30", "10:00", "Ankommen", P.OTHER, []),
            (
                "10:00",
                "10:45",
                "Begrüßung und Themensammlung",
                P.WELCOME,
                [("Moritz Modell", "Moderation", "TransMit")],
            ),
            ("10:45", "12:15", "Austausch an Thementischen", P.EXCHANGE, []),
            ("12:15", "13:00", "Mittagspause", P.BREAK, []),
            ("13:00", "14:30", "Zweite Austauschrunde", P.EXCHANGE, []),
            ("14:30", "15:00", "Zusammenfassung und Rückmeldungen", P.OTHER, []),
        ],
    },
    {
        "slug": "workshop-steuerungsgruppen-aufbauen",
        "agency": "transmit",
        "title": "Workshop: Eine Steuerungsgruppe aufbauen",
        "kind": EventKind.WORKSHOP,
        "format": F.ON_SITE,
        "when": (47, 1, 10, 0, 15, 0),
        "venue": "erfurt-haus",
        "status": S.POSTPONED,
        "status_notice": (
            "Der Workshop wird verschoben, weil der Veranstaltungsraum nicht zur Verfügung steht. Den neuen "
            "Termin geben wir hier bekannt; bereits Angemeldete informieren wir per E-Mail."
        ),
        "topics": ["bildungsmanagement", "netzwerke"],
        "groups": ["bildungsmanagement", "fuehrungskraefte"],
        "teaser": (
            "Wer gehört an den Tisch, wer entscheidet was, und wie oft trifft man sich? Praktische Schritte "
            "zu einer ämterübergreifenden Steuerungsgruppe."
        ),
        "programme": [
            ("10:00", "10:30", "Begrüßung", P.WELCOME, []),
            ("10:30", "12:00", "Rollen und Mandate klären", P.WORKSHOP, []),
            ("12:00", "13:00", "Mittagspause", P.BREAK, []),
            ("13:00", "15:00", "Eine Geschäftsordnung entwerfen", P.WORKSHOP, []),
        ],
    },
    {
        "slug": "online-austausch-bildungsmonitoring-landkreise",
        "agency": "transmit",
        "title": "Online-Austausch: Bildungsmonitoring in Landkreisen",
        "kind": EventKind.ONLINE_AUSTAUSCH,
        "format": F.ONLINE,
        "when": (15, 2, 10, 0, 11, 30),
        "topics": ["bildungsmonitoring"],
        "groups": ["bildungsmonitoring"],
        "teaser": (
            "Kreisangehörige Gemeinden, kleine Fallzahlen, lückenhafte Daten: Monitorerinnen und "
            "Monitorer aus "
            "Sachsen, Sachsen-Anhalt und Thüringen tauschen Lösungen aus."
        ),
        "online_notes": ONLINE_NOTES,
        "programme": [
            ("10:00", "10:15", "Begrüßung", P.WELCOME, []),
            ("10:15", "11:15", "Austausch in kleinen Gruppen", P.EXCHANGE, []),
            ("11:15", "11:30", "Zusammenfassung", P.OTHER, []),
        ],
    },
    {
        "slug": "konferenz-bildungslandschaften-mitteldeutschland",
        "agency": "transmit",
        "co_agencies": ["bayern"],
        "title": "Konferenz: Bildungslandschaften zwischen Stadt und Land",
        "kind": EventKind.KONFERENZ,
        "format": F.HYBRID,
        "when": (85, 3, 10, 0, 17, 0),
        "venue": "leipzig-etage",
        "topics": ["bildungsmanagement", "netzwerke", "uebergang-schule-beruf"],
        "groups": ["bildungsmanagement", "bildungskoordination", "fuehrungskraefte"],
        "teaser": (
            "Von der Großstadt bis zum strukturschwachen Landkreis: Wie unterschiedliche Kommunen ihre "
            "Bildungslandschaft gestalten und was sie voneinander übernehmen können."
        ),
        "online_notes": HYBRID_NOTES,
        "programme": [
            ("10:00", "10:30", "Eröffnung", P.WELCOME, [("Clara Crashtest", "Leitung", "TransMit")]),
            (
                "10:30",
                "11:30",
                "Bildung im ländlichen Raum: Befunde und Folgerungen",
                P.TALK,
                [
                    (
                        "Prof. Dr. Mara Modellhaft",
                        "Professorin für Bildungsforschung",
                        "Hochschule Musterstadt",
                    )
                ],
            ),
            (
                "11:45",
                "13:00",
                "Podium mit Kommunen aus Sachsen, Sachsen-Anhalt und Bayern",
                P.PANEL,
                [("Sabine Stichtag", "Bildungsmanagerin", "Landkreis Beispielkreis")],
            ),
            ("13:00", "14:00", "Mittagspause", P.BREAK, []),
            ("14:00", "16:30", "Foren: Übergang Schule – Beruf, Netzwerke, Daten", P.WORKSHOP, []),
            ("16:30", "17:00", "Abschluss", P.OTHER, []),
        ],
    },
    {
        "slug": "fachtag-bildung-im-landkreis-steuern",
        "agency": "bayern",
        "title": "Bildung im Landkreis gemeinsam steuern",
        "kind": EventKind.FACHTAG,
        "format": F.ON_SITE,
        "when": (61, 3, 9, 30, 16, 0),
        "venue": "nuernberg-zentrum",
        "topics": ["bildungsmanagement", "integrierte-planung"],
        "groups": ["bildungsmanagement", "fuehrungskraefte"],
        "teaser": (
            "Ein Fachtag für bayerische Landkreise und kreisfreie Städte: Wie Bildungsmanagement, "
            "Landratsamt und Gemeinden ihre Rollen klären und gemeinsam steuern."
        ),
        "programme": [
            ("09:30", "10:00", "Ankommen", P.OTHER, []),
            (
                "10:00",
                "10:20",
                "Begrüßung",
                P.WELCOME,
                [("Dr. Felix Fiktiv", "Leitung", "Transferagentur Bayern")],
            ),
            (
                "10:20",
                "11:15",
                "Steuern ohne Weisungsbefugnis",
                P.TALK,
                [("Dr. Paula Planvoll", "Sozialwissenschaftlerin", "Forschungsinstitut Musterstadt")],
            ),
            (
                "11:30",
                "12:30",
                "Praxisbeispiele aus drei Landkreisen",
                P.PANEL,
                [("Lars Lernort", "Bildungskoordinator", "Landkreis Beispielkreis")],
            ),
            ("12:30", "13:30", "Mittagspause", P.BREAK, []),
            ("13:30", "15:30", "Workshops", P.WORKSHOP, []),
            ("15:30", "16:00", "Abschluss", P.OTHER, []),
        ],
    },
    {
        "slug": "workshop-bildungskonferenzen-planen",
        "agency": "bayern",
        "title": "Workshop: Bildungskonferenzen planen und moderieren",
        "kind": EventKind.WORKSHOP,
        "format": F.HYBRID,
        "when": (22, 1, 13, 0, 17, 0),
        "venue": "dji-muenchen",
        "status": S.CANCELLED,
        "status_notice": (
            "Der Workshop muss leider entfallen, weil die Referentin erkrankt ist. Wir bieten das Thema im "
            "nächsten Halbjahr erneut an. Angemeldete Teilnehmende haben eine E-Mail erhalten."
        ),
        "topics": ["netzwerke", "bildungsmanagement"],
        "groups": ["bildungsmanagement", "bildungskoordination"],
        "teaser": (
            "Eine Bildungskonferenz lebt von guter Vorbereitung: Einladung, Ablauf, Moderation und was "
            "danach mit den Ergebnissen passiert."
        ),
        "online_notes": HYBRID_NOTES,
        "programme": [
            ("13:00", "13:15", "Begrüßung", P.WELCOME, []),
            ("13:15", "15:00", "Vom Ziel zum Ablauf", P.WORKSHOP, []),
            ("15:15", "17:00", "Moderation üben", P.WORKSHOP, []),
        ],
    },
    {
        "slug": "fortbildung-kennzahlen-bildungsberichterstattung",
        "agency": "bayern",
        "title": "Kennzahlen für die kommunale Bildungsberichterstattung",
        "kind": EventKind.FORTBILDUNG,
        "format": F.ONLINE,
        "when": (70, 2, 9, 0, 12, 0),
        "topics": ["bildungsmonitoring"],
        "groups": ["bildungsmonitoring"],
        "teaser": (
            "Welche Kennzahlen tragen einen Bildungsbericht, woher kommen die Daten, und wie vergleicht man "
            "fair? Eine Online-Fortbildung mit vielen Beispielen."
        ),
        "online_notes": ONLINE_NOTES,
        "programme": [
            ("09:00", "09:15", "Begrüßung", P.WELCOME, []),
            (
                "09:15",
                "10:30",
                "Kennzahlen auswählen und begründen",
                P.TALK,
                [("Greta Gedacht", "Wissenschaftliche Mitarbeiterin", "Transferagentur Bayern")],
            ),
            ("10:30", "10:45", "Pause", P.BREAK, []),
            ("10:45", "12:00", "Übung: Ein Kennzahlenset für Ihre Kommune", P.WORKSHOP, []),
        ],
    },
]


def _taxonomies():
    topics = {
        slug: Topic.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS.items()
    }
    groups = {
        slug: TargetGroup.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TARGET_GROUPS.items()
    }
    return topics, groups


def _venues(agencies):
    states = {state.code: state for state in FederalState.objects.all()}
    venues = {}
    for key, (agency, name, street, postcode, city, state, step_free, notes) in VENUES.items():
        venues[key], _ = Venue.objects.update_or_create(
            agency=agencies[agency],
            name=name,
            defaults={
                "street": street,
                "postcode": postcode,
                "city": city,
                "state": states[state],
                "step_free": step_free,
                "accessibility_notes": notes,
            },
        )
    return venues


def _contact(agency, role=None):
    contacts = ContactPerson.objects.filter(agency=agency)
    preferred = contacts.filter(role=role).first() if role else None
    return (
        preferred
        or contacts.filter(role__in=["wissenschaft", "kommunalberatung"]).first()
        or contacts.first()
    )


def _time(text):
    return datetime.time.fromisoformat(text) if text else None


def _save_event(data, *, starts_at, ends_at, agencies, venues, topics, groups, series=None):
    agency = agencies[data["agency"]]
    event, _ = Event.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "agency": agency,
            "title": data["title"],
            "kind": data["kind"],
            "format": data["format"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "venue": venues.get(data.get("venue")),
            "teaser": data["teaser"],
            "description": data.get("description", ""),
            "audience": data.get("audience", A.PUBLIC),
            "status": data.get("status", S.PUBLISHED),
            "status_notice": data.get("status_notice", ""),
            "online_notes": data.get("online_notes", ""),
            "series": series,
            "contact": _contact(agency, data.get("contact_role")),
            "review": data.get("review", ""),
        },
    )
    event.co_agencies.set([agencies[slug] for slug in data.get("co_agencies", [])])
    event.topics.set([topics[slug] for slug in data.get("topics", [])])
    event.target_groups.set([groups[slug] for slug in data.get("groups", [])])
    # The programme is rebuilt each time: it has no identity of its own worth keeping.
    event.speakers.all().delete()
    event.programme_items.all().delete()
    for order, entry in enumerate(data.get("programme", [])):
        if len(entry) == 6 and isinstance(entry[4], str):  # archive entries carry a description
            start, end, title, kind, description, speakers = entry
            day = 1
        else:
            start, end, title, kind, speakers, *rest = entry
            description, day = "", (rest[0] if rest else 1)
        item = ProgrammeItem.objects.create(
            event=event,
            day=day,
            starts_at=_time(start),
            ends_at=_time(end),
            title=title,
            kind=kind,
            description=description,
        )
        for position, (name, title_or_role, institution) in enumerate(speakers):
            Speaker.objects.create(
                event=event,
                programme_item=item,
                name=name,
                title=title_or_role,
                institution=institution,
                order=order * 10 + position,
            )
    for order, material in enumerate(data.get("materials", [])):
        _save_material(event, material, order)
    return event


def _save_material(event, data, order):
    material = Material.objects.filter(event=event, title=data["title"]).first() or Material(
        event=event, title=data["title"]
    )
    material.kind = data["kind"]
    material.description = data.get("description", "")
    material.url = data.get("url", "")
    material.accessible = data.get("accessible", False)
    material.order = order
    base = f"events/materials/demo/{event.slug}-{order + 1}"
    if "pdf" in data:
        _file(material.file, f"{base}.pdf", _tiny_pdf(data["pdf"]))
    if "text" in data:
        _file(material.file, f"{base}.txt", data["text"].encode())
    if "alternative" in data:
        _file(material.accessible_alternative, f"{base}-barrierefrei.txt", data["alternative"].encode())
    material.full_clean()
    material.save()


def load():
    """Create or update the demo events: archive from the seeds, upcoming ones around today."""
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    if not {"hessen", "nrw", "transmit", "bayern"} <= agencies.keys():
        return "übersprungen: die vier Agenturen fehlen"
    topics, groups = _taxonomies()
    venues = _venues(agencies)
    context = {"agencies": agencies, "venues": venues, "topics": topics, "groups": groups}

    for data in ARCHIVE:
        (start_day, start_h, start_m), (end_day, end_h, end_m) = data["start"], data["end"]
        _save_event(
            data,
            starts_at=_aware(start_day, start_h, start_m),
            ends_at=_aware(end_day, end_h, end_m),
            **context,
        )

    series = {
        data["slug"]: Series.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "agency": agencies[data["agency"]],
                "title": data["title"],
                "description": data["description"],
            },
        )[0]
        for data in SERIES
    }

    # Hessen's monthly online exchange since May 2020: the second Wednesday of each month, in the archive.
    for month in range(5, 13):
        first = datetime.date(2020, month, 1)
        day = first + datetime.timedelta(days=(2 - first.weekday()) % 7 + 7)
        _save_event(
            {
                "slug": f"online-austausch-kooperationskommunen-2020-{month:02d}",
                "agency": "hessen",
                "title": "Online-Austausch für Kooperationskommunen",
                "kind": EventKind.ONLINE_AUSTAUSCH,
                "format": F.ONLINE,
                "audience": A.PARTNERS,
                "topics": ["bildungsmanagement", "netzwerke"],
                "groups": ["bildungsmanagement", "bildungskoordination"],
                "teaser": (
                    "Das monatliche Treffen der hessischen Kooperationskommunen: ein kurzer Impuls, danach "
                    "Zeit für Ihre Fragen und für kollegiale Beratung."
                ),
                "online_notes": ONLINE_NOTES,
                "programme": [
                    ("10:00", "10:15", "Ankommen und Neuigkeiten aus der Transferagentur", P.WELCOME, []),
                    ("10:15", "10:45", "Impuls aus einer Kooperationskommune", P.TALK, []),
                    ("10:45", "11:30", "Kollegiale Beratung in kleinen Gruppen", P.EXCHANGE, []),
                ],
            },
            starts_at=_aware(day, 10),
            ends_at=_aware(day, 11, 30),
            series=series["online-austausch-kooperationskommunen"],
            **context,
        )

    for data in UPCOMING:
        days, weekday, start_h, start_m, end_h, end_m = data["when"]
        day = _weekday_in(days, weekday)
        last_day = day + datetime.timedelta(days=data.get("days", 1) - 1)
        _save_event(
            data, starts_at=_aware(day, start_h, start_m), ends_at=_aware(last_day, end_h, end_m), **context
        )

    # Bayern's monthly consultation hour: the next four months, first Tuesday after each step.
    for number, days in enumerate((10, 38, 66, 94), start=1):
        day = _weekday_in(days, 1)
        _save_event(
            {
                "slug": f"sprechstunde-bildungsmonitoring-{number}",
                "agency": "bayern",
                "title": f"Online-Sprechstunde Bildungsmonitoring ({number}. Termin)",
                "kind": EventKind.ONLINE_AUSTAUSCH,
                "format": F.ONLINE,
                "topics": ["bildungsmonitoring"],
                "groups": ["bildungsmonitoring"],
                "teaser": (
                    "Eine Stunde für Ihre Fragen zu Kennzahlen, Datenquellen und Bildungsberichten – ohne "
                    "Vortrag, direkt im Gespräch mit der Transferagentur Bayern."
                ),
                "online_notes": ONLINE_NOTES,
                "programme": [
                    (
                        "14:00",
                        "15:00",
                        "Offene Sprechstunde",
                        P.EXCHANGE,
                        [("Greta Gedacht", "Wissenschaftliche Mitarbeiterin", "Transferagentur Bayern")],
                    )
                ],
            },
            starts_at=_aware(day, 14),
            ends_at=_aware(day, 15),
            series=series["sprechstunde-bildungsmonitoring"],
            **context,
        )

    upcoming = Event.objects.filter(ends_at__gte=timezone.now()).count()
    total, materials = Event.objects.count(), Material.objects.count()
    registration = registration_demo.load()
    return f"{total} Veranstaltungen, davon {upcoming} kommende, {materials} Materialien; {registration}"
