"""Demo press releases. Facts from the agencies' public pages, our own wording.

Called at the end of ``agencies.demo.load()``; safe to run again: releases are matched by slug.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from agencies.models import Agency, ContactPerson
from agencies.press import services as press_services
from events.models import Event
from municipalities.models import Municipality

from .models import PressRelease

BERLIN = ZoneInfo("Europe/Berlin")
Status = PressRelease.Status


def _at(year, month, day, hour=10):
    return datetime(year, month, day, hour, 0, tzinfo=BERLIN)


RELEASES = [
    {
        "slug": "fachtag-integrierte-planung-frankfurt-2019",
        "agency": "hessen",
        "headline": "Gemeinsam planen statt nebeneinander: Fachtag zu integrierter Planung in Frankfurt",
        "subheading": (
            "Rund 60 Fachleute aus hessischen Verwaltungen suchten im Haus am Dom nach "
            "Verbindungen zwischen Bildungsmanagement und Fachplanungen"
        ),
        "dateline_place": "Offenbach a.M.",
        "published_at": _at(2019, 11, 26),
        "status": Status.PUBLISHED,
        "teaser": (
            "Am 19. November 2019 hat die Transferagentur Hessen zum Fachtag „Bildung unter einem Dach – "
            "Integrierte Planung in Kommunalverwaltungen“ eingeladen. Im Haus am Dom in Frankfurt am Main "
            "tauschten sich etwa 60 Teilnehmende darüber aus, was kommunales Bildungsmanagement und andere "
            "Planungsbereiche voneinander lernen können."
        ),
        "body": (
            "<p>Wer Bildung in einer Kommune datenbasiert steuern will, braucht Verbündete in der eigenen "
            "Verwaltung. Genau hier setzte der Fachtag an: Eingeladen waren nicht nur "
            "Bildungskoordinatorinnen "
            "und -koordinatoren, sondern auch Kolleginnen und Kollegen aus Jugendhilfeplanung, "
            "Gesundheitsberichterstattung und Stadtplanung.</p>"
            "<h2>Ein Vortrag, ein Podium, vier Werkstätten</h2>"
            "<p>Nach einem wissenschaftlichen Impuls zu Leitideen und Datengrundlagen integrierter Planung "
            "schilderten Vertreterinnen aus drei hessischen Kommunen auf dem Podium, wie sie Planung "
            "ressortübergreifend organisieren und was ihnen dabei hilft. Am Nachmittag vertieften die "
            "Teilnehmenden in vier Workshops zwei Schwerpunkte:</p>"
            "<ul><li>Planung und Kooperation</li><li>Daten und Berichtswesen</li></ul>"
            "<h2>Was bleibt</h2>"
            "<p>Deutlich wurde: Wenn Fachbereiche ein gemeinsames Verständnis ihrer Prozesse entwickeln und "
            "ihre Berichte aufeinander abstimmen, gewinnen Netzwerke an Wirkung. Die Transferagentur Hessen "
            "wird das Thema in ihren Formaten für Kooperationskommunen weiterverfolgen.</p>"
        ),
        "contact_role": "presse",
        "event_slug": "fachtag-bildung-unter-einem-dach-2019",
        # The Fachtag took place in Frankfurt am Main (kreisfreie Stadt).
        "municipality_keys": ["06412"],
    },
    {
        "slug": "bildungswerkstatt-offener-austausch-halle-2020",
        "event_slug": "bildungswerkstatt-offener-austausch-2020",
        "agency": "transmit",
        "headline": "Kommunen beraten Kommunen: Bildungswerkstatt in Halle",
        "subheading": (
            "TransMit startet mit einem offenen Austausch für Bildungsmanagerinnen und -manager ins Jahr"
        ),
        "dateline_place": "Halle (Saale)",
        "published_at": _at(2020, 1, 27),
        "status": Status.PUBLISHED,
        "teaser": (
            "Beim ersten Termin des Jahres 2020, der Bildungswerkstatt „Offener Austausch“ am 20. Januar im "
            "Lichthaus Halle, stand kein Fachvortrag im Mittelpunkt, sondern die Fragen der Teilnehmenden "
            "aus mitteldeutschen Kommunen."
        ),
        "body": (
            "<p>In zwei Gesprächsrunden brachten die Teilnehmenden Anliegen aus ihrem Arbeitsalltag ein – "
            "von der Vorbereitung einer Bildungskonferenz bis zur Frage, wie sich Daten für die Steuerung "
            "nutzen lassen. Gemeinsam wurden Lösungswege gesammelt.</p>"
            "<blockquote><p>Die beste Beratung kommt oft aus der Nachbarkommune.</p></blockquote>"
            "<p>TransMit plant weitere Werkstätten in diesem Format.</p>"
        ),
        "contact_role": "presse",
    },
    {
        "slug": "neues-heft-bildungsnetzwerke-in-nrw-2020",
        "agency": "nrw",
        "headline": "Neues Heft der Reihe „Bildungsnetzwerke in NRW“ zur Bildungsberatung",
        "subheading": (
            "Die Transferagentur NRW stellt Beispiele vernetzter Beratungsangebote aus "
            "Kreisen und Städten vor"
        ),
        "dateline_place": "Münster",
        "published_at": _at(2020, 3, 10),
        "status": Status.PUBLISHED,
        "teaser": (
            "Wie finden Bürgerinnen und Bürger die passende Bildungsberatung? Das zweite Heft der "
            "Broschürenreihe „Bildungsnetzwerke in NRW“ zeigt, wie Kommunen ihre Angebote abstimmen."
        ),
        "body": (
            "<p>Das Heft ist kostenfrei als PDF auf der Publikationsseite des Transferportals erhältlich. "
            "Es richtet sich an Fach- und Führungskräfte in Kreisen und kreisfreien Städten.</p>"
            "<h2>Inhalt</h2><ol><li>Bestandsaufnahme der Beratungslandschaft</li>"
            "<li>Modelle der Zusammenarbeit</li><li>Checkliste für den Start</li></ol>"
        ),
        "contact_role": "presse",
    },
    {
        "slug": "online-austausch-transferagentur-hessen-2020",
        "agency": "hessen",
        "headline": "Transferagentur Hessen bringt ihre Veranstaltungen ins Netz",
        "subheading": "Online-Austausch für Kooperationskommunen, kurze Lernfilme und nachgeholte Fachtage",
        "dateline_place": "Offenbach a.M.",
        "published_at": _at(2020, 9, 15),
        "status": Status.PUBLISHED,
        "teaser": (
            "Seit dem Frühjahr 2020 finden keine Präsenzveranstaltungen statt. Die "
            "Transferagentur Hessen hat "
            "ihr Angebot deshalb umgestellt: mit regelmäßigem Online-Austausch und neuen digitalen Formaten."
        ),
        "body": (
            "<p>Seit Mai treffen sich die Kooperationskommunen regelmäßig online. Ab Juni "
            "wurden ausgefallene "
            "Veranstaltungen als Online-Angebote nachgeholt. Kurze Schulungs- und Vortragsfilme ergänzen "
            "das Programm.</p>"
            '<p>Weitere Informationen: <a href="https://hessen.transferagentur.example.org/">Website der '
            "Transferagentur Hessen</a></p>"
        ),
        "contact_role": "presse",
    },
    {
        "slug": "vier-agenturen-gemeinsames-transferportal",
        "agency": "nrw",
        "supporting": ["hessen", "transmit", "bayern"],
        "headline": "Vier Transferagenturen, ein Portal: Angebote für Kommunen an einem Ort",
        "subheading": "Gemeinsame Mitteilung der Transferagenturen Hessen, NRW, Mitteldeutschland und Bayern",
        "dateline_place": "Münster",
        "published_at": _at(2020, 10, 1),
        "status": Status.PUBLISHED,
        "teaser": (
            "Veranstaltungen, Pressemitteilungen, Publikationen und Ansprechpersonen der vier "
            "Transferagenturen Kommunales Bildungsmanagement sind ab sofort gemeinsam im Transferportal zu "
            "finden."
        ),
        "body": (
            "<p>Kommunen können sich künftig an einer Stelle über Fachtage, Workshops und Online-Formate "
            "aller vier Agenturen informieren und sich direkt anmelden.</p>"
            "<p>Die Pressemitteilungen lassen sich als Feed abonnieren.</p>"
        ),
        "contact_role": "presse",
    },
    {
        "slug": "online-sprechstunde-bayern",
        "agency": "bayern",
        "headline": "Online-Sprechstunde für bayerische Kommunen",
        "subheading": "Die Transferagentur Bayern berät monatlich zu Bildungsmonitoring und Datenfragen",
        "dateline_place": "München",
        "published_at": _at(2021, 2, 3),
        "status": Status.PUBLISHED,
        "teaser": (
            "Einmal im Monat beantwortet die Transferagentur Bayern in einer offenen Online-Sprechstunde "
            "Fragen von Landkreisen und kreisfreien Städten zum Bildungsmonitoring."
        ),
        "body": "<p>Eine Anmeldung ist nicht nötig. Die Termine stehen im Veranstaltungskalender.</p>",
        "contact_role": "presse",
    },
    {
        "slug": "fachtag-bildungslandschaft-terminhinweis",
        "event_slug": "fachtag-bildungslandschaft-digitale-transformation-2020",
        "agency": "hessen",
        "headline": "Terminhinweis: Fachtag „#Bildungslandschaft“ im April",
        "subheading": "Lehren, Lernen und Leben in der digitalen Welt",
        "dateline_place": "Offenbach a.M.",
        "published_at": _at(2020, 2, 20),
        "status": Status.WITHDRAWN,
        "withdrawn_at": _at(2020, 3, 16),
        "withdrawal_note": (
            "Der Fachtag konnte wegen der Pandemie nicht wie geplant im April stattfinden. "
            "Den neuen Termin finden Sie im Veranstaltungskalender."
        ),
        "teaser": (
            "Die Transferagentur Hessen lädt im April zum Fachtag über Bildung in der digitalen Welt ein."
        ),
        "body": "<p>Das Programm folgt in Kürze.</p>",
        "contact_role": "presse",
    },
    {
        "slug": "fachtagung-transmit-vorankuendigung",
        "agency": "transmit",
        "headline": "Vorankündigung: Jahresfachtagung von TransMit",
        "subheading": "Kommunale Bildungslandschaften in Mitteldeutschland im Gespräch",
        "dateline_place": "Halle (Saale)",
        "published_in_days": 30,
        "status": Status.SCHEDULED,
        "teaser": (
            "TransMit lädt Kommunen aus Sachsen, Sachsen-Anhalt und Thüringen zu ihrer Jahresfachtagung ein."
        ),
        "body": "<p>Programm und Anmeldung folgen mit dieser Mitteilung.</p>",
        "contact_role": "presse",
    },
    {
        "slug": "jahresrueckblick-transferagentur-bayern-entwurf",
        "agency": "bayern",
        "headline": "Jahresrückblick der Transferagentur Bayern",
        "subheading": "Entwurf zur Abstimmung",
        "dateline_place": "München",
        "status": Status.DRAFT,
        "teaser": "Ein Rückblick auf Fachtage, Workshops und Beratungen des vergangenen Jahres.",
        "body": "<p>Der Text wird noch abgestimmt.</p>",
        "contact_role": "presse",
        "preview": True,
    },
]


def _load_releases(agencies, now):
    for spec in RELEASES:
        spec = dict(spec)
        agency = agencies[spec.pop("agency")]
        supporting = [agencies[slug] for slug in spec.pop("supporting", [])]
        contact = ContactPerson.objects.filter(agency=agency, role=spec.pop("contact_role")).first()
        spec.pop("event_slug", None)  # linked in link(), once the events exist
        municipality_keys = spec.pop("municipality_keys", [])
        wants_preview = spec.pop("preview", False)
        in_days = spec.pop("published_in_days", None)
        slug = spec.pop("slug")
        release = PressRelease.objects.filter(slug=slug).first()
        if release is None:
            # Status and dates are set once; a scheduled release then appears at its time like any other.
            release = PressRelease(slug=slug)
            if in_days is not None:
                spec["published_at"] = now + timedelta(days=in_days)
        else:
            for key in ("status", "published_at", "withdrawn_at"):
                spec.pop(key, None)
        for key, value in spec.items():
            setattr(release, key, value)
        release.agency = agency
        release.press_contact = contact
        release.full_clean()
        release.save()
        release.supporting_agencies.set(supporting)
        if municipality_keys:
            # The directory is imported before this runs (municipalities come first in INSTALLED_APPS).
            release.related_municipalities.set(Municipality.objects.filter(key__in=municipality_keys))
        if wants_preview and not release.preview_token:
            press_services.preview_link_create(release=release)


def load():
    """Create or update the demo press releases."""
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    now = timezone.now()
    _load_releases(agencies, now)
    return f"{PressRelease.objects.count()} Pressemitteilungen"


def link():
    """Link the releases to the events they report on (the events demo runs after this app's)."""
    for spec in RELEASES:
        if "event_slug" in spec:
            release = PressRelease.objects.get(slug=spec["slug"])
            release.related_events.set(Event.objects.filter(slug=spec["event_slug"]))
