"""Sanitise the rich text that agency staff write in the admin (nh3, https://nh3.readthedocs.io/).

The same rules run when a release is saved and again when it is shown, so a row
written before a rule changed, or written around the admin, never reaches a page raw.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Their content goes too, not only the tag: a script's text is no reading matter.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    # Links point to whole addresses; a relative one would mean something else in a feed reader.
    url_relative="deny",
    link_rel="noopener",
    strip_comments=True,
)

HELP_TEXT = _(
    "Erlaubt sind Zwischenüberschriften (h2 bis h4), Absätze (p), Listen (ul, ol, li), Links "
    '(a href="https://…" oder "mailto:…"), fett (strong), kursiv (em), Zitate (blockquote) und '
    "Zeilenumbrüche (br). Alles andere, etwa Skripte, eingebettete Inhalte oder Formatierungen "
    "mit style, wird beim Speichern entfernt."
)


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the allowed tags, attributes and URL schemes removed."""
    if not html:
        return ""
    return _CLEANER.clean(html)


def render_html(html: str) -> SafeString:
    """Return sanitised ``html`` marked safe for a template."""
    return mark_safe(sanitize_html(html))  # noqa: S308 - nh3 has just cleaned it
