from functools import lru_cache

from django import forms, template
from django.template.defaultfilters import urlencode
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.links import absolute_url
from portal.page_cache import cached_fragment

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


class FragmentNode(template.Node):
    def __init__(self, nodelist, name_parts):
        self.nodelist = nodelist
        self.name_parts = name_parts

    def render(self, context):
        name = ":".join(str(part.resolve(context)) for part in self.name_parts)
        return cached_fragment(f"fragment:{name}", lambda: self.nodelist.render(context))


@register.tag
def fragment(parser, token):
    """Render the enclosed template once per language and content version, and print the kept
    HTML on later pages: ``{% fragment "home-agencies" %}…{% endfragment %}``.

    For parts of a page that show nothing but content and fixed text, the same for every visitor
    (the agencies on the home page). Values named after the name go into the key as well
    (``{% fragment "agency-card" agency.pk %}``); nothing inside may depend on the request, the
    visitor, the time or free seats unless a value in the key says so.
    """
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("fragment takes a name, and optionally values for its key")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


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


# --- the layout's fixed parts ------------------------------------------------------------------
# The header, the footer and the asset links are the same on most pages: rendering their two dozen
# translations, addresses and includes took about a third of a small page's time. Each is rendered
# once per language and content version (cached_fragment) with holes for what a page varies (the
# address of the page in the other language, the search words, the page a barrier report names),
# which are filled in, escaped as the template would, on every request.

NAVIGATION = (
    "events:list",
    "press:list",
    "publications:list",
    "agencies:list",
    "municipalities:list",
    "portal:search",
)


def _hole(name: str) -> str:
    return f"\x00{name}\x00"


def _filled(html: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        html = html.replace(_hole(name), str(conditional_escape(value)))
    return mark_safe(html.strip())  # noqa: S308 - rendered by the template, the values escaped above


def _render_with_holes(template_name: str, context, holes: dict) -> str:
    # In the page's own context, as {% include %} renders: its context processors ran already.
    with context.push(**holes):
        return get_template(template_name).template.render(context)


@register.simple_tag(takes_context=True)
def site_assets(context):
    """The favicon, font and stylesheet links (static addresses change only with a deploy)."""
    html = cached_fragment(
        "layout:assets", lambda: _render_with_holes("includes/site_assets.html", context, {})
    )
    return _filled(html, {})


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header: agencies strip, word mark, search, language switch and the main navigation."""
    path = context["request"].path
    language = get_language()
    current = next((name for name in NAVIGATION if path.startswith(_address(name, language))), "")
    alternates = context.get("language_alternates", [])
    holes = {
        "search_query": _hole("search"),
        "language_alternates": [{**item, "url": _hole(f"alternate-{item['code']}")} for item in alternates],
    }
    codes = ",".join(item["code"] for item in alternates)
    html = cached_fragment(
        f"layout:header:{current}:{codes}",
        lambda: _render_with_holes("includes/site_header.html", context, holes),
    )
    values = {f"alternate-{item['code']}": item["url"] for item in alternates}
    values["search"] = context.get("search_query") or ""
    return _filled(html, values)


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer: service navigation (the barrier report link names the page) and the funding line."""
    html = cached_fragment(
        "layout:footer",
        lambda: _render_with_holes(
            "includes/site_footer.html", context, {"feedback_query": _hole("feedback")}
        ),
    )
    page = context.get("feedback_page")
    return _filled(html, {"feedback": f"?seite={urlencode(page)}" if page else ""})


@lru_cache(maxsize=64)
def _address(name: str, language: str) -> str:
    # Keyed on the active language too: the addresses are translated.
    return reverse(name)
