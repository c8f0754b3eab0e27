"""Status changes of press releases: rules in press_services, also through the admin actions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from agencies.press import services as press_services
from agencies.press.exceptions import AlreadyPublic, NotScheduled, NotWithdrawable, ScheduleInPast
from agencies.press.models import PressRelease
from portal.models import AuditEntry
from tests.factories import (
    DRAFT,
    PUBLISHED,
    SCHEDULED,
    WITHDRAWN,
    AgencyFactory,
    ContactPersonFactory,
    EditorFactory,
    PressReleaseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def hessen(db):
    return AgencyFactory(slug="hessen")


def test_publishing_a_draft_dates_it_now_ends_its_preview_and_records_who(hessen, editor):
    release = PressReleaseFactory(agency=hessen, status=DRAFT)
    press_services.preview_link_create(release=release)

    press_services.press_release_publish(release=release, by=editor)

    release.refresh_from_db()
    assert release.status == PUBLISHED
    assert timezone.now() - release.published_at < timedelta(seconds=5)
    assert release.preview_token is None
    entry = AuditEntry.objects.get(object_id=str(release.pk), action="agencies.pressrelease.published")
    assert (entry.actor, entry.agency, entry.changes) == (editor, hessen, {"status": [DRAFT, PUBLISHED]})


def test_publishing_keeps_an_earlier_date_for_backdated_releases(hessen):
    earlier = timezone.now() - timedelta(days=400)
    release = PressReleaseFactory(agency=hessen, status=DRAFT, published_at=earlier)
    press_services.press_release_publish(release=release)
    assert release.published_at == earlier


def test_publishing_twice_is_refused(hessen):
    with pytest.raises(AlreadyPublic):
        press_services.press_release_publish(release=PressReleaseFactory(agency=hessen))


def test_scheduling_needs_a_time_in_the_future(hessen):
    release = PressReleaseFactory(agency=hessen, status=DRAFT)
    with pytest.raises(ScheduleInPast):
        press_services.press_release_schedule(release=release, at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ScheduleInPast):
        press_services.press_release_schedule(release=release, at=None)
    release.refresh_from_db()
    assert release.status == DRAFT


def test_scheduled_release_can_go_back_to_draft_only_before_its_time(hessen):
    future = PressReleaseFactory(
        agency=hessen, status=SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    press_services.press_release_unschedule(release=future)
    assert future.status == DRAFT

    appeared = PressReleaseFactory(
        agency=hessen, status=SCHEDULED, published_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(NotScheduled):
        press_services.press_release_unschedule(release=appeared)


def test_only_public_releases_can_be_withdrawn(hessen):
    with pytest.raises(NotWithdrawable):
        press_services.press_release_withdraw(release=PressReleaseFactory(agency=hessen, status=DRAFT))
    release = PressReleaseFactory(agency=hessen)
    press_services.press_release_withdraw(release=release, note="Falsches Datum.")
    assert (release.status, release.withdrawal_note) == (WITHDRAWN, "Falsches Datum.")
    assert release.withdrawn_at is not None


def test_press_contact_must_belong_to_the_issuing_agency(hessen):
    other = ContactPersonFactory(agency=AgencyFactory(slug="nrw"))
    release = PressReleaseFactory(agency=hessen)
    release.press_contact = other
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "press_contact" in error.value.message_dict


def test_database_refuses_a_scheduled_release_without_time(hessen):
    release = PressReleaseFactory(agency=hessen, status=DRAFT)
    with pytest.raises(IntegrityError):
        PressRelease.objects.filter(pk=release.pk).update(status=SCHEDULED, published_at=None)


def _run_action(client, action, *releases):
    return client.post(
        reverse("admin:agencies_pressrelease_changelist"),
        {"action": action, "_selected_action": [release.pk for release in releases]},
        follow=True,
    )


def test_admin_actions_call_the_services(admin_client, hessen):
    draft = PressReleaseFactory(agency=hessen, status=DRAFT)
    public = PressReleaseFactory(agency=hessen)

    response = _run_action(admin_client, "create_preview_link", draft)
    draft.refresh_from_db()
    assert draft.preview_token
    assert f"/presse/vorschau/{draft.preview_token}/" in response.content.decode()

    _run_action(admin_client, "revoke_preview_link", draft)
    draft.refresh_from_db()
    assert draft.preview_token is None

    response = _run_action(admin_client, "withdraw", draft, public)
    public.refresh_from_db()
    draft.refresh_from_db()
    assert public.status == WITHDRAWN
    assert draft.status == DRAFT
    assert "Nur veröffentlichte Pressemitteilungen können zurückgezogen werden." in response.content.decode()

    _run_action(admin_client, "publish_now", draft)
    draft.refresh_from_db()
    assert draft.status == PUBLISHED


def test_admin_schedule_action_uses_the_entered_time(admin_client, hessen):
    release = PressReleaseFactory(
        agency=hessen, status=DRAFT, published_at=timezone.now() + timedelta(days=3)
    )
    _run_action(admin_client, "schedule", release)
    release.refresh_from_db()
    assert release.status == SCHEDULED


def test_staff_see_only_their_own_agencys_releases_in_the_admin(client, hessen, editor):
    editor.user_permissions.set(Permission.objects.filter(codename__endswith="pressrelease"))
    Membership.objects.create(user=editor, agency=hessen)
    own = PressReleaseFactory(agency=hessen, headline="Eigene Mitteilung")
    foreign = PressReleaseFactory(agency=AgencyFactory(slug="bayern"), headline="Fremde Mitteilung")
    client.force_login(editor)

    listing = client.get(reverse("admin:agencies_pressrelease_changelist")).content.decode()
    assert "Eigene Mitteilung" in listing
    assert "Fremde Mitteilung" not in listing
    assert client.get(reverse("admin:agencies_pressrelease_change", args=[own.pk])).status_code == 200
    assert client.get(reverse("admin:agencies_pressrelease_change", args=[foreign.pk])).status_code == 404


def test_admin_change_page_links_a_draft_to_its_preview(admin_client, hessen):
    draft = PressReleaseFactory(agency=hessen, status=DRAFT)
    page = admin_client.get(reverse("admin:agencies_pressrelease_change", args=[draft.pk])).content.decode()
    assert "Kein Vorschau-Link" in page
    assert f'href="{draft.get_absolute_url()}"' not in page

    token = press_services.preview_link_create(release=draft)
    page = admin_client.get(reverse("admin:agencies_pressrelease_change", args=[draft.pk])).content.decode()
    assert f"/presse/vorschau/{token}/" in page


def test_admin_saves_the_body_sanitised(admin_client, hessen):
    contact = ContactPersonFactory(agency=hessen, name="Paula Presse")
    response = admin_client.post(
        reverse("admin:agencies_pressrelease_add"),
        {
            "agency": hessen.pk,
            "headline": "Neu aus dem Admin",
            "slug": "neu-aus-dem-admin",
            "dateline_place": "Offenbach a.M.",
            "teaser": "Kurz.",
            "body": '<p onclick="x()">Text<script>alert(1)</script></p>',
            "press_contact": contact.pk,
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    release = PressRelease.objects.get(slug="neu-aus-dem-admin")
    assert release.body == "<p>Text</p>"
    assert release.status == DRAFT


def test_admin_refuses_a_press_contact_of_another_agency(admin_client, hessen):
    foreign = ContactPersonFactory(agency=AgencyFactory(slug="nrw"))
    response = admin_client.post(
        reverse("admin:agencies_pressrelease_add"),
        {
            "agency": hessen.pk,
            "headline": "Falscher Kontakt",
            "slug": "falscher-kontakt",
            "dateline_place": "Offenbach a.M.",
            "teaser": "Kurz.",
            "body": "<p>Text</p>",
            "press_contact": foreign.pk,
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Der Pressekontakt muss zur herausgebenden Agentur gehören." in response.content.decode()
    assert not PressRelease.objects.filter(slug="falscher-kontakt").exists()
