from django import template

from events.registration import selectors
from events.registration.views import registration_box_html
from portal.page_cache import fresh_part

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_box(context, event):
    """Render the registration box of an event page: seats, state and the form (a fixed number of queries).

    While registration is open the box holds a form, so a page being stored for the page cache gets a
    marker instead: every response renders the box for its own request (CSRF token, live seats).
    """
    request = context.get("request")
    if selectors.registration_state(event) == selectors.State.OPEN:
        marker = fresh_part(request, "registration_box", event.pk)
        if marker:
            return marker
    return registration_box_html(request, event)


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
