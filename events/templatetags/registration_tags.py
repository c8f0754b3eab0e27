from django import template

from events.registration import selectors
from events.registration.views import registration_box_context

register = template.Library()


@register.inclusion_tag("events/registration/includes/box.html", takes_context=True)
def registration_box(context, event):
    """Render the registration box of an event page: seats, state and the form (a fixed number of queries)."""
    box = registration_box_context(event)
    box.update({"request": context.get("request"), "csrf_token": context.get("csrf_token")})
    return box


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
