import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.admin import EventAdmin
from events.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["event", "venue", "series", "topic", "targetgroup"])
def test_admin_lists_and_add_forms_render(admin_client, make_event, name):
    make_event()
    assert admin_client.get(reverse(f"admin:events_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:events_{name}_add")).status_code == 200


def test_event_change_form_has_programme_speaker_and_material_inlines(admin_client, make_event):
    event = make_event()
    html = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    for prefix in ("programme_items", "speakers", "materials"):
        assert f'id="{prefix}-group"' in html


def test_changelist_filters_and_searches(admin_client, make_event):
    make_event(title="Bildungswerkstatt Halle", status=Event.Status.DRAFT)
    make_event(title="Fachtag Frankfurt")
    response = admin_client.get(
        reverse("admin:events_event_changelist"), {"q": "Halle", "status__exact": "draft"}
    )
    assert [event.title for event in response.context["cl"].result_list] == ["Bildungswerkstatt Halle"]


def test_drafts_get_no_view_on_site_link(make_event):
    model_admin = EventAdmin(Event, admin.site)
    assert model_admin.view_on_site(make_event(status=Event.Status.DRAFT)) is None
    published = make_event()
    assert model_admin.view_on_site(published) == published.get_absolute_url()


@pytest.mark.parametrize("slug", ["archiv", "kalender"])
def test_reserved_slugs_are_refused(make_event, slug):
    event = make_event()
    event.slug = slug
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "reserviert" in str(error.value.message_dict["slug"])
