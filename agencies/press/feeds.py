"""Atom and RSS feeds of the public press releases, for all agencies and per agency."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.press import selectors as press_selectors


class PressReleasesFeed(Feed):
    """RSS 2.0 feed of the newest releases of all agencies."""

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
        return [item.agency.short_name, *(agency.short_name for agency in item.supporting_agencies.all())]


class PressReleasesAtomFeed(PressReleasesFeed):
    feed_type = Atom1Feed
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
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
