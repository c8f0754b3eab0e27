"""Publications: list with filters, sizes and accessibility flag, downloads that never crash."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories import AgencyFactory, PublicationFactory, PublicationSeriesFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    nrw, hessen = AgencyFactory(slug="nrw"), AgencyFactory(slug="hessen")
    series = PublicationSeriesFactory(agency=nrw)
    monitoring = TopicFactory(name="Bildungsmonitoring", slug="bildungsmonitoring")
    brochure = PublicationFactory(
        agency=nrw, title="Heft 1: Monitoring", series=series, number="Heft 1", year=2017
    )
    brochure.topics.add(monitoring)
    guide = PublicationFactory(
        agency=nrw, title="Handreichung Konferenz", kind="handreichung", year=2019, accessible=True
    )
    guide.accessible_alternative.save("textfassung.txt", ContentFile(b"Textfassung"), save=True)
    documentation = PublicationFactory(
        agency=hessen, title="Dokumentation Fachtag", kind="dokumentation", year=2020
    )
    return {"brochure": brochure, "guide": guide, "documentation": documentation, "nrw": nrw}


def _titles(response):
    return [publication.title for publication in response.context["publications"]]


def test_list_filters_by_agency_series_topic_and_year(client, catalogue):
    assert _titles(client.get("/publikationen/")) == [
        "Dokumentation Fachtag",
        "Handreichung Konferenz",
        "Heft 1: Monitoring",
    ]
    assert _titles(client.get("/publikationen/?agentur=hessen")) == ["Dokumentation Fachtag"]
    assert _titles(client.get("/publikationen/?reihe=bildungsnetzwerke")) == ["Heft 1: Monitoring"]
    assert _titles(client.get("/publikationen/?thema=bildungsmonitoring")) == ["Heft 1: Monitoring"]
    assert _titles(client.get("/publikationen/?jahr=2019")) == ["Handreichung Konferenz"]


def test_list_shows_size_and_accessibility(client, catalogue):
    page = client.get("/publikationen/?jahr=2019").content.decode()
    size = catalogue["guide"].file_size
    assert size > 0
    # German number format, with a no-break space before the unit.
    assert "(" + f"{size / 1024:.1f}".replace(".", ",") + "\xa0KB)" in page
    assert "Barrierefreies PDF: <strong>ja</strong>" in page
    assert "Barrierefreie Fassung herunterladen" in page


def test_nonsense_filters_give_a_message_not_an_error(client, catalogue):
    response = client.get("/publikationen/?agentur=x&reihe=y&thema=z&jahr=1066&page=-1")
    assert response.status_code == 200
    assert "Einige Filterangaben konnten nicht verwendet werden" in response.content.decode()


def test_download_answers_with_content_type_and_file_name(client, catalogue):
    brochure = catalogue["brochure"]
    response = client.get(f"/publikationen/{brochure.slug}/datei/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{brochure.slug}.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_accessible_alternative_downloads_with_its_own_type(client, catalogue):
    guide = catalogue["guide"]
    response = client.get(f"/publikationen/{guide.slug}/barrierefreie-fassung/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{guide.slug}-barrierefrei.txt"'


def test_missing_file_answers_404_not_500(client, catalogue):
    brochure = catalogue["brochure"]
    default_storage.delete(brochure.file.name)

    assert client.get(f"/publikationen/{brochure.slug}/datei/").status_code == 404
    # The pages around it still work.
    assert client.get("/publikationen/").status_code == 200
    assert client.get(brochure.get_absolute_url()).status_code == 200


def test_absent_alternative_and_unknown_publication_answer_404(client, catalogue):
    assert (
        client.get(f"/publikationen/{catalogue['brochure'].slug}/barrierefreie-fassung/").status_code == 404
    )
    assert client.get("/publikationen/gibt-es-nicht/datei/").status_code == 404


def test_agency_page_lists_its_own_publications(client, catalogue):
    page = client.get("/transferagenturen/nrw/").content.decode()
    assert "Heft 1: Monitoring" in page
    assert "Dokumentation Fachtag" not in page


@pytest.mark.parametrize("enabled", [False, True])
def test_agency_page_shows_a_new_and_a_renamed_publication_at_once(client, catalogue, settings, enabled):
    """The agency's latest publications are kept per content version: every save is a new one."""
    settings.PAGE_CACHE_ENABLED = enabled
    client.get("/transferagenturen/nrw/")
    publication = PublicationFactory(agency=catalogue["nrw"], title="Heft 2: Neu", year=2025)
    assert "Heft 2: Neu" in client.get("/transferagenturen/nrw/").content.decode()

    publication.title = "Heft 2: Umbenannt"
    publication.save()
    page = client.get("/transferagenturen/nrw/").content.decode()
    assert "Heft 2: Umbenannt" in page and "Heft 2: Neu" not in page


def test_series_of_another_agency_is_refused(catalogue):
    publication = catalogue["documentation"]
    publication.series = catalogue["brochure"].series
    with pytest.raises(ValidationError):
        publication.full_clean()


@pytest.mark.parametrize("enabled", [False, True])
def test_list_shows_a_new_a_renamed_and_no_deleted_publication_at_once(client, catalogue, settings, enabled):
    """The list's ids and rows are kept per content version: every save and delete is a new one."""
    settings.PAGE_CACHE_ENABLED = enabled
    urls = ["/publikationen/", "/publikationen/?agentur=nrw", "/publikationen/?jahr=2025"]
    for url in urls:
        client.get(url)
    publication = PublicationFactory(agency=catalogue["nrw"], title="Heft 2: Neu", year=2025)
    for url in urls:
        assert "Heft 2: Neu" in _titles(client.get(url))

    publication.title = "Heft 2: Umbenannt"
    publication.save()
    for url in urls:
        titles = _titles(client.get(url))
        assert "Heft 2: Umbenannt" in titles and "Heft 2: Neu" not in titles

    publication.delete()
    for url in urls:
        assert "Heft 2: Umbenannt" not in _titles(client.get(url))


def test_list_moves_a_publication_to_the_filter_it_now_matches(client, catalogue, settings):
    settings.PAGE_CACHE_ENABLED = False
    assert _titles(client.get("/publikationen/?agentur=hessen")) == ["Dokumentation Fachtag"]
    guide = catalogue["guide"]
    guide.agency = catalogue["documentation"].agency
    guide.save()
    assert _titles(client.get("/publikationen/?agentur=hessen")) == [
        "Dokumentation Fachtag",
        "Handreichung Konferenz",
    ]
    assert "Handreichung Konferenz" not in _titles(client.get("/publikationen/?agentur=nrw"))


def test_unfiltered_list_pages_run_no_query_once_kept(client, catalogue, settings, django_assert_num_queries):
    """Ids and rows of the unfiltered list are kept per content version; the item HTML too."""
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        PublicationFactory.create_batch(10, agency=catalogue["nrw"], year=2010)
    for url in ["/publikationen/", "/publikationen/?page=2"]:
        client.get(url)
        with django_assert_num_queries(0):
            response = client.get(url)
        assert len(response.context["publications"]) == (20 if url == "/publikationen/" else 3)
