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
