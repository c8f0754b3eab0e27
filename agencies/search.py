"""What the site search (portal/search.py) finds of the agencies, their press releases and publications."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from portal.search import Hit, Source

from .models import Agency
from .press.models import PressRelease
from .publications.models import Publication
from .selectors import with_agencies


def _release_hit(release: PressRelease) -> Hit:
    return Hit(
        title=release.headline,
        url=release.get_absolute_url(),
        meta=f"{date_format(localtime(release.published_at), 'DATE_FORMAT')} · {release.agency.short_name}",
    )


def _publication_hit(publication) -> Hit:
    return Hit(
        title=publication.title,
        url=publication.get_absolute_url(),
        meta=f"{publication.get_kind_display()} · {publication.year} · {publication.agency.short_name}",
    )


def _agency_hit(agency: Agency) -> Hit:
    return Hit(
        title=agency.name,
        url=agency.get_absolute_url(),
        meta=f"{agency.host_institution} · {agency.city}",
    )


PRESS_RELEASES = Source(
    key="presse",
    label=_("Pressemitteilungen"),
    # Visible only: never a draft, a withdrawn release or one scheduled for later.
    queryset=lambda now: PressRelease.objects.visible(now),
    hit=_release_hit,
    fields=("headline", "slug", "published_at", "agency"),
    with_related=with_agencies,
    snippet=("teaser", "subheading", "body"),
    ordering=("-published_at", "pk"),
    ranked_first=("-published_at", "-pk"),
    order=20,
)
PUBLICATIONS = Source(
    key="publikationen",
    label=_("Publikationen"),
    queryset=lambda now: Publication.objects.all(),
    hit=_publication_hit,
    fields=("title", "slug", "kind", "year", "agency"),
    with_related=with_agencies,
    related=("topics", "series"),
    snippet=("summary",),
    ordering=("-year", "title"),
    ranked_first=("-year", "-pk"),
    order=30,
)
AGENCIES = Source(
    key="transferagenturen",
    label=_("Transferagenturen"),
    queryset=lambda now: Agency.objects.all(),
    hit=_agency_hit,
    fields=("name", "slug", "host_institution", "city"),
    snippet=("mission", "about"),
    ordering=("order", "name"),
    order=50,
)
