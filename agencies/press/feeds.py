"""Atom and RSS feeds of the public press releases, for all agencies and per agency.

A feed reader shows an Atom ``<summary type="html">`` and an RSS ``<description>`` as HTML. The
teaser is plain text, so markup typed into it must reach the reader as text: Atom says so with
``type="text"``, RSS (which has no such attribute) gets the teaser HTML-escaped.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.press import selectors as press_selectors


class PlainTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose item descriptions are plain text, escaped so readers do not render them."""

    def add_item_elements(self, handler, item):
        if item["description"] is not None:
            item = {**item, "description": escape(item["description"])}
        super().add_item_elements(handler, item)


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are declared ``type="text"``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PressReleasesFeed(Feed):
    """RSS 2.0 feed of the newest releases of all agencies."""

    feed_type = PlainTextRssFeed

    title = _("Pressemitteilungen der Transferagenturen Kommunales Bildungsmanagement")
    description = _("Die neuesten Pressemitteilungen der vier Transferagenturen.")

    def link(self):
        return reverse("press:list")

    def items(self):
        return press_selectors.press_release_feed_items()

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.agency.name

    def item_categories(self, item):
        # Joint releases name every agency involved, so readers can tell them apart.
        return [item.agency.short_name, *(agency.short_name for agency in item.supporter_list)]


class PressReleasesAtomFeed(PressReleasesFeed):
    feed_type = PlainTextAtomFeed
    subtitle = PressReleasesFeed.description


class AgencyPressReleasesFeed(PressReleasesFeed):
    """RSS 2.0 feed of one agency's releases, joint ones included."""

    def get_object(self, request, agency):
        return get_object_or_404(Agency, slug=agency)

    def title(self, obj):
        return _("Pressemitteilungen: %(agency)s") % {"agency": obj.name}

    def description(self, obj):
        return _("Die neuesten Pressemitteilungen der %(agency)s.") % {"agency": obj.name}

    def link(self, obj):
        return f"{reverse('press:list')}?agentur={obj.slug}"

    def items(self, obj):
        return press_selectors.press_release_feed_items(agency=obj)


class AgencyPressReleasesAtomFeed(AgencyPressReleasesFeed):
    feed_type = PlainTextAtomFeed

    def subtitle(self, obj):
        return self.description(obj)
