"""Publishing the documentation from several requests at the same moment, on PostgreSQL: one mail each."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connections

from events.registration import exceptions, services
from events.registration.models import OutgoingMail
from tests.factories import MaterialFactory, RegistrationEventFactory, register_confirmed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLICKS = 8


def test_concurrent_publishing_mails_every_participant_exactly_once():
    event = RegistrationEventFactory()
    people = [register_confirmed(event, number) for number in range(1, 4)]
    MaterialFactory(event=event, file=ContentFile(b"%PDF-1.4\n", name="f.pdf"), participants_only=True)
    gate = threading.Event()

    def click(_number):
        gate.wait()
        try:
            return services.documentation_publish(event=event)
        except exceptions.DocumentationAlreadyPublished:
            return None
        finally:
            connections.close_all()

    with time_machine.travel(event.ends_at, tick=False), ThreadPoolExecutor(max_workers=CLICKS) as pool:
        futures = [pool.submit(click, number) for number in range(CLICKS)]
        gate.set()
        results = [future.result(timeout=60) for future in futures]

    assert sorted(results, key=lambda told: told is None) == [len(people)] + [None] * (CLICKS - 1)
    assert OutgoingMail.objects.filter(kind="documentation_published").count() == len(people)
