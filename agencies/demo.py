"""Demo data for the four transfer agencies: facts from their public pages, invented contacts."""

from agencies.press import demo as press_demo
from agencies.publications import demo as publications_demo
from municipalities.models import FederalState

from .models import Agency, ContactPerson

AGENCIES = [
    {
        "slug": "hessen",
        "name": "Transferagentur Kommunales Bildungsmanagement Hessen",
        "short_name": "Transferagentur Hessen",
        "states": ["06", "08"],
        "host_institution": "INBAS GmbH – Institut für berufliche Bildung, Arbeitsmarkt- und Sozialpolitik",
        "street": "Herrnstraße 53",
        "postcode": "63065",
        "city": "Offenbach am Main",
        "phone": "069 5550100-0",
        "email": "info@hessen.transferagentur.example.org",
        "website": "https://hessen.transferagentur.example.org/",
        "mission": (
            "Wir sind die Ansprechpartnerin für Kommunen in Hessen und Baden-Württemberg, die ihre "
            "Bildungslandschaft gemeinsam mit anderen weiterentwickeln möchten. Im Mittelpunkt steht, "
            "dass Kommunen voneinander lernen: im Austausch, in Netzwerken und bei unseren Veranstaltungen."
        ),
        "tasks": (
            "Fachtage und Bildungswerkstätten für Kooperationskommunen\n"
            "Regelmäßiger Online-Austausch für Kooperationskommunen\n"
            "Kurze Schulungs- und Vortragsfilme zu Themen des Bildungsmanagements\n"
            "Begleitung auf dem Weg zu einer kommunalen Bildungsstrategie"
        ),
        "about": (
            "Die Transferagentur Hessen gehört zur bundesweiten Transferinitiative Kommunales "
            "Bildungsmanagement. Sie unterstützt Landkreise, Städte und Gemeinden in Hessen beim Aufbau "
            "eines ganzheitlichen, datenbasierten Bildungsmanagements und organisiert den Austausch "
            "zwischen den Kommunen. Träger ist die INBAS GmbH in Offenbach."
        ),
        "host_about": (
            "INBAS ist ein Fachinstitut für Bildung, Arbeitsmarkt und Sozialpolitik mit Sitz in Offenbach "
            "am Main. Es entwickelt und erprobt Konzepte, evaluiert Programme und begleitet "
            "Bildungsinstitutionen wissenschaftlich, seit 1991 und mit mehreren Regionalbüros."
        ),
        "order": 1,
        "contacts": [
            ("Dr. Erika Beispiel", "leitung"),
            ("Jonas Platzhalter", "wissenschaft"),
            ("Hanna Musterfrau", "presse"),
        ],
    },
    {
        "slug": "nrw",
        "name": "Transferagentur Kommunales Bildungsmanagement NRW",
        "short_name": "Transferagentur NRW",
        "states": ["05"],
        "host_institution": "Institut für soziale Arbeit e.V. (ISA)",
        "street": "Friesenring 40",
        "postcode": "48147",
        "city": "Münster",
        "phone": "0251 5550200-0",
        "email": "info@nrw.transferagentur.example.org",
        "website": "https://nrw.transferagentur.example.org/",
        "mission": (
            "Wir verstehen uns als Lernumgebung für Kreise und kreisfreie Städte in Nordrhein-Westfalen. "
            "Unser Leitbild: gute Rahmenbedingungen für gelingende Bildungsbiographien schaffen, "
            "unabhängig von der sozialen Herkunft."
        ),
        "tasks": (
            "Ausgangslage erfassen, Bedarfe erkennen, Handlungsschritte erarbeiten\n"
            "Erprobte Ansätze aus „Lernen vor Ort“ aufbereiten und übertragen\n"
            "Workshops, regionale Austauschforen und Fortbildungen\n"
            "Eine jährliche landesweite Fachtagung\n"
            "Broschürenreihe und thematische Handreichungen"
        ),
        "about": (
            "Die Transferagentur NRW begleitet Kommunen in Nordrhein-Westfalen beim Ausbau ihres "
            "Bildungsmanagements, Bildungsmonitorings und ihrer Bildungsberatung. Unter dem Motto "
            "„Kommunen lernen voneinander“ organisiert sie Austausch und Fortbildung."
        ),
        "host_about": (
            "Das Institut für soziale Arbeit e.V. in Münster verbindet Praxisforschung, Beratung und "
            "Fortbildung in der Kinder- und Jugendhilfe und in der kommunalen Bildungsplanung."
        ),
        "order": 2,
        "contacts": [
            ("Dr. Max Mustermann", "leitung"),
            ("Paula Probe", "strategische-leitung"),
            ("Lea Lorem", "wissenschaft"),
            ("Tim Testfeld", "wissenschaft"),
            ("Nina Nurbeispiel", "presse"),
        ],
    },
    {
        "slug": "transmit",
        "name": "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement – TransMit",
        "short_name": "TransMit",
        "states": ["14", "15", "16"],
        "host_institution": "Deutsches Jugendinstitut e.V., Außenstelle Halle",
        "street": "Franckeplatz 1",
        "postcode": "06110",
        "city": "Halle (Saale)",
        "phone": "0341 5550300-0",
        "email": "info@transmit.transferagentur.example.org",
        "website": "https://transmit.transferagentur.example.org/",
        "mission": (
            "Wir bringen Bildung in Form: TransMit unterstützt Kommunen und Landkreise in Sachsen, "
            "Sachsen-Anhalt und Thüringen – von den Großstädten bis zu ländlichen, strukturschwächeren "
            "Räumen – beim Aufbau eines kommunalen Bildungsmanagements."
        ),
        "tasks": (
            "Ausgangslage und Bedarfe mit sozialwissenschaftlichen Methoden analysieren\n"
            "Modelllösungen auswählen, anpassen und Fachkonzepte erarbeiten\n"
            "Kommunikations- und Netzwerkstrukturen aufbauen und pflegen\n"
            "Externe Expertise vermitteln, Beratung und Qualifizierung organisieren"
        ),
        "about": (
            "TransMit ist die Transferagentur für Sachsen, Sachsen-Anhalt und Thüringen. Sie macht "
            "Ergebnisse aus „Lernen vor Ort“ und verwandten Programmen für mitteldeutsche Kommunen nutzbar."
        ),
        "host_about": (
            "Das Deutsche Jugendinstitut gehört zu den großen sozialwissenschaftlichen "
            "Forschungsinstituten in Deutschland und forscht zu Kindern, Jugendlichen und Familien."
        ),
        "order": 3,
        "contacts": [
            ("Clara Crashtest", "leitung"),
            ("Moritz Modell", "kommunalberatung"),
            ("Sophie Stichprobe", "presse"),
        ],
    },
    {
        "slug": "bayern",
        "name": "Transferagentur Bayern für Kommunales Bildungsmanagement",
        "short_name": "Transferagentur Bayern",
        "states": ["09"],
        "host_institution": "Deutsches Jugendinstitut e.V.",
        "street": "Nockherstraße 2",
        "postcode": "81541",
        "city": "München",
        "phone": "089 5550400-0",
        "email": "info@bayern.transferagentur.example.org",
        "website": "https://bayern.transferagentur.example.org/",
        "mission": (
            "Wir begleiten bayerische Landkreise und kreisfreie Städte dabei, Bildung vor Ort "
            "gemeinsam zu steuern – auf der Grundlage von Daten und im Austausch mit anderen Kommunen."
        ),
        "tasks": (
            "Beratung zu Bildungsmanagement und Bildungsmonitoring\n"
            "Fachtage und Workshops für bayerische Kommunen\n"
            "Vernetzung mit Landesministerien und kommunalen Spitzenverbänden"
        ),
        "about": (
            "Die Transferagentur Bayern unterstützt Kommunen in Bayern beim Aufbau eines "
            "datenbasierten kommunalen Bildungsmanagements. Sie ist am Deutschen Jugendinstitut angesiedelt."
        ),
        "host_about": (
            "Das Deutsche Jugendinstitut gehört zu den großen sozialwissenschaftlichen "
            "Forschungsinstituten in Deutschland und forscht zu Kindern, Jugendlichen und Familien."
        ),
        "order": 4,
        "contacts": [
            ("Dr. Felix Fiktiv", "leitung"),
            ("Greta Gedacht", "wissenschaft"),
            ("Otto Ohnename", "presse"),
        ],
    },
]


def _email_for(name, agency_slug):
    local = name.replace("Dr. ", "").lower().replace(" ", ".")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        local = local.replace(umlaut, plain)
    return f"{local}@{agency_slug}.transferagentur.example.org"


def load():
    """Create or update the four agencies and their (fictional) contact persons."""
    states = {state.code: state for state in FederalState.objects.all()}
    for data in AGENCIES:
        data = dict(data)
        slug = data.pop("slug")
        state_codes = data.pop("states")
        contacts = data.pop("contacts")
        agency, _ = Agency.objects.update_or_create(slug=slug, defaults=data)
        agency.states.set([states[code] for code in state_codes])
        for order, (name, role) in enumerate(contacts, start=1):
            ContactPerson.objects.update_or_create(
                agency=agency,
                name=name,
                defaults={
                    "role": role,
                    "order": order,
                    "email": _email_for(name, slug),
                    "phone": f"{agency.phone[:-2]}-{10 + order}",
                },
            )
    press_demo.load()
    publications_demo.load()
    return f"{Agency.objects.count()} Agenturen, {ContactPerson.objects.count()} Ansprechpersonen"

