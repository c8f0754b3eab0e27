from django import template

register = template.Library()


@register.filter
def startswith(text, prefix):
    return bool(prefix) and str(text).startswith(str(prefix))


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """Return the current query string with some parameters replaced, e.g. for pagination."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
