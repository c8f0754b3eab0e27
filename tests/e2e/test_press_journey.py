"""Journalists read press releases and download publications; every page passes axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from agencies.press.models import PressRelease

pytestmark = pytest.mark.django_db(transaction=True)


SEED_SLUG = "fachtag-integrierte-planung-frankfurt-2019"


def _shot(page, name):
    page.screenshot(path=f"test-output/{name}.png", full_page=True)


def test_press_list_with_and_without_results_is_accessible(
    live_server, page: Page, demo_data, assert_accessible
):
    page.goto(live_server.url + "/presse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pressemitteilungen")
    page.get_by_label("Agentur").select_option(label="Transferagentur Kommunales Bildungsmanagement Hessen")
    page.get_by_label("Jahr").select_option("2019")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("status")).to_have_text("1 Pressemitteilung")
    expect(page.get_by_role("link", name="Gemeinsam planen statt nebeneinander", exact=False)).to_be_visible()
    _shot(page, "press-list")
    assert_accessible(page)

    page.get_by_label("Suchbegriff").fill("Quantenphysik")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("heading", name="Keine Pressemitteilungen gefunden")).to_be_visible()
    expect(page.get_by_label("Suchbegriff")).to_have_value("Quantenphysik")
    _shot(page, "press-list-empty")
    assert_accessible(page)


def test_release_detail_is_accessible_and_prints_without_navigation(
    live_server, page: Page, demo_data, assert_accessible
):
    page.goto(live_server.url + f"/presse/{SEED_SLUG}/")
    expect(page.get_by_text("Offenbach a.M., 26.11.2019:")).to_be_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(page.get_by_text("Offenbach a.M., 26.11.2019:")).to_be_visible()
    expect(page.get_by_role("heading", name="Pressekontakt")).to_be_visible()
    expect(page.get_by_text("Hanna Musterfrau")).to_be_visible()
    expect(page.get_by_role("heading", name="Über die Herausgeberin")).to_be_visible()
    expect(page.get_by_text("Pressemitteilungen abonnieren:")).to_be_hidden()
    _shot(page, "press-detail-print")


def test_preview_and_withdrawn_pages_are_accessible(live_server, page: Page, demo_data, assert_accessible):
    draft = PressRelease.objects.exclude(preview_token=None).get(status="draft")
    page.goto(live_server.url + f"/presse/vorschau/{draft.preview_token}/")
    expect(page.get_by_role("note")).to_contain_text("Vorschau")
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    _shot(page, "press-preview")
    assert_accessible(page)

    withdrawn = PressRelease.objects.filter(status="withdrawn").first()
    response = page.goto(live_server.url + withdrawn.get_absolute_url())
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Pressemitteilung wurde zurückgezogen")
    assert_accessible(page)


def test_publications_list_is_accessible_and_filters(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/publikationen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publikationen")
    assert_accessible(page)
    page.get_by_label("Reihe").select_option(label="Bildungsnetzwerke in NRW")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("status")).to_have_text("2 Publikationen")
    _shot(page, "publications-list")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"PDF herunterladen\s*: Bildungsberatung vernetzen")).click()
    assert download_info.value.suggested_filename == "bildungsnetzwerke-nrw-heft-2-beratung.pdf"

    page.get_by_role("link", name="Bildungsberatung vernetzen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bildungsberatung vernetzen")
    assert_accessible(page)


def test_home_and_agency_page_sections_are_accessible(live_server, page: Page, demo_data, assert_accessible):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Aktuelle Pressemitteilungen")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/transferagenturen/nrw/")
    expect(page.get_by_role("heading", name="Pressemitteilungen", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Publikationen", exact=True)).to_be_visible()
    _shot(page, "agency-nrw")
    assert_accessible(page)
