from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from municipalities import selectors
from municipalities.models import Partnership
from portal.page_cache import cached_fragment

register = template.Library()

STATUS_LABELS = dict(Partnership.Status.choices)


@register.filter
def partnership_status(value):
    """Return the label of a partnership status code, e.g. „Kooperationskommune“."""
    return STATUS_LABELS.get(value, value)


@register.filter
def status_badge(value):
    """Render a partnership status as a badge; a filter, not an include: the directory shows 100 per page."""
    return format_html('<span class="status-badge status-{}">{}</span>', value, partnership_status(value))


@register.simple_tag
def partner_municipalities(agency):
    """Render the number of an agency's current partner municipalities per Bundesland, and the newest
    (municipalities/includes/agency_partners.html).

    Rendered once per content version, language and day: all it shows is the agency, its
    partnerships, their municipalities and Bundesländer (content), and which partnerships run
    changes with the day.
    """
    today = timezone.localdate()
    return cached_fragment(
        f"agency-partners:{agency.pk}:{today.isoformat()}",
        lambda: render_to_string(
            "municipalities/includes/agency_partners.html",
            {"agency": agency, "partners": selectors.agency_partners(agency=agency, on=today)},
        ),
    )


# A profile's partnerships and members change only with the content: each part is rendered once per
# language and content version (cached_fragment), and read only then.


@register.simple_tag
def partnership_history(municipality):
    """Render the municipality's partnerships, newest first
    (municipalities/includes/partnership_history.html); also per day: the one running today is marked."""
    today = timezone.localdate()

    def render():
        partnerships = selectors.partnership_history(municipality)
        context = {
            "partnerships": partnerships,
            "current_partnership": selectors.current_partnership(partnerships, on=today),
        }
        return render_to_string("municipalities/includes/partnership_history.html", context)

    return cached_fragment(f"municipalities:partnerships:{municipality.key}:{today}", render)


@register.simple_tag
def member_list(municipality):
    """Render the municipalities of a Kreis (municipalities/includes/member_list.html)."""

    def render():
        context = {"municipality": municipality, "members": selectors.members_of(municipality)}
        return render_to_string("municipalities/includes/member_list.html", context)

    return cached_fragment(f"municipalities:members:{municipality.key}", render)
