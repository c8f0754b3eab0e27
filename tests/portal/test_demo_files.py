"""The demo data files: each parses, each record becomes a row, and mistakes are reported clearly."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.apps import apps

from portal import demo_data
from portal.demo_data import DemoDataError, Record

# portal (lowest) <- municipalities <- agencies <- events (highest)
APPS = ["portal", "agencies", "municipalities", "events"]


def data_files():
    return sorted(
        path
        for config in apps.get_app_configs()
        if config.name in APPS
        for path in (Path(config.path) / "demo_data").glob("*.toml")
    )


def data_dir(app):
    return Path(apps.get_app_config(app).path) / "demo_data"


def demo_modules():
    return sorted(path for app in APPS for path in Path(apps.get_app_config(app).path).rglob("demo.py"))


# --- The files -------------------------------------------------------------------------------------


def test_every_app_with_a_demo_keeps_its_content_in_data_files():
    apps_with_files = {path.parent.parent.name for path in data_files()}

    assert apps_with_files == {"portal", "agencies", "municipalities", "events"}


@pytest.mark.parametrize("path", data_files(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_every_data_file_parses(path):
    assert demo_data.read(path)


@pytest.mark.parametrize("path", demo_modules(), ids=lambda path: str(path.relative_to(path.parents[2])))
def test_demo_loaders_stay_short(path):
    # What a loader may import is the layers contract's business (tests/portal/test_layers.py).
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


# --- Every record loads ----------------------------------------------------------------------------


def keys(app, name, table):
    return set(demo_data.records(data_dir(app) / name, table))


@pytest.mark.django_db
def test_every_record_of_every_file_is_in_the_database(demo_site):
    from agencies.models import Agency
    from agencies.press.models import PressRelease
    from agencies.publications.models import Publication, PublicationSeries
    from events.demo import EVENT_FILES
    from events.models import Event, Series, Venue
    from events.registration.models import RegistrationOptions
    from municipalities.models import Partnership
    from portal.models import ContentPage, Imprint

    series = demo_data.records(data_dir("events") / "series.toml", "series")
    occurrences = {occurrence["slug"] for record in series.values() for occurrence in record["occurrences"]}
    events = {slug for name in EVENT_FILES for slug in keys("events", name, "events")}
    expected = [
        (keys("portal", "pages.toml", "content_pages"), ContentPage, "kind"),
        (keys("agencies", "agencies.toml", "agencies"), Agency, "slug"),
        (keys("agencies", "imprints.toml", "imprints"), Imprint, "agency__slug"),
        (keys("agencies", "press_releases.toml", "press_releases"), PressRelease, "slug"),
        (keys("agencies", "publications.toml", "publications"), Publication, "slug"),
        (keys("agencies", "publications.toml", "series"), PublicationSeries, "slug"),
        (events | occurrences, Event, "slug"),
        (set(series), Series, "slug"),
        (keys("events", "registration.toml", "options"), RegistrationOptions, "event__slug"),
    ]
    for wanted, model, field in expected:
        assert wanted <= set(model.objects.values_list(field, flat=True)), model
    venues = demo_data.records(data_dir("events") / "venues.toml", "venues").values()
    assert {venue["name"] for venue in venues} <= set(Venue.objects.values_list("name", flat=True))
    partnerships_file = data_dir("municipalities") / "partnerships.toml"
    partnerships = demo_data.records(partnerships_file, "partnerships").values()
    rows = set(Partnership.objects.values_list("municipality__key", "since"))
    assert {(record["municipality"], record["since"]) for record in partnerships} <= rows


@pytest.mark.django_db
def test_links_to_events_and_topics_are_made_after_one_load(demo_site):
    from agencies.press.models import PressRelease
    from agencies.publications.models import Publication

    links = data_dir("events") / "links.toml"
    for slug, record in demo_data.records(links, "press_releases").items():
        related = PressRelease.objects.get(slug=slug).related_events.values_list("slug", flat=True)
        assert set(related) == set(record["events"])
    for slug, record in demo_data.records(links, "publications").items():
        topics = Publication.objects.get(slug=slug).topics.values_list("slug", flat=True)
        assert set(topics) == set(record["topics"])


# --- Dates -----------------------------------------------------------------------------------------


def record(**values):
    return Record(values, where="test.toml [events.x]")


def test_an_absolute_date_stays_as_it_is():
    assert demo_data.day(record(date=datetime.date(2019, 11, 19))) == datetime.date(2019, 11, 19)


@time_machine.travel(datetime.datetime(2031, 3, 10, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_a_relative_date_counts_from_today_and_moves_on_to_its_weekday():
    # 10 March 2031 is a Monday: twelve days on is Saturday the 22nd, the next Wednesday the 26th.
    assert demo_data.day(record(in_days=12)) == datetime.date(2031, 3, 22)
    assert demo_data.day(record(in_days=12, weekday="wednesday")) == datetime.date(2031, 3, 26)
    assert demo_data.day(record(in_days=2, weekday="wednesday")) == datetime.date(2031, 3, 12)


@time_machine.travel(datetime.datetime(2031, 3, 10, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_a_moment_is_the_local_time_on_that_day():
    moment = demo_data.moment(record(in_days=1, time="10:00"))

    assert moment.isoformat() == "2031-03-11T10:00:00+01:00"


# --- Clear errors ----------------------------------------------------------------------------------


def test_a_file_that_is_no_valid_toml_is_named_in_the_error(tmp_path):
    path = tmp_path / "events.toml"
    path.write_text('[events.broken]\ntitle = "no closing quote\n', encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"events\.toml: .*line 2"):
        demo_data.records(path, "events")


def test_a_missing_field_names_the_file_and_the_key(tmp_path):
    path = tmp_path / "upcoming.toml"
    path.write_text('[events.werkstatt]\ntitle = "Werkstatt"\n', encoding="utf-8")
    werkstatt = demo_data.records(path, "events")["werkstatt"]

    message = r"upcoming\.toml \[events\.werkstatt\]: field 'teaser' is missing"
    with pytest.raises(DemoDataError, match=message):
        werkstatt["teaser"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"time": "10:00"}, "needs either 'date' or 'in_days'"),
        ({"in_days": "soon", "time": "10:00"}, "'in_days' must be a whole number"),
        ({"in_days": 3, "weekday": "Mittwoch", "time": "10:00"}, "'weekday' must be one of"),
        ({"date": "2019-11-19", "time": "10:00"}, "'date' must be a TOML date"),
        ({"in_days": 3}, "field 'time' is missing"),
        ({"in_days": 3, "time": "10 Uhr"}, "'time' must be a time like"),
    ],
)
def test_a_wrong_date_names_the_record(values, message):
    with pytest.raises(DemoDataError, match=rf"test\.toml \[events\.x\]: {message}"):
        demo_data.moment(record(**values))


def test_a_table_without_named_records_is_refused(tmp_path):
    path = tmp_path / "venues.toml"
    path.write_text('venues = ["Haus am Dom"]\n', encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"venues\.toml: \[venues\] must hold named tables"):
        demo_data.records(path, "venues")


@pytest.mark.django_db
def test_a_broken_record_stops_the_load_with_its_file_and_key(tmp_path, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from events import demo as events_demo

    for path in data_dir("events").glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    upcoming = tmp_path / "upcoming.toml"
    text = upcoming.read_text(encoding="utf-8")
    upcoming.write_text(text.replace('ends = "15:30"', 'ends = "halb vier"', 1), encoding="utf-8")
    monkeypatch.setattr(events_demo, "DATA", tmp_path)

    with pytest.raises(DemoDataError, match=r"upcoming\.toml \[events\.[a-z-]+\]: 'ends' must be a time"):
        call_command("load_demo_data", stdout=StringIO())
