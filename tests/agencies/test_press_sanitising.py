"""Rich text from the admin reaches pages and feeds without anything active in it."""

from html.parser import HTMLParser

import pytest

from agencies.press import services as press_services
from agencies.press.models import PressRelease
from tests.factories import DRAFT, AgencyFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    "<h2 style='color:red' onclick='alert(1)'>Zwischentitel</h2>"
    "<p>Harmloser Text<script>alert('xss')</script></p>"
    '<img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">Klick</a>'
    '<a href="JaVaScRiPt:alert(4)">Noch ein Klick</a>'
    '<iframe src="https://evil.example.org/"></iframe>'
    '<p style="position:fixed" onmouseover="alert(5)">Absatz</p>'
    "<svg onload='alert(6)'><circle/></svg>"
    '<a href="https://example.org/" target="_blank">Gute Quelle</a>'
    "<ul><li><strong>fett</strong> und <em>kursiv</em></li></ul>"
)


class _Collector(HTMLParser):
    """Collect the tags and attributes inside <div class="press-body">."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.tags = []
        self.attrs = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in {"br", "img"}
            self.tags.append(tag)
            self.attrs.extend((tag, name, value) for name, value in attrs)
        elif tag == "div" and ("class", "press-body") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in {"br", "img"}:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def _body_of(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


@pytest.fixture
def hostile_release(db):
    return PressReleaseFactory(agency=AgencyFactory(slug="hessen"), body=HOSTILE_BODY)


def _assert_nothing_active(collector: _Collector):
    assert not {"script", "iframe", "img", "svg", "style", "object", "embed"} & set(collector.tags)
    for tag, name, value in collector.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name != "style", tag
        if name == "href":
            assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}, value
    assert "alert" not in "".join(collector.text)


def test_detail_page_renders_hostile_body_with_nothing_active(client, hostile_release):
    page = client.get(hostile_release.get_absolute_url()).content.decode()
    body = _body_of(page)

    _assert_nothing_active(body)
    assert body.tags.count("a") == 3
    assert ("a", "href", "https://example.org/") in body.attrs
    assert ("a", "rel", "noopener") in body.attrs
    assert {"h2", "p", "ul", "li", "strong", "em"} <= set(body.tags)
    assert "Zwischentitel" in "".join(body.text)


def test_body_is_cleaned_when_saved(hostile_release):
    stored = PressRelease.objects.values_list("body", flat=True).get(pk=hostile_release.pk)
    for needle in ("<script", "onerror", "javascript:", "<iframe", "style=", "onclick", "<svg"):
        assert needle not in stored.lower()


def test_body_written_around_save_is_cleaned_on_output(client, hostile_release):
    # A row changed directly in the database (import, old data) must not slip through either.
    PressRelease.objects.filter(pk=hostile_release.pk).update(body=HOSTILE_BODY)

    page = client.get(hostile_release.get_absolute_url()).content.decode()

    _assert_nothing_active(_body_of(page))


def test_preview_renders_hostile_body_with_nothing_active(client, db):
    release = PressReleaseFactory(agency=AgencyFactory(slug="nrw"), status=DRAFT)
    PressRelease.objects.filter(pk=release.pk).update(body=HOSTILE_BODY)
    token = press_services.preview_link_create(release=release)

    page = client.get(f"/presse/vorschau/{token}/").content.decode()

    _assert_nothing_active(_body_of(page))
