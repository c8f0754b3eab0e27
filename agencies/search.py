"""What the site search (portal/search.py) finds of the agencies, their press releases and publications."""

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from portal.search import Hit, Source

from .models import Agency
from .press.models import PressRelease
from .publications.selectors import publication_queryset


def _release_hit(release: PressRelease) -> Hit:
    return Hit(
        title=release.headline,
        url=release.get_absolute_url(),
        text=Truncator(release.teaser).chars(240),
        meta=f"{date_format(localtime(release.published_at), 'DATE_FORMAT')} · {release.agency.short_name}",
    )


def _publication_hit(publication) -> Hit:
    return Hit(
        title=publication.title,
        url=publication.get_absolute_url(),
        text=Truncator(publication.summary).chars(240),
        meta=f"{publication.get_kind_display()} · {publication.year} · {publication.agency.short_name}",
    )


def _agency_hit(agency: Agency) -> Hit:
    return Hit(
        title=agency.name,
        url=agency.get_absolute_url(),
        text=Truncator(agency.mission).chars(240),
        meta=f"{agency.host_institution} · {agency.city}",
    )


PRESS_RELEASES = Source(
    key="presse",
    label=_("Pressemitteilungen"),
    # Visible only: never a draft, a withdrawn release or one scheduled for later.
    queryset=lambda: PressRelease.objects.visible().select_related("agency"),
    fields={"headline": "A", "subheading": "B", "teaser": "B", "body": "C", "dateline_place": "C"},
    hit=_release_hit,
    ordering=("-published_at", "pk"),
    order=20,
)
PUBLICATIONS = Source(
    key="publikationen",
    label=_("Publikationen"),
    queryset=lambda: publication_queryset().select_related("agency"),
    fields={"title": "A", "summary": "B", "topics__name": "B", "series__title": "C"},
    hit=_publication_hit,
    ordering=("-year", "title"),
    order=30,
)
AGENCIES = Source(
    key="transferagenturen",
    label=_("Transferagenturen"),
    queryset=lambda: Agency.objects.all(),
    fields={
        "name": "A",
        "short_name": "A",
        "city": "B",
        "host_institution": "B",
        "mission": "C",
        "about": "D",
    },
    hit=_agency_hit,
    ordering=("order", "name"),
    order=50,
)
