import pytest
from axe_playwright_python.sync_playwright import Axe

# Browser journeys share one Chromium per session (see tests/conftest.py for the launch flags).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page and fail with its report on any WCAG 2.1 A/AA violation."""

    def check(page):
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert result.violations_count == 0, result.generate_report()

    return check


@pytest.fixture(autouse=True)
def _federal_states(transactional_db, federal_states):
    """Every browser journey starts with the Bundesländer (see the federal_states fixture)."""


# What Chromium writes to the console when a page breaks the portal's security headers.
HEADER_COMPLAINTS = ("Content Security Policy", "Permissions-Policy")


@pytest.fixture(autouse=True)
def _no_security_header_complaints(request):
    """Fail a journey whose pages make the browser refuse something under the CSP (an inline
    script or style, a foreign asset) or reject the Permissions-Policy header."""
    if "page" not in request.fixturenames and "context" not in request.fixturenames:
        yield
        return
    context = request.getfixturevalue("context")
    complaints = []

    def listen(message):
        if message.type in ("error", "warning") and any(text in message.text for text in HEADER_COMPLAINTS):
            complaints.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", listen)
    yield
    assert not complaints, "\n".join(complaints)
