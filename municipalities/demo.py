"""Demo data: the 401 real Landkreise and kreisfreie Städte from the vendored districts.csv, the
invented partnerships and the municipalities press releases are about.
"""

from agencies.models import Agency, PressRelease
from agencies.press import demo as press_demo
from portal import demo_data

from .models import Municipality, Partnership, Programme
from .services import import_districts, partnership_create, partnership_update, reference_data_ensure

DATA = demo_data.data_dir(__name__)


def load():
    """Import the vendored districts.csv, then the partnerships and the municipalities press
    releases are about (the agencies' demo, a layer below, has run)."""
    reference_data_ensure()
    summary = import_districts().summary
    _load_partnerships({agency.slug: agency for agency in Agency.objects.all()})
    _link_press_releases()
    return f"{summary}; {Partnership.objects.count()} Partnerschaften"


def _load_partnerships(agencies):
    partnerships = demo_data.records(DATA / "partnerships.toml", "partnerships")
    keys = {record["municipality"] for record in partnerships.values()}
    municipalities = {m.key: m for m in Municipality.objects.filter(key__in=keys)}
    programmes = {programme.slug: programme for programme in Programme.objects.all()}
    for record in partnerships.values():
        municipality = municipalities[record["municipality"]]
        values = {
            "agency": agencies[record["agency"]],
            "status": record["status"],
            "until": record.get("until"),
            "note": record.get("note", ""),
        }
        chosen = [programmes[slug] for slug in record.get("programmes", [])]
        existing = Partnership.objects.filter(municipality=municipality, since=record["since"]).first()
        if existing:
            partnership_update(partnership=existing, programmes=chosen, **values)
        else:
            partnership_create(municipality=municipality, since=record["since"], programmes=chosen, **values)


def _link_press_releases():
    for slug, record in demo_data.records(press_demo.RELEASES, "press_releases").items():
        if "municipalities" in record:
            release = PressRelease.objects.get(slug=slug)
            release.related_municipalities.set(Municipality.objects.filter(key__in=record["municipalities"]))
