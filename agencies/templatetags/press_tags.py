"""Sections about press releases and publications for other apps' pages (home, agency page).

Each tag reads through the selectors, so the page it sits on keeps a fixed number of queries.
"""

from django import template
from django.template.loader import render_to_string

from agencies.press import selectors as press_selectors
from agencies.publications import selectors as publication_selectors
from portal.html import PRESS_RELEASE
from portal.page_cache import cached_fragment

register = template.Library()

HOME_LIMIT = 3
AGENCY_LIMIT = 5
MUNICIPALITY_LIMIT = 5


@register.filter
def rich_text(html):
    """Render stored rich text through the sanitiser once more."""
    return PRESS_RELEASE.render(html)


def _list_item(template: str, name: str, item, level: int) -> str:
    # An entry shows nothing but the item and what it links to: rendered once per content version,
    # language and heading level, however many lists and pages show it.
    return cached_fragment(
        f"{template}:{item.pk}:{level}", lambda: render_to_string(template, {name: item, "level": level})
    )


@register.simple_tag
def release_item(release, level):
    """Render a release in a list (agencies/press/includes/release_item.html) at heading ``level``."""
    return _list_item("agencies/press/includes/release_item.html", "release", release, level)


@register.simple_tag
def publication_item(publication, level):
    """Render a publication in a list (agencies/publications/includes/publication_item.html)."""
    template = "agencies/publications/includes/publication_item.html"
    return _list_item(template, "publication", publication, level)


@register.inclusion_tag("agencies/press/includes/home_section.html", takes_context=True)
def latest_press_releases(context, limit=HOME_LIMIT):
    return {"releases": press_selectors.newest_press_releases(limit=limit), "request": context.get("request")}


@register.inclusion_tag("agencies/press/includes/agency_section.html", takes_context=True)
def agency_press_releases(context, agency, limit=AGENCY_LIMIT):
    return {
        "agency": agency,
        "releases": press_selectors.newest_press_releases(limit=limit, agency=agency),
        "request": context.get("request"),
    }


@register.simple_tag
def municipality_press_releases(municipality, limit=MUNICIPALITY_LIMIT):
    """Render the newest public releases about a municipality, or nothing when there are none
    (agencies/press/includes/municipality_section.html). Once per language and content version, which
    a scheduled release appearing replaces too: read only then."""

    def render():
        releases = press_selectors.press_release_latest(limit=limit, municipality=municipality)
        return render_to_string("agencies/press/includes/municipality_section.html", {"releases": releases})

    return cached_fragment(f"press:municipality:{municipality.pk}:{limit}", render)


@register.inclusion_tag("agencies/publications/includes/agency_section.html", takes_context=True)
def agency_publications(context, agency, limit=AGENCY_LIMIT):
    return {
        "agency": agency,
        "publications": publication_selectors.publication_latest(agency=agency, limit=limit),
        "request": context.get("request"),
    }


@register.inclusion_tag("agencies/press/includes/feed_links.html")
def press_feed_links(agency=None):
    """Render <link rel="alternate"> for the feeds, of one agency or of all."""
    return {"agency": agency}
