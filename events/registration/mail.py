"""The portal's outbox: mails queued in the caller's transaction, sent by the worker.

Most are rendered right there; the verbs that hold the seat lock queue an unwritten row instead
(``queue_later``: kind, registration ids, the moment, the language), which the worker renders when
it sends it, so neither the people waiting at the lock nor the request wait for templates.

A mail is a row in ``OutgoingMail`` first; no request ever talks to the mail server. The mail worker
(``manage.py mail_worker``) sends due rows with ``EMAIL_TIMEOUT``. When the server fails, the error
is logged and the row waits a growing pause before the next attempt; after ``MAIL_MAX_ATTEMPTS``
attempts it is marked failed, ``ADMINS`` get a notice and the admin lists it for a retry. A failing
mail server never rolls back a registration, and no mail is dropped without a trace.
"""

import logging
from datetime import datetime, timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.calendar import PRODID, event_component
from events.formatting import date_line, venue_line
from portal import outbox
from portal.links import absolute_url

from . import certificates, selectors
from .models import Mode, OutgoingMail, Registration

logger = logging.getLogger(__name__)

# A mail being sent is claimed for this long: far more than EMAIL_TIMEOUT, so two workers never both send it.
CLAIM = timedelta(minutes=5)
# Mails claimed by one UPDATE: sent well within CLAIM even when each takes EMAIL_TIMEOUT.
CLAIM_BATCH = 10
# After this many failures in a row the server is taken to be down: the rest waits for the next run.
FAILURES_BEFORE_PAUSE = 3
# Kinds whose calendar file marks the date as cancelled for this person.
CANCELLING_KINDS = {"cancelled", "rejected", "event_cancelled"}
# A mail the agency writes in the admin to the people registered for an event (subject and text).
FREE_TEXT = "free_text"
# Kinds that carry the online access link once it is due (and say when it comes before that).
ACCESS_KINDS = {"confirmed", "promoted", "series_confirmed", "reminder", "event_changed", "access_link"}
# Mails after the event: no calendar file (the date is past). The certificate is rendered when the
# mail is sent, from the registration, so the outbox holds no PDFs.
CERTIFICATE = "certificate"
DOCUMENTATION_PUBLISHED = "documentation_published"
WITHOUT_CALENDAR = {CERTIFICATE, DOCUMENTATION_PUBLISHED}
OVERVIEW_SALT = "events.registration.overview"
OVERVIEW_MAX_AGE = timedelta(days=3)


def place_line(event, mode: str) -> str:
    """Return where this person takes part: the venue's address on site, else "Online"."""
    if mode == Mode.ONLINE or event.venue is None:
        return _("Online (Videokonferenz)")
    return venue_line(event.venue)


def calendar_file(events, *, cancelled: bool = False) -> str:
    """Return the calendar file for a mail: these events, marked cancelled for this person if asked.

    A cancellation is an iTIP CANCEL (RFC 5546) of the same UID, so mail programs remove the entry
    they took from an earlier mail instead of adding a second one.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    events = list(events)
    for event in events:
        component = event_component(event)
        if cancelled:
            component.pop("status", None)
            component.add("status", "CANCELLED")
        calendar.add_component(component)
    first = min(event.starts_at for event in events).date() - timedelta(days=366)
    last = max(event.ends_at for event in events).date() + timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical().decode()


def _item(registration: Registration, *, with_access: bool, now: datetime) -> dict:
    event = registration.event
    # The link only from the lead time on (as on the personal page); before, when it will come.
    return {
        "registration": registration,
        "event": event,
        "date_line": date_line(event),
        "place": place_line(event, registration.mode),
        "event_url": absolute_url(event.get_absolute_url()),
        "manage_url": absolute_url(registration.get_absolute_url()),
        "access_url": selectors.online_access_url(registration, now=now) if with_access else "",
        "access_opens_at": selectors.online_access_opens_at(registration, now=now) if with_access else None,
    }


def _render(kind: str, context: dict) -> tuple[str, str, str]:
    # One line without leading or trailing blanks, whatever the template's line breaks.
    subject = " ".join(render_to_string(f"events/registration/emails/{kind}_subject.txt", context).split())
    text = render_to_string(f"events/registration/emails/{kind}.txt", context)
    html = render_to_string(f"events/registration/emails/{kind}.html", context)
    return subject, text, html


def _queue(*, kind: str, to: str, context: dict, registration=None, ics: str = "") -> OutgoingMail:
    subject, text, html = _render(kind, {"site_url": settings.SITE_URL, **context})
    return OutgoingMail.objects.create(
        kind=kind,
        to=to,
        subject=subject[:250],
        body_text=text,
        body_html=html,
        ics=ics,
        registration=registration,
    )


def queue_plain(*, kind: str, to: str, subject: str, body: str) -> OutgoingMail:
    """Queue a plain-text mail written by the caller (``portal.outbox`` hands its mails here)."""
    subject = " ".join(subject.split())[:250]
    return OutgoingMail.objects.create(kind=kind, to=to, subject=subject, body_text=body)


def queue_for_registrations(
    kind: str, registrations: list[Registration], *, extra: dict | None = None, now: datetime | None = None
) -> OutgoingMail:
    """Queue one mail of ``kind`` to the person behind these registrations (one, or a series' dates).

    The mail is written in the language the person registered in, whoever sets it off; ``now`` (the
    caller's clock) decides whether the access link is due.
    """
    primary = registrations[0]
    with translation.override(primary.language or settings.LANGUAGE_CODE):
        return _queue_for_registrations(kind, registrations, extra=extra, now=now or timezone.now())


def queue_later(
    kind: str, registrations: list[Registration], *, extra: dict | None = None, now: datetime | None = None
) -> OutgoingMail:
    """Queue a mail of ``kind`` whose text the worker writes when it sends it (``send_queued``).

    For the services that hold the seat lock: the templates and the calendar file take longer to
    render than the seat decision, and everyone waiting for the lock would wait for them too; in the
    request they would take the processor from the requests holding the lock. The row commits with
    the registration, so the mail cannot get lost. ``extra`` (text the agency wrote) must be JSON.
    """
    primary = registrations[0]
    return OutgoingMail.objects.create(
        kind=kind,
        to=primary.email,
        subject="",
        body_text="",
        registration=primary,
        to_render={
            "registrations": [registration.pk for registration in registrations],
            "now": (now or timezone.now()).isoformat(),
            "language": primary.language or settings.LANGUAGE_CODE,
            "extra": extra or {},
        },
    )


def _registrations_to_render(mail_ids: list[int]) -> dict[int, Registration]:
    """Return the registrations the unwritten ones among these mails are written from, by id."""
    specs = OutgoingMail.objects.filter(pk__in=mail_ids, to_render__isnull=False).values_list(
        "to_render", flat=True
    )
    ids = {pk for spec in specs for pk in spec["registrations"]}
    if not ids:
        return {}
    return Registration.objects.select_related("event__agency", "event__venue__state").in_bulk(ids)


def _render_queued(mail: OutgoingMail, found: dict[int, Registration], calendars: dict) -> tuple | None:
    """Write the text of a mail queued with ``queue_later()`` from its registrations in ``found``.

    Return the written fields (stored with the outcome of sending, one UPDATE) and the context's
    items (whose access links it carries), or None if there is nobody left to write to (the mail is
    then deleted). ``calendars`` keeps the calendar files of one round: the mails of a rush for one
    event share theirs.
    """
    spec = mail.to_render
    registrations = [found[pk] for pk in spec["registrations"] if pk in found]
    if not registrations:  # deleted meanwhile (a deletion request)
        OutgoingMail.objects.filter(pk=mail.pk).delete()
        return None
    now = datetime.fromisoformat(spec["now"])
    with translation.override(spec["language"]):
        context = _context(mail.kind, registrations, extra=spec.get("extra"), now=now)
        subject, text, html = _render(mail.kind, {"site_url": settings.SITE_URL, **context})
        ics = ""
        if mail.kind not in WITHOUT_CALENDAR:
            key = (tuple(r.event_id for r in registrations), mail.kind in CANCELLING_KINDS, spec["language"])
            if key not in calendars:
                calendars[key] = calendar_file([r.event for r in registrations], cancelled=key[1])
            ics = calendars[key]
    written = {"subject": subject[:250], "body_text": text, "body_html": html, "ics": ics, "to_render": None}
    for field, value in written.items():
        setattr(mail, field, value)
    return written, context["items"]


def preview_for_registration(kind: str, registration: Registration, *, extra: dict | None = None):
    """Return the subject and text a mail of ``kind`` to this person would have; nothing is queued."""
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        context = {
            "site_url": settings.SITE_URL,
            **_context(kind, [registration], extra=extra, now=timezone.now()),
        }
        subject, text, _html = _render(kind, context)
    return subject, text


def _queue_for_registrations(
    kind: str, registrations: list[Registration], *, extra: dict | None, now: datetime
) -> OutgoingMail:
    primary = registrations[0]
    context = _context(kind, registrations, extra=extra, now=now)
    ics = (
        ""
        if kind in WITHOUT_CALENDAR
        else calendar_file([r.event for r in registrations], cancelled=kind in CANCELLING_KINDS)
    )
    queued = _queue(kind=kind, to=primary.email, context=context, registration=primary, ics=ics)
    _mark_access_link_sent(context["items"], now=now)
    return queued


def _mark_access_link_sent(items: list[dict], *, now: datetime) -> None:
    # Whoever has the link in a mail already (confirmed after the lead time began, say) needs no
    # separate access-link mail: ``access_links_send`` skips them.
    with_link = [item["registration"].pk for item in items if item["access_url"]]
    if with_link:
        Registration.objects.filter(pk__in=with_link, access_link_sent_at__isnull=True).update(
            access_link_sent_at=now
        )


def _context(kind: str, registrations: list[Registration], *, extra: dict | None, now: datetime) -> dict:
    primary = registrations[0]
    # The access link goes only into mails that confirm a seat, remind of it or bring the link.
    with_access = kind in ACCESS_KINDS
    items = [_item(registration, with_access=with_access, now=now) for registration in registrations]
    return {
        "kind": kind,
        "registration": primary,
        "event": primary.event,
        "item": items[0],
        "items": items,
        "is_series": len(items) > 1,
        "confirm_url": absolute_url(primary.get_confirm_url()),
        "confirm_hours": settings.REGISTRATION_CONFIRMATION_HOURS,
        **(extra or {}),
    }


def overview_token(email: str) -> str:
    return signing.dumps({"email": email}, salt=OVERVIEW_SALT, compress=True)


def email_from_overview_token(token: str) -> str | None:
    """Return the email address in a valid, unexpired overview link token, else None."""
    try:
        payload = signing.loads(token, salt=OVERVIEW_SALT, max_age=OVERVIEW_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    email = payload.get("email") if isinstance(payload, dict) else None
    return email if isinstance(email, str) else None


def queue_overview_link(*, email: str) -> OutgoingMail:
    """Queue a mail with a signed link, valid for three days, to all registrations of an address."""
    url = absolute_url(reverse("registration:overview", kwargs={"token": overview_token(email)}))
    context = {"overview_url": url, "valid_days": OVERVIEW_MAX_AGE.days}
    return _queue(kind="overview_link", to=email, context=context)


def queue_no_registrations(*, email: str) -> OutgoingMail:
    """Queue the answer to someone who asked for the registrations of an address that has none."""
    return _queue(kind="overview_none", to=email, context={"email": email})


def message_headers() -> dict[str, str]:
    """Return the headers every portal mail carries.

    The Message-ID names the portal's own domain (not the sending host's, often "localhost"), and
    ``Auto-Submitted`` (RFC 3834) keeps out-of-office replies and autoresponders from answering.
    """
    return {
        "Message-ID": make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "transferportal"),
        "Auto-Submitted": "auto-generated",
    }


def _message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject.strip(),
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=message_headers(),
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    if mail.ics:
        message.attach("termin.ics", mail.ics, "text/calendar")
    if mail.kind == CERTIFICATE:
        _attach_certificate(message, mail)
    return message


def _attach_certificate(message: EmailMultiAlternatives, mail: OutgoingMail) -> None:
    # A registration that no longer counts as attended (or is gone) sends no certificate: the mail
    # fails visibly instead of going out without the promised attachment.
    registration = selectors.certificate_registration(registration_id=mail.registration_id)
    message.attach(
        certificates.certificate_filename(registration),
        certificates.certificate_pdf(registration),
        "application/pdf",
    )


def _mark_sent_to_registrations(mail: OutgoingMail, items: list[dict], *, sent_at) -> None:
    """Note on the registrations what this sent mail gave them: the confirmation link, the access link."""
    _mark_access_link_sent(items, now=sent_at)
    if mail.kind != "confirm_request" or mail.registration is None:
        return
    mail.registration.booking_group().filter(status=Registration.Status.PENDING).update(
        confirmation_sent_at=sent_at
    )


def _due(now):
    return OutgoingMail.objects.filter(sent_at__isnull=True, failed_at__isnull=True).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    )


def due_count() -> int:
    """Return how many queued mails are due and not sent yet (reported on /healthz)."""
    return _due(timezone.now()).count()


def retry_pause(attempts: int) -> timedelta:
    """Return how long a mail waits after its ``attempts``-th failure: 2, 4, 8, ... minutes."""
    return timedelta(minutes=2**attempts)


def send_queued(*, limit: int = 200) -> tuple[int, int]:
    """Send up to ``limit`` queued mails that are due, oldest first; return (sent, failed).

    The mails are claimed a few at a time with an UPDATE first, so two workers never send the same
    mail; a mail's text (if the worker writes it) and its outcome are stored in one UPDATE after
    sending.
    """
    now = timezone.now()
    candidates = list(_due(now).order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    to_render, calendars = _registrations_to_render(candidates), {}
    sent = failed = failures_in_a_row = 0
    for start in range(0, len(candidates), CLAIM_BATCH):
        claimed = _claim(candidates[start : start + CLAIM_BATCH], now=now)
        for position, mail in enumerate(claimed):
            if failures_in_a_row >= FAILURES_BEFORE_PAUSE:
                _release(claimed[position:])
                return sent, failed
            written, items = {}, []
            if mail.to_render is not None:
                rendered = _render_queued(mail, to_render, calendars)
                if rendered is None:
                    continue
                written, items = rendered
            try:
                _message(mail).send()
            except Exception as error:  # any backend error: keep the mail and try again later
                _record_failure(mail, error, written=written)
                failed += 1
                failures_in_a_row += 1
            else:
                sent_at = timezone.now()
                OutgoingMail.objects.filter(pk=mail.pk).update(
                    **written, sent_at=sent_at, attempts=F("attempts") + 1, not_before=None, last_error=""
                )
                _mark_sent_to_registrations(mail, items, sent_at=sent_at)
                sent += 1
                failures_in_a_row = 0
    return sent, failed


def _claim(mail_ids: list[int], *, now) -> list[OutgoingMail]:
    """Claim those of these mails that are still due for ``CLAIM``; return them, oldest first.

    UPDATE ... RETURNING (PostgreSQL, SQLite 3.35+) tells exactly which rows this worker claimed:
    another worker's concurrent UPDATE skips them once this one's is committed.
    """
    table = connection.ops.quote_name(OutgoingMail._meta.db_table)
    placeholders = ", ".join(["%s"] * len(mail_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET not_before = %s WHERE id IN ({placeholders}) AND sent_at IS NULL "
            "AND failed_at IS NULL AND (not_before IS NULL OR not_before <= %s) RETURNING id",
            [now + CLAIM, *mail_ids, now],
        )
        claimed = {row[0] for row in cursor.fetchall()}
    mails = OutgoingMail.objects.select_related("registration").in_bulk(claimed)
    return [mails[pk] for pk in mail_ids if pk in mails]


def _release(mails: list[OutgoingMail]) -> None:
    """Make claimed mails this round will not send due again at once (the next round tries them)."""
    OutgoingMail.objects.filter(pk__in=[mail.pk for mail in mails], sent_at__isnull=True).update(
        not_before=None
    )


def _record_failure(mail: OutgoingMail, error: Exception, *, written: dict | None = None) -> None:
    """Store the failed attempt and the text the worker wrote (``written``) for the admin to read.

    The mail stays to be written again: the next attempt also notes the links it carries.
    """
    written = {field: value for field, value in (written or {}).items() if field != "to_render"}
    attempts = mail.attempts + 1
    last_error = f"{type(error).__name__}: {error}"[:2000]
    if attempts < settings.MAIL_MAX_ATTEMPTS:
        logger.warning("Mail %s (%s) failed, attempt %s: %s", mail.pk, mail.kind, attempts, last_error)
        OutgoingMail.objects.filter(pk=mail.pk).update(
            **written,
            attempts=attempts,
            last_error=last_error,
            not_before=timezone.now() + retry_pause(attempts),
        )
        return
    logger.error("Mail %s (%s) failed for good, attempt %s: %s", mail.pk, mail.kind, attempts, last_error)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        **written, attempts=attempts, last_error=last_error, not_before=None, failed_at=timezone.now()
    )
    # A notice about a failed notice would only fail the same way: the error log above must do.
    if mail.kind != outbox.ADMIN_NOTICE:
        _queue_failure_notice(mail, attempts=attempts, last_error=last_error)


def _queue_failure_notice(mail: OutgoingMail, *, attempts: int, last_error: str) -> None:
    admin_path = reverse("admin:events_outgoingmail_change", args=[mail.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("E-Mail endgültig fehlgeschlagen: %(subject)s") % {"subject": mail.subject}
        body = _(
            "Das Transferportal konnte eine E-Mail nach %(attempts)d Versuchen nicht verschicken "
            "und versucht es nicht mehr von selbst.\n\nAn: %(to)s\nBetreff: %(subject)s\n"
            "Letzter Fehler: %(error)s\n\nIn der Verwaltung erneut versuchen: %(url)s\n"
        ) % {
            "attempts": attempts,
            "to": mail.to,
            "subject": mail.subject,
            "error": last_error,
            "url": absolute_url(admin_path),
        }
    outbox.queue_admin_notice(subject=subject, body=body)


def retry_mails(*, mails) -> int:
    """Queue those of these mails that failed (for good or once) again, with a fresh set of attempts.

    Return how many. A mail not yet tried is left alone: a worker may be sending it right now.
    """
    failed = mails.filter(sent_at__isnull=True).filter(Q(failed_at__isnull=False) | Q(attempts__gt=0))
    return failed.update(failed_at=None, not_before=None, attempts=0)
