"""The mail worker: no request waits for the mail server; the worker retries, gives up loudly, keeps time."""

import email
import email.policy
import io
import os
import signal
import socket
import threading
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from events import worker
from events.models import OutgoingMail, Registration
from events.registration import mail as registration_mail
from portal.health import last_heartbeat, record_heartbeat
from tests.factories import RegistrationEventFactory, deliver_outbox, register

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Erika Beispiel",
    "email": "erika.beispiel@example.org",
    "organisation": "Bildungsbüro Musterkreis",
    "function": "Bildungsmonitoring",
    "consent": "on",
    "notice_version": "1",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_mail_server():
    """A mail server that accepts each connection and then never says a word (not even its greeting)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def accept_and_sleep():
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept_and_sleep, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


class Sink:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_sink():
    """A real SMTP server on a free port that accepts and collects mails."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, sink
    controller.stop()


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1


def let_the_pause_pass():
    OutgoingMail.objects.update(not_before=timezone.now() - timedelta(seconds=1))


def run_worker_once():
    call_command("mail_worker", "--once", stdout=open("/dev/null", "w"))


def test_registration_never_waits_for_a_silent_mail_server_and_the_worker_delivers_later(
    client, agency, settings, silent_mail_server, mail_sink, django_capture_on_commit_callbacks
):
    event = RegistrationEventFactory(agency=agency, title="Fachtag Bildungsdaten")
    use_smtp(settings, silent_mail_server)

    # Run what would run after the commit too (the test itself is one transaction that never commits).
    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        started = time.monotonic()
        response = client.post(f"/anmeldung/{event.slug}/", FORM, follow=True)
        assert time.monotonic() - started < 2
    assert after_commit == []
    assert OutgoingMail.objects.get().attempts == 0  # the request never tried the mail server
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sie erhalten in wenigen Minuten eine E-Mail zu „Fachtag Bildungsdaten“" in page
    for claim in ("wurde gesendet", "haben wir Ihnen", "geschickt"):
        assert claim not in page
    assert Registration.objects.filter(email=FORM["email"], status=Registration.Status.PENDING).exists()

    run_worker_once()  # the server never answers: the attempt times out after EMAIL_TIMEOUT
    queued = OutgoingMail.objects.get()
    assert queued.state == OutgoingMail.State.QUEUED and queued.attempts == 1
    assert queued.last_error and queued.not_before > timezone.now()

    port, sink = mail_sink  # the server is back
    settings.EMAIL_PORT = port
    let_the_pause_pass()
    run_worker_once()
    [(recipients, message)] = sink.messages
    assert recipients == [FORM["email"]]
    assert message["Subject"].strip() == "Bitte bestätigen Sie Ihre Anmeldung: Fachtag Bildungsdaten"
    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.SENT
    assert Registration.objects.get(email=FORM["email"]).confirmation_sent_at == queued.sent_at


def test_a_mail_that_keeps_failing_ends_as_failed_and_admins_hear_of_it(agency, settings, mail_sink):
    settings.ADMINS = [("Betrieb", "betrieb@example.org")]
    settings.MAIL_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "tests.factories.FailingMailBackend"
    register(RegistrationEventFactory(agency=agency), 1)
    for _attempt in range(3):
        let_the_pause_pass()
        run_worker_once()
    failed = OutgoingMail.objects.get(kind="confirm_request")
    assert failed.state == OutgoingMail.State.FAILED and failed.attempts == 3
    assert "Mailserver" in failed.last_error
    notice = OutgoingMail.objects.get(kind="admin_notice")
    assert notice.to == "betrieb@example.org"
    assert failed.subject in notice.subject and f"/admin/events/outgoingmail/{failed.pk}/" in notice.body_text

    let_the_pause_pass()
    run_worker_once()
    assert OutgoingMail.objects.get(pk=failed.pk).attempts == 3  # a failed mail is not tried again by itself

    port, sink = mail_sink
    use_smtp(settings, port)
    let_the_pause_pass()  # the notice failed once too, against the same server
    run_worker_once()
    [(recipients, message)] = sink.messages
    assert recipients == ["betrieb@example.org"]
    assert message["Subject"].strip().startswith("[Transferportal] E-Mail endgültig fehlgeschlagen")


def test_a_failed_notice_to_admins_sets_off_no_further_notice(settings):
    settings.ADMINS = [("Betrieb", "betrieb@example.org")]
    settings.MAIL_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.factories.FailingMailBackend"
    registration_mail.queue_plain(kind="admin_notice", to="betrieb@example.org", subject="Fehler", body="…")
    run_worker_once()
    assert OutgoingMail.objects.get().state == OutgoingMail.State.FAILED


def test_the_pause_after_each_failure_grows(agency, settings):
    settings.EMAIL_BACKEND = "tests.factories.FailingMailBackend"
    register(RegistrationEventFactory(agency=agency), 1)
    pauses = []
    for _attempt in range(3):
        let_the_pause_pass()
        before = timezone.now()
        deliver_outbox()
        pauses.append(OutgoingMail.objects.get().not_before - before)
    assert pauses[0] < pauses[1] < pauses[2]
    assert pauses[0] >= timedelta(minutes=2)


def test_a_server_that_is_down_stops_the_round_early(agency, settings):
    settings.EMAIL_BACKEND = "tests.factories.FailingMailBackend"
    event = RegistrationEventFactory(agency=agency)
    for number in range(1, 6):
        register(event, number)
    assert deliver_outbox() == (0, registration_mail.FAILURES_BEFORE_PAUSE)
    assert OutgoingMail.objects.filter(attempts=0).count() == 5 - registration_mail.FAILURES_BEFORE_PAUSE


def test_retry_in_the_admin_queues_a_failed_mail_again(admin_client, agency, settings, mailoutbox):
    settings.MAIL_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.factories.FailingMailBackend"
    register(RegistrationEventFactory(agency=agency), 1)
    deliver_outbox()
    failed = OutgoingMail.objects.get()
    assert failed.state == OutgoingMail.State.FAILED
    changelist = admin_client.get("/admin/events/outgoingmail/?stand=failed").content.decode()
    assert failed.subject in changelist and "Fehlgeschlagen" in changelist

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = admin_client.post(
        "/admin/events/outgoingmail/", {"action": "retry", "_selected_action": [failed.pk]}, follow=True
    )
    assert "1 E-Mails werden in den nächsten Minuten erneut versucht." in response.content.decode()
    assert mailoutbox == []  # the admin only queues it: the worker sends
    deliver_outbox()
    assert [m.subject for m in mailoutbox] == [failed.subject]


def test_worker_runs_each_job_when_it_is_due_and_records_heartbeats():
    runs = []
    schedule = (
        worker.Job("often", every=timedelta(minutes=1), run=lambda: runs.append("often")),
        worker.Job("daily", every=timedelta(days=1), run=lambda: runs.append("daily")),
    )
    report = worker.run_once(schedule)
    assert report.jobs == ["often", "daily"] and runs == ["often", "daily"]
    assert last_heartbeat("worker") is not None and last_heartbeat("job.daily") is not None

    worker.run_once(schedule)
    assert runs == ["often", "daily"]  # neither is due again yet

    record_heartbeat("job.often", at=timezone.now() - timedelta(minutes=2))
    assert worker.run_once(schedule).jobs == ["often"]


def test_a_broken_job_stops_neither_the_other_jobs_nor_the_mails(agency, mailoutbox):
    def broken():
        raise RuntimeError("kaputt")

    register(RegistrationEventFactory(agency=agency), 1)
    schedule = (worker.Job("broken", every=timedelta(minutes=1), run=broken),)
    report = worker.run_once(schedule)
    assert report.failed_jobs == ["broken"] and report.sent == 1 and len(mailoutbox) == 1
    assert last_heartbeat("job.broken") is None  # it counts as not run: next round tries again


def test_the_worker_loops_until_sigterm_and_then_stops_after_the_round(agency, mailoutbox):
    register(RegistrationEventFactory(agency=agency), 1)
    before = signal.getsignal(signal.SIGTERM)
    stopper = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    stopper.start()
    output = io.StringIO()
    call_command("mail_worker", "--interval", "0.1", stdout=output)
    stopper.join()
    assert "1 E-Mails verschickt" in output.getvalue() and len(mailoutbox) == 1
    assert last_heartbeat("worker") is not None
    assert signal.getsignal(signal.SIGTERM) is before  # the test process gets its own handling back
