"""One table over every public address of the portal, with the demo data loaded.

Each row names a URL pattern and how to build an address for it; the checks below run on every
row: the status, and for HTML pages the layout's promises (one h1, German, skip link to the main
landmark, images with alt, labelled fields), no cookies beyond CSRF on a GET and only where a
form needs it, no asset or frame from another host. ``test_every_public_pattern_is_audited``
walks the URLconf, so a page added later fails here until it has a row.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from agencies.models import Agency
from agencies.press import services as press_services
from agencies.press.models import PressRelease
from agencies.publications.models import Publication
from events.models import Event, Material, Registration
from events.registration.mail import overview_token
from portal.health import WORKER, record_heartbeat

pytestmark = pytest.mark.django_db

AGENCIES = ["hessen", "nrw", "transmit", "bayern"]
HTML, CALENDAR, FEED, JSON, FILE = "html", "calendar", "feed", "json", "file"
TEXT, XML, ICON = "text", "xml", "icon"
CONTENT_TYPES = {
    HTML: "text/html",
    CALENDAR: "text/calendar",
    FEED: ("application/rss+xml", "application/atom+xml"),
    JSON: "application/json",
    TEXT: "text/plain",
    XML: "application/xml",
    ICON: "image/",
}


def _event(**filters):
    return Event.objects.filter(status=Event.Status.PUBLISHED, **filters).order_by("starts_at").first()


def _upcoming(**filters):
    return _event(starts_at__gte=timezone.now(), **filters)


def _registrable(**filters):
    return _upcoming(registration_options__enabled=True, **filters)


def _release(**filters):
    return PressRelease.objects.visible().filter(**filters).order_by("-published_at").first()


def _release_with_attachment():
    release = _release()
    attachment = release.attachments.create(title="Programm", file=ContentFile(b"%PDF-1.4\n", name="p.pdf"))
    return reverse("press:attachment", args=[release.slug, attachment.pk])


def _preview():
    release = PressRelease.objects.filter(status=PressRelease.Status.DRAFT).first()
    return reverse(
        "press:preview", args=[release.preview_token or press_services.preview_link_create(release=release)]
    )


def _preview_attachment():
    release = PressRelease.objects.filter(status=PressRelease.Status.DRAFT).first()
    token = release.preview_token or press_services.preview_link_create(release=release)
    attachment = release.attachments.create(title="Entwurf", file=ContentFile(b"%PDF-1.4\n", name="e.pdf"))
    return reverse("press:preview_attachment", args=[token, attachment.pk])


def _healthz():
    record_heartbeat(WORKER)  # as the mail worker does: without it /healthz answers 503
    return reverse("healthz")


def _registration(**filters):
    return Registration.objects.filter(**filters).select_related("event").first()


def _attended():
    registration = _registration(status="confirmed")
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    return registration


def _certificate():
    registration = _attended()
    return reverse("registration:certificate", args=[registration.manage_token, registration.pk])


def _participants_material(name):
    registration = _registration(status="confirmed")
    material = Material.objects.create(
        event=registration.event,
        title="Folien für Teilnehmende",
        file=ContentFile(b"%PDF-1.4\n", name="folien.pdf"),
        accessible_alternative=ContentFile(b"%PDF-1.4\n", name="folien-barrierefrei.pdf"),
        participants_only=True,
    )
    return reverse(name, args=[registration.manage_token, registration.pk, material.pk])


# (pattern name, variant, address builder, expected status, kind)
ROWS = [
    ("portal:home", "", lambda: reverse("portal:home"), 200, HTML),
    ("portal:imprint", "", lambda: reverse("portal:imprint"), 200, HTML),
    ("portal:privacy", "", lambda: reverse("portal:privacy"), 200, HTML),
    ("portal:accessibility", "", lambda: reverse("portal:accessibility"), 200, HTML),
    ("portal:easy_language", "", lambda: reverse("portal:easy_language"), 200, HTML),
    ("portal:sign_language", "", lambda: reverse("portal:sign_language"), 200, HTML),
    ("portal:feedback", "", lambda: reverse("portal:feedback"), 200, HTML),
    ("portal:search", "", lambda: reverse("portal:search"), 200, HTML),
    ("portal:search", "found", lambda: reverse("portal:search") + "?q=Bildung", 200, HTML),
    (
        "portal:search",
        "one kind",
        lambda: reverse("portal:search") + "?q=Bildung&bereich=veranstaltungen&page=2",
        200,
        HTML,
    ),
    ("portal:search", "nothing found", lambda: reverse("portal:search") + "?q=Xylophonkonzert", 200, HTML),
    ("agencies:list", "", lambda: reverse("agencies:list"), 200, HTML),
    *[
        ("agencies:detail", slug, lambda slug=slug: reverse("agencies:detail", args=[slug]), 200, HTML)
        for slug in AGENCIES
    ],
    ("agencies:detail", "unknown", lambda: reverse("agencies:detail", args=["gibt-es-nicht"]), 404, HTML),
    ("events:list", "", lambda: reverse("events:list"), 200, HTML),
    ("events:list", "filtered", lambda: reverse("events:list") + "?format=online&agency=nrw", 200, HTML),
    ("events:archive", "", lambda: reverse("events:archive"), 200, HTML),
    *[
        ("events:detail", fmt, lambda fmt=fmt: _upcoming(format=fmt).get_absolute_url(), 200, HTML)
        for fmt in Event.Format.values
    ],
    (
        "events:detail",
        "past",
        lambda: _event(review__gt="", starts_at__year__lt=2021).get_absolute_url(),
        200,
        HTML,
    ),
    (
        "events:detail",
        "cancelled",
        lambda: Event.objects.filter(status="cancelled").first().get_absolute_url(),
        200,
        HTML,
    ),
    ("events:detail", "unknown", lambda: reverse("events:detail", args=["gibt-es-nicht"]), 404, HTML),
    ("events:feed", "", lambda: reverse("events:feed"), 200, CALENDAR),
    ("events:feed", "filtered", lambda: reverse("events:feed") + "?format=hybrid", 200, CALENDAR),
    ("events:ical", "", lambda: reverse("events:ical", args=[_upcoming().slug]), 200, CALENDAR),
    *[
        (
            "registration:register",
            fmt,
            lambda fmt=fmt: reverse("registration:register", args=[_registrable(format=fmt).slug]),
            200,
            HTML,
        )
        for fmt in Event.Format.values
    ],
    ("registration:sent", "", lambda: reverse("registration:sent", args=[_registrable().slug]), 200, HTML),
    (
        "registration:resend",
        "",
        lambda: reverse("registration:resend", args=[_registrable().slug]),
        200,
        HTML,
    ),
    ("registration:overview_request", "", lambda: reverse("registration:overview_request"), 200, HTML),
    # Reached by a secret link (see test_secret_pages.py for what they must not pass on).
    ("registration:manage", "", lambda: _registration(status="confirmed").get_absolute_url(), 200, HTML),
    ("registration:confirm", "", lambda: _registration(status="pending").get_confirm_url(), 200, HTML),
    (
        "registration:overview",
        "",
        lambda: reverse("registration:overview", args=[overview_token(_registration().email)]),
        200,
        HTML,
    ),
    ("registration:manage", "unknown", lambda: reverse("registration:manage", args=["falsch"]), 404, HTML),
    ("registration:certificate", "", _certificate, 200, FILE),
    (
        "registration:certificate",
        "unknown",
        lambda: reverse("registration:certificate", args=[_registration(status="confirmed").manage_token, 0]),
        404,
        HTML,
    ),
    ("registration:material", "", lambda: _participants_material("registration:material"), 200, FILE),
    (
        "registration:material_alternative",
        "",
        lambda: _participants_material("registration:material_alternative"),
        200,
        FILE,
    ),
    (
        "certificate:verify",
        "",
        lambda: reverse("certificate:verify", args=[_attended().certificate_code]),
        200,
        HTML,
    ),
    ("certificate:verify", "unknown", lambda: reverse("certificate:verify", args=["ABCDEFGHJK"]), 404, HTML),
    (
        "registration:data_json",
        "",
        lambda: reverse("registration:data_json", args=[_registration(status="confirmed").manage_token]),
        200,
        JSON,
    ),
    (
        "registration:data_csv",
        "",
        lambda: reverse("registration:data_csv", args=[_registration(status="confirmed").manage_token]),
        200,
        FILE,
    ),
    (
        "registration:data_json",
        "unknown",
        lambda: reverse("registration:data_json", args=["falsch"]),
        404,
        HTML,
    ),
    (
        "registration:deletion_request",
        "",
        lambda: reverse(
            "registration:deletion_request", args=[_registration(status="confirmed").manage_token]
        ),
        200,
        HTML,
    ),
    ("press:list", "", lambda: reverse("press:list"), 200, HTML),
    ("press:list", "filtered", lambda: reverse("press:list") + "?agentur=hessen&jahr=2019", 200, HTML),
    ("press:detail", "", lambda: _release(agency__slug="hessen").get_absolute_url(), 200, HTML),
    (
        "press:detail",
        "joint",
        lambda: _release(supporting_agencies__isnull=False).get_absolute_url(),
        200,
        HTML,
    ),
    (
        # Its events and municipalities are read only when it has some: the richest release page.
        "press:detail",
        "related",
        lambda: _release(
            related_events__isnull=False, related_municipalities__isnull=False
        ).get_absolute_url(),
        200,
        HTML,
    ),
    (
        "press:detail",
        "withdrawn",
        lambda: PressRelease.objects.filter(status="withdrawn").first().get_absolute_url(),
        410,
        HTML,
    ),
    (
        "press:detail",
        "draft",
        lambda: reverse("press:detail", args=[PressRelease.objects.filter(status="draft").first().slug]),
        404,
        HTML,
    ),
    ("press:attachment", "", _release_with_attachment, 200, FILE),
    ("press:preview", "", _preview, 200, HTML),
    ("press:preview_attachment", "", _preview_attachment, 200, FILE),
    ("press:feed_rss", "", lambda: reverse("press:feed_rss"), 200, FEED),
    ("press:feed_atom", "", lambda: reverse("press:feed_atom"), 200, FEED),
    *[
        (name, slug, lambda name=name, slug=slug: reverse(name, args=[slug]), 200, FEED)
        for name in ("press:agency_feed_rss", "press:agency_feed_atom")
        for slug in AGENCIES
    ],
    ("publications:list", "", lambda: reverse("publications:list"), 200, HTML),
    ("publications:detail", "", lambda: Publication.objects.first().get_absolute_url(), 200, HTML),
    (
        "publications:download",
        "",
        lambda: reverse("publications:download", args=[Publication.objects.first().slug]),
        200,
        FILE,
    ),
    (
        "publications:accessible_download",
        "",
        lambda: reverse(
            "publications:accessible_download",
            args=[Publication.objects.exclude(accessible_alternative="").first().slug],
        ),
        200,
        FILE,
    ),
    ("municipalities:list", "", lambda: reverse("municipalities:list"), 200, HTML),
    (
        "municipalities:list",
        "filtered",
        lambda: reverse("municipalities:list") + "?bundesland=thueringen&art=landkreis",
        200,
        HTML,
    ),
    ("municipalities:overview", "", lambda: reverse("municipalities:overview"), 200, HTML),
    ("municipalities:search", "", lambda: reverse("municipalities:search") + "?q=Leip", 200, JSON),
    *[
        (
            "municipalities:detail",
            key,
            lambda key=key: reverse("municipalities:detail", args=[key]),
            200,
            HTML,
        )
        for key in ("06412", "14729", "05515")
    ],
    ("municipalities:detail", "unknown", lambda: reverse("municipalities:detail", args=["99999"]), 404, HTML),
    ("", "no such page", lambda: "/gibt-es-nicht/", 404, HTML),
    ("healthz", "", _healthz, 200, JSON),
    ("robots_txt", "", lambda: reverse("robots_txt"), 200, TEXT),
    ("favicon", "", lambda: reverse("favicon"), 200, ICON),
    ("sitemap", "", lambda: reverse("sitemap"), 200, XML),
    *[
        (
            "sitemap_section",
            section,
            lambda section=section: reverse("sitemap_section", args=[section]),
            200,
            XML,
        )
        for section in (
            "seiten",
            "veranstaltungen",
            "presse",
            "publikationen",
            "transferagenturen",
            "kommunen",
        )
    ],
]
# Patterns outside the languages: one address for both.
LANGUAGE_NEUTRAL = {"healthz", "robots_txt", "favicon", "sitemap", "sitemap_section"}
# Patterns that are no public page.
# Patterns that are no public page: the admin, and uploaded files (one address in every language,
# their headers are checked in tests/portal/test_uploads.py).
NOT_AUDITED = {"admin", "media"}

SAME_HOST = {"", "testserver"}


class _Page(HTMLParser):
    """Collect what the checks need from one HTML page."""

    FIELDS = {"input", "select", "textarea"}
    UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.starts = []  # (tag, attrs dict)
        self.h1 = 0
        self.label_for = set()
        self.label_depth = 0
        self.fields = []
        self.forms = []  # {"action", "method", "data"}: what a person submits without typing

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.starts.append((tag, attrs))
        if tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag == "form":
            self.forms.append(
                {"action": attrs.get("action", ""), "method": attrs.get("method", "get"), "data": {}}
            )
        if tag in self.FIELDS and attrs.get("type") not in self.UNLABELLED_INPUTS:
            self.fields.append((tag, attrs, self.label_depth > 0))
        if tag in self.FIELDS and self.forms and attrs.get("name"):
            kind = attrs.get("type")
            if kind not in {"checkbox", "radio", "submit", "button"} or "checked" in attrs:
                self.forms[-1]["data"].setdefault(attrs["name"], attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "label" and self.label_depth:
            self.label_depth -= 1

    def post_forms(self):
        return [form for form in self.forms if form["method"].lower() == "post"]

    def find(self, tag, **wanted):
        return [a for t, a in self.starts if t == tag and all(a.get(k) == v for k, v in wanted.items())]

    def unlabelled_fields(self):
        return [
            attrs.get("name") or tag
            for tag, attrs, inside_label in self.fields
            if not inside_label
            and attrs.get("id") not in self.label_for
            and not attrs.get("aria-label")
            and not attrs.get("aria-labelledby")
        ]

    def broken_references(self):
        """Return ids used twice, and ids that labels or aria attributes point to but nothing has."""
        ids = Counter(attrs["id"] for _tag, attrs in self.starts if attrs.get("id"))
        referenced = set(self.label_for)
        for _tag, attrs in self.starts:
            for name in ("aria-describedby", "aria-labelledby", "aria-controls"):
                referenced.update((attrs.get(name) or "").split())
        return sorted({i for i, count in ids.items() if count > 1} | (referenced - set(ids)))

    def skipped_heading_levels(self):
        levels = [int(tag[1]) for tag, _attrs in self.starts if re.fullmatch(r"h[1-6]", tag)]
        return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]

    def asset_addresses(self):
        """Yield every address the page loads on its own: scripts, styles, images, media, frames."""
        for tag, attrs in self.starts:
            if tag == "link" and set((attrs.get("rel") or "").split()) & {
                "stylesheet",
                "preload",
                "icon",
                "font",
            }:
                yield tag, attrs.get("href", "")
            if tag in {"script", "img", "source", "video", "audio", "iframe", "embed", "track"} and attrs.get(
                "src"
            ):
                yield tag, attrs["src"]
            if tag in {"img", "source"} and attrs.get("srcset"):
                for candidate in attrs["srcset"].split(","):
                    yield tag, candidate.strip().split(" ")[0]
            if tag == "object" and attrs.get("data"):
                yield tag, attrs["data"]


def _row_id(row):
    name, variant = row[0] or "404", row[1]
    return f"{name}[{variant}]" if variant else name


@pytest.fixture
def site(client, demo_site):
    return client


def _get(client, row, language):
    url = row[2]()
    if language != "de" and row[0] not in LANGUAGE_NEUTRAL:
        url = f"/{language}{url}"
    return url, client.get(url)


def _check_cookies(response, page):
    cookies = set(response.cookies)
    assert cookies <= {"csrftoken"}, f"a GET sets {cookies}"
    if "csrftoken" in cookies:
        assert page is not None and page.post_forms(), "CSRF cookie without a form to post"


def _check_html(response, page, language):
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert page.h1 == 1, f"{page.h1} h1 headings"
    assert page.find("a", href="#inhalt"), "no skip link to #inhalt"
    assert page.find("main", id="inhalt"), 'no <main id="inhalt">'
    assert not [attrs.get("src") for attrs in page.find("img") if "alt" not in attrs], "images without alt"
    assert not page.unlabelled_fields(), f"fields without label: {page.unlabelled_fields()}"
    assert not page.find("iframe"), "a frame is loaded with the page"
    assert not page.broken_references(), f"duplicate ids or references to none: {page.broken_references()}"
    assert not page.skipped_heading_levels(), f"heading levels skipped: {page.skipped_heading_levels()}"
    for tag, address in page.asset_addresses():
        assert urlsplit(address).netloc in SAME_HOST, f"<{tag}> from another host: {address}"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("row", ROWS, ids=[_row_id(row) for row in ROWS])
def test_public_page(site, row, language):
    _name, _variant, _build, status, kind = row

    url, response = _get(site, row, language)

    assert response.status_code == status, url
    content_type = response.get("Content-Type", "")
    if kind in CONTENT_TYPES:
        assert content_type.startswith(CONTENT_TYPES[kind]), (url, content_type)
    page = None
    if kind == HTML:
        page = _Page()
        page.feed(response.content.decode())
        _check_html(response, page, language)
    elif kind in (FEED, XML):
        ET.fromstring(response.content)
    elif kind == CALENDAR:
        assert response.content.startswith(b"BEGIN:VCALENDAR")
    elif kind in (FILE, ICON):
        assert b"".join(response.streaming_content if response.streaming else [response.content])
    _check_cookies(response, page)


# Pages with a form to post, by (pattern name, variant) of ROWS: sent as shown, without typing.
FORM_ROWS = [
    ("portal:feedback", ""),
    *[("registration:register", fmt) for fmt in Event.Format.values],
    ("registration:resend", ""),
    ("registration:overview_request", ""),
    ("registration:manage", ""),
    ("registration:confirm", ""),
    ("registration:deletion_request", ""),
]


@pytest.mark.parametrize("key", FORM_ROWS, ids=[_row_id(key) for key in FORM_ROWS])
def test_public_form_sent_as_shown(site, key):
    row = next(row for row in ROWS if row[:2] == key)
    url, response = _get(site, row, "de")
    page = _Page()
    page.feed(response.content.decode())
    assert page.post_forms(), f"{url} shows no form to post"

    for form in page.post_forms():
        answer = site.post(form["action"] or url, form["data"])

        assert answer.status_code < 500, (form["action"], answer.status_code)
        assert set(answer.cookies) <= {"sessionid", "csrftoken"}, set(answer.cookies)
        if answer.status_code == 200 and answer["Content-Type"].startswith("text/html"):
            shown = _Page()
            shown.feed(answer.content.decode())
            _check_html(answer, shown, "de")


def test_the_checks_find_what_they_look_for():
    page = _Page()
    page.feed(
        '<html lang="de"><body><h1>Eins</h1><h1>Zwei</h1><img src="/a.png">'
        '<form method="post"><input name="frei"></form>'
        '<script src="https://cdn.example.org/x.js"></script><iframe src="/film/"></iframe></body></html>'
    )

    assert page.h1 == 2
    assert page.unlabelled_fields() == ["frei"]
    assert ("script", "https://cdn.example.org/x.js") in list(page.asset_addresses())
    assert page.find("iframe") and not page.find("main", id="inhalt")
    assert page.post_forms()[0]["data"] == {"frei": ""}
    page.feed('<label for="weg">Weg</label><p id="x"></p><p id="x"></p><h4>Tief</h4>')
    assert page.broken_references() == ["weg", "x"]
    assert page.skipped_heading_levels() == [(1, 4)]


def test_stylesheets_load_nothing_from_another_host(site):
    page = _Page()
    page.feed(site.get("/").content.decode())
    sheets = {href for tag, href in page.asset_addresses() if tag == "link" and href.endswith(".css")}
    sheets |= {"/static/css/press.css", "/static/css/municipalities.css"}
    assert sheets
    for href in sheets:
        path = finders.find(href.removeprefix("/static/"))
        assert path, href
        text = open(path, encoding="utf-8").read()
        outside = re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^'\")\s]+)", text)
        assert not outside, (href, outside)


def _public_pattern_names():
    """Return the full name ("events:detail") of every pattern in the URLconf outside the admin."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in NOT_AUDITED:
                    continue
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, inner)
            else:
                label = pattern.name or str(pattern.pattern)
                if label in NOT_AUDITED:
                    continue
                names.add(f"{namespace}:{label}" if namespace else label)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_public_pattern_is_audited():
    audited = {row[0] for row in ROWS if row[0]}

    assert _public_pattern_names() - audited == set(), "public pages without a row in ROWS"
    assert audited - _public_pattern_names() == set(), "rows for patterns that no longer exist"


def test_the_table_covers_every_agency_and_event_format(site):
    assert set(AGENCIES) == set(Agency.objects.values_list("slug", flat=True))
    assert set(Event.Format.values) <= {row[1] for row in ROWS if row[0] == "events:detail"}


def _head(html: str) -> dict:
    return {
        "canonical": re.findall(r'<link rel="canonical" href="([^"]+)">', html),
        "alternates": dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)),
        "og_title": re.findall(r'<meta property="og:title" content="([^"]+)">', html),
    }


def _public_pages(site, *, listed_only=False):
    """Yield (row, head) for every HTML page of ROWS but the personal ones.

    ``listed_only``: only those a search engine may list, without a robots ``noindex``.
    """
    for row in ROWS:
        if row[3] != 200 or row[4] != HTML or row[0] in PERSONAL_PAGES:
            continue
        _url, response = _get(site, row, "de")
        html = response.content.decode()
        if listed_only and re.search(r'<meta name="robots" content="noindex', html):
            continue
        yield row, _head(html)


# Pages reached through a personal link or token: no canonical address, never in the sitemap.
PERSONAL_PAGES = {
    "registration:manage",
    "registration:confirm",
    "registration:overview",
    "registration:deletion_request",
    "certificate:verify",
    "press:preview",
}


def test_every_public_page_names_its_canonical_address_languages_and_preview_title(site):
    for row, head in _public_pages(site):
        assert len(head["canonical"]) == 1, row[:2]
        assert set(head["alternates"]) == {"de", "en", "x-default"}, row[:2]
        assert head["og_title"] and head["og_title"][0].strip(), row[:2]
    for row in ROWS:
        if row[0] in PERSONAL_PAGES and row[3] == 200 and row[4] == HTML:
            assert _head(_get(site, row, "de")[1].content.decode())["canonical"] == [], row[:2]


def _sitemap_addresses(site) -> set[str]:
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    index = ET.fromstring(site.get(reverse("sitemap")).content)
    addresses = set()
    for section in index.findall("sm:sitemap/sm:loc", namespace):
        urlset = ET.fromstring(site.get(urlsplit(section.text).path).content)
        addresses |= {loc.text for loc in urlset.findall("sm:url/sm:loc", namespace)}
        addresses |= {link.get("href") for link in urlset.findall("sm:url/xhtml:link", namespace)}
    return addresses


def test_the_sitemap_lists_every_listed_page_in_both_languages(site):
    addresses = _sitemap_addresses(site)
    pages, missing = list(_public_pages(site, listed_only=True)), set()
    listed = {row[0] for row, _head in pages}
    assert {
        "portal:home",
        "events:detail",
        "press:detail",
        "municipalities:detail",
        "portal:search",
    } <= listed
    for row, head in pages:
        for language in ("de", "en"):
            if head["alternates"].get(language) not in addresses:
                missing.add((row[0], row[1], language))
    assert missing == set()
