"""Public press and publication pages run the same number of queries for 5 and for 200 rows."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from agencies.press.models import PressRelease
from agencies.publications.models import Publication
from municipalities.models import FederalState, Municipality
from tests.factories import (
    AgencyFactory,
    ContactPersonFactory,
    PressReleaseFactory,
    PublicationFactory,
    PublicationSeriesFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# One bound for both sizes: a query per row would exceed it at once with 200 rows.
MAX_QUERIES = 10


@pytest.fixture(params=[5, 200], ids=["5-rows", "200-rows"])
def many(request, db):
    hessen, nrw, bayern = (
        AgencyFactory(slug="hessen"),
        AgencyFactory(slug="nrw"),
        AgencyFactory(slug="bayern"),
    )
    first = PressReleaseFactory(agency=hessen, press_contact=ContactPersonFactory(agency=hessen))
    now = timezone.now()
    releases = PressRelease.objects.bulk_create(
        PressRelease(
            agency=hessen,
            press_contact=first.press_contact,
            headline=f"Mitteilung {number}",
            slug=f"pm-{number}",
            dateline_place="Offenbach a.M.",
            teaser="Vorspann.",
            body="<p>Text.</p>",
            status=PressRelease.Status.PUBLISHED,
            published_at=now - timedelta(hours=number + 1),
        )
        for number in range(request.param - 1)
    )
    Supporting = PressRelease.supporting_agencies.through
    Supporting.objects.bulk_create(
        Supporting(pressrelease=release, agency=agency)
        for release in [first, *releases]
        for agency in (nrw, bayern)
    )
    series = PublicationSeriesFactory(agency=nrw)
    topic = TopicFactory(name="Bildungsmonitoring", slug="bildungsmonitoring")
    publication = PublicationFactory(agency=nrw, series=series)
    publications = Publication.objects.bulk_create(
        Publication(
            agency=nrw,
            title=f"Heft {number}",
            slug=f"heft-{number}",
            kind="broschuere",
            year=2000 + number % 20,
            summary="Kurz.",
            series=series,
            file=publication.file.name,
            file_size=publication.file_size,
        )
        for number in range(request.param - 1)
    )
    Topics = Publication.topics.through
    Topics.objects.bulk_create(Topics(publication=item, topic=topic) for item in [publication, *publications])
    return {"release": first, "publication": publication, "agency": nrw, "size": request.param}


@pytest.mark.parametrize(
    "url",
    [
        "/presse/",
        "/presse/?agentur=nrw&jahr=2024&suche=Mitteilung",
        "/presse/?page=2",
        "/presse/feed/rss/",
        "/presse/feed/atom/",
        "/presse/feed/nrw/rss/",
        "/presse/feed/nrw/atom/",
        "/publikationen/",
        "/publikationen/?agentur=nrw&reihe=bildungsnetzwerke&thema=bildungsmonitoring&jahr=2001",
        "/",
        "/transferagenturen/nrw/",
    ],
)
def test_page_runs_a_constant_number_of_queries(client, many, url, django_assert_max_num_queries, settings):
    # Counted on the second visit: the reference data kept per content version is read on the first.
    settings.PAGE_CACHE_ENABLED = False
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_release_detail_runs_a_constant_number_of_queries(
    client, many, federal_states, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False
    release = many["release"]
    release.attachments.create(title="Programm", file=ContentFile(b"%PDF-1.4", name="programm.pdf"))
    hesse = FederalState.objects.get(code="06")
    release.related_municipalities.set(
        Municipality.objects.bulk_create(
            Municipality(key=f"06{number:03d}", name=f"Kreis {number}", kind="landkreis", state=hesse)
            for number in range(many["size"])
        )
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    assert 'href="/kommunen/06001/"' in response.content.decode()

    # Counted again on the second visit, with the reference data kept: the release, the ids of its
    # linked rows, its attachments and its municipalities.
    with django_assert_max_num_queries(4):
        response = client.get(release.get_absolute_url())
    assert 'href="/kommunen/06001/"' in response.content.decode()


def test_release_detail_without_linked_rows_runs_two_queries(
    client, many, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False
    # The release and one query over its (here none) supporting agencies, attachments, events and
    # municipalities; the issuing agency and the press contact come from the kept reference data.
    release = PressReleaseFactory(agency=many["release"].agency, press_contact=many["release"].press_contact)
    client.get(release.get_absolute_url())
    with django_assert_num_queries(2):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    assert release.headline in response.content.decode()


def test_publication_detail_runs_a_constant_number_of_queries(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(many["publication"].get_absolute_url())
    assert response.status_code == 200
