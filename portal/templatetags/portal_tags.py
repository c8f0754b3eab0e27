from django import forms, template
from django.utils.safestring import mark_safe

from portal.links import absolute_url

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


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered template output, escaped already: safe to print as it is.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """Render the enclosed template (blocks included) into a variable instead of the page:
    ``{% capture "page_title" %}{% block title %}{% endblock %}{% endcapture %}``.

    The layout needs the page's title and description twice (``<title>`` and the Open Graph
    tags), and a block can be defined only once.
    """
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("capture takes one argument, the variable's name") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name.strip("\"'"))


@register.filter
def field_anchor(bound_field):
    """Return the id an error summary links to: the field, or the first choice of a group of radios."""
    if isinstance(bound_field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter(name="absolute_url")
def absolute_url_filter(path):
    """Return a path on the public site as a full address (for Open Graph images and the like)."""
    return absolute_url(str(path))
