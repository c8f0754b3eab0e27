from django import template
from django.utils.html import format_html

from municipalities import selectors
from municipalities.models import Partnership

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


@register.inclusion_tag("municipalities/includes/agency_partners.html", takes_context=True)
def partner_municipalities(context, agency):
    """Render the number of an agency's current partner municipalities per Bundesland, and the newest."""
    return {
        "agency": agency,
        "partners": selectors.agency_partners(agency=agency),
        "request": context.get("request"),
    }
