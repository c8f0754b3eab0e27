"""Keyboard users see where they are: every control of the registration form shows a clear focus ring.

WCAG 2.2 "Focus Appearance" asks for an indicator at least 2 px thick with a contrast of at least 3:1
between its focused and unfocused states; the portal asks the same of every control, checked here
on what the browser computes while tabbing through the form.
"""

import pytest
from playwright.sync_api import Page

from events.models import Event
from tests.factories import RegistrationEventFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The rings around the focused element (its outline and each box-shadow spread, as width and colour)
# and the colour behind them (the first ancestor with a background that is not transparent).
INDICATOR = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const rgb = (value) => (value.match(/rgba?\\(([^)]+)\\)/) || [null, "0, 0, 0, 0"])[1]
        .split(",").map((part) => parseFloat(part));
    const rings = [];
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
        rings.push({width: parseFloat(style.outlineWidth), colour: rgb(style.outlineColor)});
    }
    for (const ring of style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^(]*\\))/)) {
        const spread = parseFloat((ring.replace(/rgba?\\([^)]*\\)/, "").trim().split(/\\s+/)[3]) || "0");
        if (spread > 0) rings.push({width: spread, colour: rgb(ring)});
    }
    let behind = element.parentElement, background = [255, 255, 255, 1];
    while (behind) {
        const candidate = rgb(getComputedStyle(behind).backgroundColor);
        if (candidate.length < 4 || candidate[3] > 0) { background = candidate; break; }
        behind = behind.parentElement;
    }
    return {
        name: element.name || element.id || element.textContent.trim(),
        tag: element.tagName.toLowerCase(),
        inForm: Boolean(element.closest("main form")),
        rings, background,
    };
}"""


def _luminance(colour) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast([0, 0, 0], [255, 255, 255]), 1) == 21.0
    assert round(contrast([118, 118, 118], [255, 255, 255]), 2) == 4.54
    assert contrast([200, 200, 200], [255, 255, 255]) < 3


def _clear_ring(focused) -> bool:
    """Return whether a ring of the focused control is at least 2 px wide, with 3:1 against its background."""
    return any(
        ring["width"] >= 2 and contrast(ring["colour"], focused["background"]) >= 3
        for ring in focused["rings"]
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_tabbing_through_the_registration_form_every_control_shows_a_ring(
    live_server, page: Page, agency, prefix
):
    event = RegistrationEventFactory(
        agency=agency, format=Event.Format.HYBRID, on_site_capacity=20, online_capacity=50
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{prefix}/anmeldung/{event.slug}/")
    page.locator("main form input:not([type=hidden]), main form select, main form textarea").first.focus()

    seen = []
    for _ in range(40):
        focused = page.evaluate(INDICATOR)
        if not focused["inForm"]:
            break
        seen.append(focused)
        page.keyboard.press("Tab")
        page.wait_for_timeout(200)  # let a transition of the ring end before reading it

    assert {entry["tag"] for entry in seen} >= {"input", "button"}, seen
    assert len(seen) >= 5, seen
    weak = [entry["name"] for entry in seen if not _clear_ring(entry)]
    assert weak == [], "controls whose focus indicator is thinner than 2 px or below 3:1"
