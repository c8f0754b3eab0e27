"""What the site search (portal/search.py) finds of the events: every public event, past ones too."""

from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from agencies.selectors import with_agencies
from portal.search import Hit, Source

from .formatting import date_line
from .models import Event
from .selectors import public_events, with_venues


def _hit(event: Event) -> Hit:
    place = event.venue.city if event.has_on_site_part and event.venue else _("Online")
    return Hit(
        title=event.title,
        url=event.get_absolute_url(),
        meta=f"{date_line(event)} · {place} · {event.agency.short_name}",
    )


def _soonest_first_then_latest_past(now):
    """Coming events from the next one on, then past ones from the latest back."""
    past = Case(When(ends_at__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    upcoming_start = Case(When(ends_at__gte=now, then=F("starts_at")))
    return (past, upcoming_start.asc(nulls_last=True), F("starts_at").desc(), "pk")


EVENTS = Source(
    key="veranstaltungen",
    label=_("Veranstaltungen"),
    queryset=lambda now: public_events(),
    hit=_hit,
    fields=("title", "slug", "starts_at", "ends_at", "format", "agency", "venue"),
    with_related=lambda events: with_venues(with_agencies(events)),
    related=("topics", "venue"),
    snippet=("teaser", "description"),
    ordering=_soonest_first_then_latest_past,
    ranked_first=("-starts_at", "-pk"),
    order=10,
)
