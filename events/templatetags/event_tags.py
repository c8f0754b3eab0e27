from django import template
from django.template.loader import render_to_string

from events import cards, formatting, selectors
from portal.page_cache import cached_fragment

register = template.Library()


@register.filter
def date_line(event):
    """Render "Donnerstag, 03.12.2020, 10:00–16:00 Uhr" (or the multi-day variant)."""
    return formatting.date_line(event)


@register.filter
def venue_line(venue):
    return formatting.venue_line(venue)


@register.simple_tag
def municipality_events(municipality, limit=5):
    """Render the section of upcoming events on a municipality's profile
    (events/includes/municipality_events.html).

    Once per language, content version (replaced whenever a public event starts or ends) and region:
    the events depend on the municipality's Bundesland and partner agency alone, which the key holds.
    """
    state_id, partner_id = selectors.municipality_region(municipality)

    def render():
        events = selectors.upcoming_in_region(state_id=state_id, partner_id=partner_id, limit=limit)
        context = {"state": municipality.state, "events": events}
        return render_to_string("events/includes/municipality_events.html", context)

    return cached_fragment(f"events:municipality:{state_id}:{partner_id}:{limit}", render)


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, agency=None, limit=3):
    """Render the upcoming events of the home page or of one agency's page (kept per content version,
    the seats counted in one query)."""
    return {
        "request": context.get("request"),
        "agency": agency,
        "events": selectors.upcoming_for(agency=agency, limit=limit),
    }


@register.simple_tag
def archive_card(event):
    """Render the event's archive entry (templates/events/includes/archive_card.html); events from
    selectors.archive_page()."""
    return cards.archive_card_html(event)  # safe already: the template engine's output


@register.filter
def badges(event):
    """Return the badges of an event (templates/events/includes/badges.html)."""
    return cards.badges(event)


@register.simple_tag
def event_card(event):
    """Render the event's card (templates/includes/event_card.html); events from selectors.card_events()."""
    return cards.card_html(event)  # safe already: the template engine's output


@register.filter
def card(event):
    """Return what the event's card shows (templates/includes/event_card.html), worked out once."""
    return cards.card(event)


@register.simple_tag
def event_programme(event, programme_days):
    """Render the event page's programme (templates/events/includes/programme.html), once per content
    version and language: its items, their speakers and the event's first day are all content.

    With a few dozen items, their times, kinds and speakers, it took half of the page's rendering.
    """
    return cached_fragment(
        f"event-programme:{event.pk}",
        lambda: render_to_string("events/includes/programme.html", {"programme_days": programme_days}),
    )
