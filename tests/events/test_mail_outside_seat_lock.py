"""Mails of the seat-taking verbs are written by the worker when it sends them, never lost meanwhile."""

import pytest
from django.core import mail as django_mail
from django.db import connection, transaction

from events.models import OutgoingMail
from events.registration import mail as registration_mail
from events.registration import services
from tests.factories import RegistrationEventFactory, deliver_outbox, register, register_confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def render_depths(monkeypatch):
    """Record how many transactions are open each time a mail's templates are rendered."""
    depths = []
    render = registration_mail._render

    def recording(kind, context):
        depths.append((kind, len(connection.savepoint_ids)))
        return render(kind, context)

    monkeypatch.setattr(registration_mail, "_render", recording)
    return depths


def test_registering_and_confirming_leave_their_mails_to_the_worker(render_depths):
    event = RegistrationEventFactory(on_site_capacity=5)
    outside = len(connection.savepoint_ids)  # the test's own transaction only

    register_confirmed(event)

    assert render_depths == []
    assert deliver_outbox() == (2, 0)
    assert render_depths == [("confirm_request", outside), ("confirmed", outside)]
    confirmation = OutgoingMail.objects.get(kind="confirmed")
    assert confirmation.to_render is None
    assert "Fachtag Bildungsmonitoring" in confirmation.body_text


def test_cancelling_and_promoting_leave_their_mails_to_the_worker(render_depths):
    event = RegistrationEventFactory(on_site_capacity=1)
    seated = register_confirmed(event, 1)
    waiting = register_confirmed(event, 2)
    deliver_outbox()
    render_depths.clear()

    services.registration_cancel(registration=seated, message="Der Raum ist zu klein.")

    assert render_depths == []
    assert deliver_outbox() == (2, 0)
    assert sorted(kind for kind, _depth in render_depths) == ["cancelled", "promoted"]
    assert "Der Raum ist zu klein." in OutgoingMail.objects.get(kind="cancelled").body_text
    assert OutgoingMail.objects.get(kind="promoted").to == waiting.email


def test_the_worker_writes_a_mail_queued_before_it_knew_about_extra_text():
    event = RegistrationEventFactory()
    registration = register(event)
    OutgoingMail.objects.all().delete()
    with transaction.atomic():
        queued = registration_mail.queue_later("confirm_request", [registration])
    spec = {key: value for key, value in queued.to_render.items() if key != "extra"}
    OutgoingMail.objects.filter(pk=queued.pk).update(to_render=spec)

    assert deliver_outbox() == (1, 0)

    sent = django_mail.outbox[-1]
    assert registration.confirm_token in sent.body
    assert sent.subject
    assert OutgoingMail.objects.get().to_render is None
