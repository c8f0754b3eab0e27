"""One sanitiser, two policies: what content pages and press releases each let through."""

from portal.html import CONTENT_PAGE, PRESS_RELEASE


def test_content_pages_keep_language_marks_and_relative_links():
    html = (
        '<p lang="en">privacy</p><a href="/datenschutz/" hreflang="de">intern</a><abbr title="x">BGG</abbr>'
    )

    cleaned = CONTENT_PAGE.clean(html)

    assert '<p lang="en">privacy</p>' in cleaned
    assert 'href="/datenschutz/"' in cleaned
    assert '<abbr title="x">BGG</abbr>' in cleaned


def test_press_releases_drop_relative_links_that_a_feed_reader_would_misread():
    cleaned = PRESS_RELEASE.clean('<a href="/presse/">intern</a> <a href="https://example.org/">extern</a>')

    assert 'href="/presse/"' not in cleaned
    assert 'href="https://example.org/"' in cleaned


def test_both_policies_drop_embedded_content_with_its_text():
    hostile = (
        '<p>Text</p><iframe src="https://evil.example.org/">frame text</iframe><script>alert(1)</script>'
    )

    for policy in (CONTENT_PAGE, PRESS_RELEASE):
        cleaned = policy.clean(hostile)
        assert cleaned == "<p>Text</p>", policy
