from django import template
from django.template.loader import render_to_string

from events.registration import selectors
from portal.page_cache import cached_fragment

register = template.Library()


def _call_context(event, state: str) -> dict:
    return {
        "event": event,
        "state": state,
        "State": selectors.State,
        "options": selectors.registration_options(event),
        "seats": selectors.seats(event),
        "contact": selectors.registration_contact(event),
        "waiting_list_only": state == selectors.State.OPEN and not selectors.has_free_seat_now(event),
    }


@register.simple_tag
def registration_call(event):
    """Render where an event's registration stands and the way to its form, for the event page
    (events/registration/includes/call.html).

    The form itself lives on the registration page only: the event page holds no POST form and is
    cached whole. Reads the seats ``with_seats`` annotated (no queries of its own). Rendered once per
    content version, language, registration state and free seats, as an event's card is: all else
    it shows (the event, its options and contact) is content.
    """
    state = selectors.registration_state(event)
    seats_free = (getattr(event, "seats_on_site_free", None), getattr(event, "seats_online_free", None))
    return cached_fragment(
        f"registration-call:{event.pk}:{state}:{seats_free}",
        lambda: render_to_string("events/registration/includes/call.html", _call_context(event, state)),
    )


@register.filter
def mode_seats(event):
    """Return the free seats per mode of an event from a list with selectors.with_seats()."""
    return selectors.seats(event)


@register.filter
def takes_registrations(event):
    """Return whether an event's card shows seats: its registration is open or opens later."""
    return selectors.registration_state(event) in (selectors.State.OPEN, selectors.State.NOT_OPEN_YET)


@register.filter
def registration_state(event):
    """Return where the event's registration stands: "open", "not_open_yet", "closed", ..."""
    return selectors.registration_state(event)
