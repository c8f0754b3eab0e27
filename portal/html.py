"""The one place that decides which HTML editors may use in content pages."""

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "address",
    "blockquote",
    "br",
    "em",
    "h2",
    "h3",
    "h4",
    "li",
    "ol",
    "p",
    "span",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "hreflang", "lang"},
    "abbr": {"title", "lang"},
    # lang marks passages in another language, which screen readers need (WCAG 3.1.2).
    "span": {"lang"},
    "p": {"lang"},
    "blockquote": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Return ``html`` with every tag, attribute and link scheme outside the allowed set removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
