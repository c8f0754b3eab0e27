from django import template

from agencies import selectors

register = template.Library()


@register.simple_tag
def all_agencies():
    """Return the four agencies with the states they serve (for pages of apps below this one)."""
    return selectors.agencies_with_states()
