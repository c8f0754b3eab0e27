"""Mails of the seat-taking verbs are written after the seat lock is released, never lost meanwhile."""

import pytest
from django.core import mail as django_mail
from django.db import connection, transaction

from events.models import OutgoingMail
from events.registration import mail as registration_mail
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


def test_registering_and_confirming_render_their_mails_outside_the_locking_transaction(render_depths):
    event = RegistrationEventFactory(on_site_capacity=5)
    outside = len(connection.savepoint_ids)  # the test's own transaction only

    register_confirmed(event)

    assert render_depths == [("confirm_request", outside), ("confirmed", outside)]
    confirmation = OutgoingMail.objects.get(kind="confirmed")
    assert confirmation.to_render is None
    assert "Fachtag Bildungsmonitoring" in confirmation.body_text


def test_a_mail_the_request_did_not_get_to_write_is_written_by_the_worker():
    event = RegistrationEventFactory()
    registration = register(event)
    OutgoingMail.objects.all().delete()
    with transaction.atomic():  # as if the process died right after the seat decision committed
        registration_mail.queue_later("confirm_request", [registration])

    assert deliver_outbox() == (1, 0)

    sent = django_mail.outbox[-1]
    assert registration.confirm_token in sent.body
    assert sent.subject
    assert OutgoingMail.objects.get().to_render is None

