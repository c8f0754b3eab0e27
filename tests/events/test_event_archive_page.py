import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Material
from tests.factories import MaterialFactory

pytestmark = pytest.mark.django_db

ARCHIVE_URL = reverse("events:archive")


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


@pytest.fixture
def archive(make_event, nrw):
    return {
        "hessen_2019": make_event(
            title="Bildung unter einem Dach", starts_at=at(2019, 11, 19), review="Rund 60 kamen."
        ),
        "transmit_2020": make_event(title="Offener Austausch", agency=nrw, starts_at=at(2020, 1, 20)),
        "hessen_2020": make_event(title="#Bildungslandschaft", starts_at=at(2020, 12, 3)),
    }


def titles(response):
    return [event.title for event in response.context["events"]]


def test_archive_lists_past_events_newest_first_with_review_and_materials(client, archive, make_event):
    MaterialFactory(
        event=archive["hessen_2019"],
        kind=Material.Kind.LINK,
        title="Dokumentation",
        url="https://example.org/d",
    )
    make_event(title="Kommt noch")
    make_event(title="Entwurf von früher", starts_at=at(2019, 5, 5), status=Event.Status.DRAFT)
    response = client.get(ARCHIVE_URL)
    assert titles(response) == ["#Bildungslandschaft", "Offener Austausch", "Bildung unter einem Dach"]
    html = response.content.decode()
    assert "Rückblick:" in html and "Rund 60 kamen." in html
    assert "Dokumentation (Link)" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": "2019"}, ["Bildung unter einem Dach"]),
        ({"year": "2020"}, ["#Bildungslandschaft", "Offener Austausch"]),
        ({"agency": "nrw"}, ["Offener Austausch"]),
        ({"agency": "hessen", "year": "2020"}, ["#Bildungslandschaft"]),
        ({"agency": "nrw", "year": "2019"}, []),
    ],
)
def test_archive_filters_by_year_and_agency(client, archive, query, expected):
    assert titles(client.get(ARCHIVE_URL, query)) == expected


def test_year_choices_come_from_the_archive(client, archive):
    form = client.get(ARCHIVE_URL).context["filter"].form
    assert [value for value, _ in form.fields["year"].choices if value] == ["2020", "2019"]


@pytest.mark.parametrize(
    "query", ["year=1850", "year=zwanzig", "agency=notaslug", "page=999999", "year=" + "9" * 5000]
)
def test_archive_survives_malformed_input(client, archive, query):
    response = client.get(f"{ARCHIVE_URL}?{query}")
    assert response.status_code == 200


def test_archive_reports_an_unknown_year_in_the_page(client, archive):
    response = client.get(ARCHIVE_URL, {"year": "1850"})
    assert "Diese Auswahl gibt es nicht." in response.content.decode()
    assert titles(response) == []


@pytest.mark.parametrize("count", [5, 200])
def test_archive_runs_a_constant_number_of_queries(
    client, make_event, topic, count, settings, tmp_path, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    for number in range(count):
        event = make_event(starts_at=at(2019 + number % 3, 1 + number % 12, 1 + number % 28), topics=[topic])
        material = Material(event=event, kind=Material.Kind.DOCUMENT, title="Folien")
        material.file.name = "events/materials/folien.pdf"
        material.save()
    with django_assert_max_num_queries(8):
        response = client.get(ARCHIVE_URL, {"agency": "hessen", "year": "2020"})
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(ARCHIVE_URL).status_code == 200


def test_material_file_missing_on_disk_does_not_break_the_detail_page(client, make_event, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(starts_at=at(2020, 1, 1))
    material = Material(event=event, kind=Material.Kind.DOCUMENT, title="Verschwunden")
    material.file.name = "events/materials/weg.pdf"
    material.save()
    present = Material(event=event, kind=Material.Kind.DOCUMENT, title="Da")
    present.file.save("da.pdf", ContentFile(b"x" * 2048), save=True)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Verschwunden</a>" in html and "(PDF)" in html
    assert "(PDF, 2,0\xa0KB)" in html
