"""The one place that decides which HTML editors may use (nh3, https://nh3.readthedocs.io/).

Each kind of rich text has a named policy: content pages (privacy notice, imprint notes, ...) and
press releases. Text is cleaned when it is saved and again when it is shown, so a row written
before a rule changed, or written around the admin, never reaches a page raw.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# Their content goes too, not only the tag: a script's text is no reading matter.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})


class Policy:
    """What one kind of rich text may contain; ``clean()`` removes everything else."""

    def __init__(self, *, tags, attributes, url_schemes, link_rel, url_relative=None, help_text=""):
        self.tags = frozenset(tags)
        self.attributes = {tag: frozenset(names) for tag, names in attributes.items()}
        self.url_schemes = frozenset(url_schemes)
        self.help_text = help_text
        self._cleaner = nh3.Cleaner(
            tags=set(self.tags),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in self.attributes.items()},
            url_schemes=set(self.url_schemes),
            url_relative=url_relative,
            link_rel=link_rel,
            strip_comments=True,
        )

    def clean(self, html: str) -> str:
        """Return ``html`` with every tag, attribute and link scheme outside the policy removed."""
        if not html:
            return ""
        return self._cleaner.clean(html).strip()

    def render(self, html: str) -> SafeString:
        """Return cleaned ``html`` marked safe for a template."""
        return mark_safe(self.clean(html))  # noqa: S308 - nh3 has just removed everything not allowed


CONTENT_PAGE = Policy(
    tags={
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
    },
    attributes={
        "a": {"href", "hreflang", "lang"},
        "abbr": {"title", "lang"},
        # lang marks passages in another language, which screen readers need (WCAG 3.1.2).
        "span": {"lang"},
        "p": {"lang"},
        "blockquote": {"lang"},
    },
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel="noopener noreferrer",
    help_text=_(
        "HTML ist erlaubt: <p>, <h2> bis <h4>, <ul>, <ol>, <li>, <a href>, <strong>, <em>, <abbr title>, "
        "<address>, <blockquote>, <br> und lang-Attribute für fremdsprachige Stellen. Überschriften beginnen "
        "mit <h2>, da die Seite schon eine <h1> hat. Alles andere wird beim Speichern entfernt."
    ),
)

PRESS_RELEASE = Policy(
    tags={"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br"},
    attributes={"a": {"href"}},
    url_schemes={"http", "https", "mailto"},
    # Links point to whole addresses; a relative one would mean something else in a feed reader.
    url_relative="deny",
    link_rel="noopener",
    help_text=_(
        "Erlaubt sind Zwischenüberschriften (h2 bis h4), Absätze (p), Listen (ul, ol, li), Links "
        '(a href="https://…" oder "mailto:…"), fett (strong), kursiv (em), Zitate (blockquote) und '
        "Zeilenumbrüche (br). Alles andere, etwa Skripte, eingebettete Inhalte oder Formatierungen "
        "mit style, wird beim Speichern entfernt."
    ),
)
