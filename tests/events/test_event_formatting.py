import datetime

import pytest
from django.utils import timezone

from events.films import external_film
from events.formatting import date_line
from events.models import Event


def event_at(start, end):
    return Event(starts_at=timezone.make_aware(start), ends_at=timezone.make_aware(end))


def test_date_line_on_one_day():
    line = date_line(event_at(datetime.datetime(2020, 12, 3, 10), datetime.datetime(2020, 12, 3, 16)))
    assert line == "Donnerstag, 03.12.2020, 10:00–16:00 Uhr"


def test_date_line_over_two_days():
    line = date_line(event_at(datetime.datetime(2020, 12, 3, 10), datetime.datetime(2020, 12, 4, 15, 30)))
    assert line == "Donnerstag, 03.12.2020, 10:00 Uhr – Freitag, 04.12.2020, 15:30 Uhr"


@pytest.mark.parametrize(
    ("url", "provider", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=abcDEF12345",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/abcDEF12345",
        ),
        ("https://youtu.be/abcDEF12345", "YouTube", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("https://vimeo.com/123456", "Vimeo", "https://player.vimeo.com/video/123456?dnt=1"),
        ("https://www.youtube.com/watch?v=%22%3E%3Cscript%3E", "YouTube", ""),
        ("https://video.example.org/film", "video.example.org", ""),
    ],
)
def test_external_films_are_embedded_only_from_known_providers(url, provider, embed):
    assert external_film(url) == {"provider": provider, "embed_url": embed}
