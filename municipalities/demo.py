"""Demo data: the 401 real Landkreise and kreisfreie Städte, and a few invented partnerships.

The partnerships are examples for trying the portal out, not a record of real cooperation.
"""

import datetime

from agencies import demo as agencies_demo
from agencies.models import Agency

from .models import Municipality, Partnership, Programme
from .services import import_districts, partnership_create, partnership_update, reference_data_ensure

AGENCY_SLUGS = ("hessen", "nrw", "transmit", "bayern")

# key, agency, status, since, until, programme slugs, public note
PARTNERSHIPS = [
    ("06438", "hessen", "kooperationskommune", "2016-03-01", None, ["bildung-integriert"], ""),
    ("06413", "hessen", "transferkommune", "2015-09-01", None, ["bildung-integriert"], ""),
    (
        "06412",
        "hessen",
        "interessiert",
        "2021-01-15",
        None,
        [],
        "Erstgespräch zum Bildungsmonitoring geführt.",
    ),
    ("08221", "hessen", "kooperationskommune", "2018-05-01", None, [], ""),
    ("05515", "nrw", "transferkommune", "2015-01-01", None, ["lernen-vor-ort"], ""),
    ("05711", "nrw", "kooperationskommune", "2016-06-01", None, ["bildung-integriert"], ""),
    ("05962", "nrw", "ehemalig", "2015-10-01", "2019-12-31", [], "Die Zusammenarbeit ist abgeschlossen."),
    ("05913", "nrw", "interessiert", "2022-02-01", None, [], ""),
    ("15002", "transmit", "transferkommune", "2015-04-01", None, ["bildung-integriert"], ""),
    ("16071", "transmit", "kooperationskommune", "2017-01-01", None, ["bildung-integriert"], ""),
    ("14729", "transmit", "ehemalig", "2015-06-01", "2016-12-31", [], ""),
    (
        "14729",
        "transmit",
        "transferkommune",
        "2017-01-01",
        None,
        ["bildung-integriert", "kommunale-koordinierung"],
        "Schwerpunkt: Übergang von der Schule in den Beruf.",
    ),
    ("16053", "transmit", "kooperationskommune", "2016-09-01", None, [], ""),
    ("15088", "transmit", "interessiert", "2023-04-01", None, [], ""),
    ("09162", "bayern", "transferkommune", "2016-01-01", None, ["bildung-integriert"], ""),
    ("09564", "bayern", "kooperationskommune", "2015-11-01", None, ["lernen-vor-ort"], ""),
    ("09187", "bayern", "interessiert", "2022-03-01", None, [], ""),
]


def _agencies():
    agencies = {agency.slug: agency for agency in Agency.objects.filter(slug__in=AGENCY_SLUGS)}
    if len(agencies) < len(AGENCY_SLUGS):
        # Our demo runs before the agencies' one (INSTALLED_APPS order); theirs is idempotent.
        agencies_demo.load()
        agencies = {agency.slug: agency for agency in Agency.objects.filter(slug__in=AGENCY_SLUGS)}
    return agencies


def load():
    """Import the vendored districts.csv and create or update the demo partnerships."""
    reference_data_ensure()
    report = import_districts()
    agencies = _agencies()
    municipalities = {m.key: m for m in Municipality.objects.filter(key__in={row[0] for row in PARTNERSHIPS})}
    programmes = {programme.slug: programme for programme in Programme.objects.all()}
    for key, agency_slug, status, since, until, programme_slugs, note in PARTNERSHIPS:
        values = {
            "agency": agencies[agency_slug],
            "status": status,
            "until": datetime.date.fromisoformat(until) if until else None,
            "note": note,
        }
        chosen = [programmes[slug] for slug in programme_slugs]
        since = datetime.date.fromisoformat(since)
        existing = Partnership.objects.filter(municipality=municipalities[key], since=since).first()
        if existing:
            partnership_update(partnership=existing, programmes=chosen, **values)
        else:
            partnership_create(municipality=municipalities[key], since=since, programmes=chosen, **values)
    return f"{report.summary}; {Partnership.objects.count()} Partnerschaften"
