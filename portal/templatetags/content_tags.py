from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.html import CONTENT_PAGE

register = template.Library()


@register.simple_tag
def content_lang():
    """Return ` lang="de"` for editors' German text on a page in another language (WCAG 3.1.2), else "".

    Editors write content in the portal's main language; under /en/ it stays German.
    """
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.filter
def clean(html):
    """Mark editor HTML safe after cleaning it again, in case it reached the database another way."""
    return CONTENT_PAGE.render(html)


@register.filter
def breakable_email(address):
    """Let a long e-mail address wrap before the @ rather than somewhere in the middle."""
    return mark_safe(escape(address).replace("@", "<wbr>@"))  # noqa: S308 - escaped just before


@register.filter
def display_url(url):
    """Return a web address as people read it: without scheme and trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")
