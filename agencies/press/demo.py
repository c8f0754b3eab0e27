"""Demo press releases from ``agencies/demo_data/press_releases.toml``: one of every status.

Called at the end of ``agencies.demo.load()``; safe to run again: releases are matched by slug.
Status and dates are set only when a release is created, so a scheduled release then appears at
its time like any other. The links to events are set by ``events.demo.link()``, those to
municipalities by ``municipalities.demo.link()``.
"""

from agencies.models import Agency, ContactPerson
from agencies.press import services as press_services
from portal import demo_data

from .models import PressRelease

RELEASES = demo_data.data_dir(__name__) / "press_releases.toml"
SET_ONCE = ("status", "published_at", "withdrawn_at")
NOT_FIELDS = ("agency", "supporting", "contact_role", "municipalities", "preview")


def _load_release(slug, record, agencies):
    release = PressRelease.objects.filter(slug=slug).first()
    values = {name: value for name, value in record.items() if name not in NOT_FIELDS}
    if release is None:
        release = PressRelease(slug=slug)
        for name in ("published_at", "withdrawn_at"):
            if name in values:
                values[name] = demo_data.moment(demo_data.nested(record, name))
    else:
        values = {name: value for name, value in values.items() if name not in SET_ONCE}
    for name, value in values.items():
        setattr(release, name, value)
    release.agency = agencies[record["agency"]]
    release.press_contact = ContactPerson.objects.filter(
        agency=release.agency, role=record["contact_role"]
    ).first()
    release.full_clean()
    release.save()
    release.supporting_agencies.set([agencies[slug] for slug in record.get("supporting", [])])
    if record.get("preview") and not release.preview_token:
        press_services.preview_link_create(release=release)


def load():
    """Create or update the demo press releases."""
    agencies = {agency.slug: agency for agency in Agency.objects.all()}
    for slug, record in demo_data.records(RELEASES, "press_releases").items():
        _load_release(slug, record, agencies)
    return f"{PressRelease.objects.count()} Pressemitteilungen"
