import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from portal import demo_data

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def load_demo_data():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_loading_the_demo_data_twice_leaves_every_table_as_it_was():
    load_demo_data()
    first = row_counts()

    load_demo_data()

    assert row_counts() == first
    assert Agency.objects.filter(imprint__isnull=True).count() == 0


@time_machine.travel(datetime.datetime(2031, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_upcoming_and_recent_events_follow_the_day_of_loading_and_the_archive_keeps_its_dates():
    from events.models import Event

    load_demo_data()

    folder = Path(apps.get_app_config("events").path) / "demo_data"
    today = datetime.date(2031, 3, 10)
    for name, upcoming in (("upcoming.toml", True), ("recent.toml", False), ("archive.toml", False)):
        for slug, record in demo_data.records(folder / name, "events").items():
            starts = timezone.localtime(Event.objects.get(slug=slug).starts_at)
            assert starts.date() == demo_data.day(record, today=today), slug
            assert starts.time() == demo_data.clock(record, "starts"), slug
            assert (starts.date() >= today) is upcoming, slug


def test_demo_content_edited_in_the_admin_survives_another_load():
    from portal.models import ContentPage

    load_demo_data()
    ContentPage.objects.filter(kind="datenschutz").update(title="Unser Datenschutz")

    load_demo_data()

    assert ContentPage.objects.get(kind="datenschutz").title == "Unser Datenschutz"


def test_demo_logins_are_printed_and_each_agency_gets_an_editor_and_a_manager():
    output = load_demo_data()

    assert "Demo-Zugänge" in output
    assert "admin" in output and "demo-admin" in output
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    for agency in Agency.objects.all():
        editor = User.objects.get(username=f"redaktion-{agency.slug}")
        assert f"redaktion-{agency.slug}" in output
        assert editor.is_staff and not editor.is_superuser
        assert editor.check_password(f"demo-{agency.slug}")
        assert list(editor.groups.values_list("name", flat=True)) == ["Agenturredaktion"]
        assert list(editor.agency_memberships.values_list("agency", "role")) == [(agency.pk, "editor")]
        manager = User.objects.get(username=f"leitung-{agency.slug}")
        assert f"leitung-{agency.slug}" in output and manager.check_password(f"demo-{agency.slug}")
        assert set(manager.groups.values_list("name", flat=True)) == {"Agenturredaktion", "Agenturleitung"}
        assert list(manager.agency_memberships.values_list("agency", "role")) == [(agency.pk, "manager")]


def test_a_second_load_does_not_touch_the_demo_users():
    load_demo_data()
    before = list(get_user_model().objects.order_by("pk").values_list("username", "password", "last_login"))

    load_demo_data()

    assert (
        list(get_user_model().objects.order_by("pk").values_list("username", "password", "last_login"))
        == before
    )


def test_no_demo_users_where_the_setting_is_off(settings):
    settings.DEMO_USERS = False

    output = load_demo_data()

    assert not get_user_model().objects.exists()
    assert "keine angelegt" in output


def test_demo_editor_can_log_in_and_edit_contact_persons(client):
    load_demo_data()
    client.login(username="redaktion-hessen", password="demo-hessen")

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:agencies_contactperson_changelist")).status_code == 200
    assert client.get(reverse("admin:agencies_contactperson_add")).status_code == 200
    assert client.get(reverse("admin:agencies_agency_add")).status_code == 403
