"""What an event card shows (templates/includes/event_card.html), worked out once per card; the
archive entry (templates/events/includes/archive_card.html), rendered once per content version.

A list page shows ten cards, the home page three: their template only prints these values, so a card
costs no template filters, lookups in the model's choices or repeated reversing of its address.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.registration import selectors as registration
from portal.page_cache import cached_fragment

from . import formatting
from .models import Event, EventKind

# Labels stay lazy: each page translates them into its own language.
FORMAT_LABELS = dict(Event.Format.choices)
KIND_LABELS = dict(EventKind.choices)
AUDIENCE_LABELS = dict(Event.Audience.choices)
STATUS_LABELS = dict(Event.Status.choices)
CARD_STATES = (registration.State.OPEN, registration.State.NOT_OPEN_YET)


@dataclass(frozen=True)
class Badge:
    kind: str  # the CSS modifier: format, kind, cancelled, postponed, audience
    label: str


def badges(event: Event) -> list[Badge]:
    """Return the badges of an event: format, kind, cancelled or postponed, and who may take part."""
    result = [
        Badge("format", FORMAT_LABELS.get(event.format, event.format)),
        Badge("kind", KIND_LABELS.get(event.kind, event.kind)),
    ]
    if event.status in (Event.Status.CANCELLED, Event.Status.POSTPONED):
        result.append(Badge(event.status, STATUS_LABELS[event.status]))
    if event.audience != Event.Audience.PUBLIC:
        result.append(Badge("audience", AUDIENCE_LABELS.get(event.audience, event.audience)))
    return result


@dataclass(frozen=True)
class CardRegistration:
    seats: list[registration.ModeSeats]
    opens_on: str  # empty once registration is open
    closes_on: str
    form_url: str  # the registration page while registration is open, else empty


@dataclass(frozen=True)
class Card:
    url: str
    starts_at: str  # ISO 8601, for <time datetime>
    date_line: str
    place: str
    topics: str
    registration: CardRegistration | None  # None: the card shows no seats


def _place(event: Event) -> str:
    if event.has_on_site_part and event.venue:
        if event.has_online_part:
            return f"{event.venue.city} {_('und online')}"
        return event.venue.city
    return _("Online")


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def _registration(event: Event) -> CardRegistration | None:
    """Return seats and dates of registration while it is open or opens later, else None."""
    state = registration.registration_state(event)
    if state not in CARD_STATES:
        return None
    options = event.registration_options
    if state == registration.State.NOT_OPEN_YET:
        return CardRegistration(
            registration.seats(event), opens_on=_date(options.opens_at), closes_on="", form_url=""
        )
    form_url = reverse("registration:register", args=[event.slug])
    closes_on = _date(options.effective_closes_at)
    return CardRegistration(registration.seats(event), opens_on="", closes_on=closes_on, form_url=form_url)


def card(event: Event) -> Card:
    """Return what the card of ``event`` shows (from ``selectors.card_events``, seats counted)."""
    return Card(
        url=event.get_absolute_url(),
        starts_at=timezone.localtime(event.starts_at).isoformat(),
        date_line=formatting.date_line(event),
        place=_place(event),
        topics=", ".join(event.topic_names),
        registration=_registration(event),
    )


def card_html(event: Event) -> str:
    """Return the card of ``event`` as HTML, rendered once per content version, language and seats.

    The same card shows on the home page, the list in every filter and the agency page; what makes
    it differ (the event's row, its registration state, the free seats) is in the key, so a card is
    rendered again as soon as any of it changes.
    """
    state = registration.registration_state(event)
    seats_free = (getattr(event, "seats_on_site_free", None), getattr(event, "seats_online_free", None))
    return cached_fragment(
        f"event-card:{event.pk}:{state}:{seats_free}",
        lambda: render_to_string("includes/event_card.html", {"event": event}),
    )


def archive_card_html(event: Event) -> str:
    """Return the archive entry of ``event`` as HTML, rendered once per content version and language.

    All it shows (the event's row, its venue, agency and public materials) is content, so a new
    content version renders it again.
    """
    return cached_fragment(
        f"archive-card:{event.pk}",
        lambda: render_to_string("events/includes/archive_card.html", {"event": event}),
    )
