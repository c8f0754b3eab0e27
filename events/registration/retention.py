"""How long participants' data is kept, and the daily run that applies the periods.

The periods come from the settings (``RETENTION_*``) and are counted from the end of the event:

- dietary and accessibility answers are deleted after ``RETENTION_NEEDS_DAYS`` days;
- the registration is reduced to the attendance record an agency keeps for its funder (name,
  organisation, municipality, event, participation mode, status, attended) after
  ``RETENTION_REDUCE_WEEKS`` weeks: email, function, comment, tokens, consent details, the mails
  to the person and the registration's audit entries go;
- the attendance record is deleted after ``RETENTION_DELETE_YEARS`` years;
- unconfirmed registrations are deleted ``RETENTION_UNCONFIRMED_DAYS`` days after their
  confirmation link expired (``Registration.confirmation_expires_at``).

``retention_run`` is idempotent: each step picks only the rows still past their limit and not yet
handled, locks them (skipping rows another run holds) and changes them by id in one transaction.
The privacy page states the same periods from the same settings (``portal.selectors.retention_periods``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Event
from portal import audit
from portal.models import AuditEntry

from .models import OutgoingMail, Registration, RegistrationSensitiveData, SeriesBooking

Status = Registration.Status

# What a reduction clears, and to what. The rest is the attendance record: event, mode, status, name,
# organisation, municipality, attended, created_at, certificate_code (funder counts, and certificates
# that stay verifiable), and ``waitlisted_at``, which a waitlisted row must have.
CLEARED = {
    "email": "",
    "function": "",
    "comment": "",
    "language": "",
    "series_booking": None,
    "confirmation_sent_at": None,
    "confirmed_at": None,
    "confirmed_from": None,
    "consent_given": False,
    "decided_at": None,
    "cancelled_at": None,
    "reminder_sent_at": None,
    "confirm_token": None,
    "manage_token": None,
}


@dataclass
class EventCounts:
    """What one run did to the registrations of one event."""

    needs_deleted: int = 0
    reduced: int = 0
    deleted: int = 0
    unconfirmed_deleted: int = 0

    def __bool__(self):
        return any((self.needs_deleted, self.reduced, self.deleted, self.unconfirmed_deleted))

    def text(self) -> str:
        """Return the counts as one German sentence for the audit trail (no personal data)."""
        parts = [
            ngettext(
                "%(count)d Angabe zu Ernährung oder Barrierefreiheit gelöscht",
                "%(count)d Angaben zu Ernährung oder Barrierefreiheit gelöscht",
                self.needs_deleted,
            )
            % {"count": self.needs_deleted},
            ngettext(
                "%(count)d Anmeldung auf den Teilnahmenachweis reduziert",
                "%(count)d Anmeldungen auf den Teilnahmenachweis reduziert",
                self.reduced,
            )
            % {"count": self.reduced},
            ngettext(
                "%(count)d Teilnahmenachweis gelöscht", "%(count)d Teilnahmenachweise gelöscht", self.deleted
            )
            % {"count": self.deleted},
            ngettext(
                "%(count)d unbestätigte Anmeldung gelöscht",
                "%(count)d unbestätigte Anmeldungen gelöscht",
                self.unconfirmed_deleted,
            )
            % {"count": self.unconfirmed_deleted},
        ]
        return _("Aufbewahrungsfristen: %(parts)s.") % {"parts": ", ".join(parts)}


@dataclass
class RetentionReport:
    """What a run did, per event id; empty when nothing was past its limit."""

    events: dict[int, EventCounts] = field(default_factory=lambda: defaultdict(EventCounts))

    def total(self, name: str) -> int:
        return sum(getattr(counts, name) for counts in self.events.values())

    def __bool__(self):
        return any(self.events.values())


def years_before(moment: datetime, years: int) -> datetime:
    """Return the same calendar moment ``years`` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def _claim(queryset, *fields) -> list[tuple]:
    """Lock and return ``fields`` of the rows; rows a concurrent run holds are left to it."""
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True, of=("self",))
    return list(queryset.order_by("pk").values_list(*fields))


def _registration_audit_entries(ids):
    content_type = ContentType.objects.get_for_model(Registration, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in ids])


def _forget_around(ids) -> None:
    """Delete what hangs off these registrations and names the person: mails and audit entries."""
    OutgoingMail.objects.filter(registration_id__in=ids).delete()
    _registration_audit_entries(ids).delete()


def registrations_delete(*, ids) -> int:
    """Delete these registrations with their needs answers, mails and audit entries; return how many.

    Call inside a transaction holding the rows (``_claim``). A series booking left without dates goes too.
    """
    ids = list(ids)
    if not ids:
        return 0
    bookings = set(
        Registration.objects.filter(pk__in=ids, series_booking__isnull=False).values_list(
            "series_booking_id", flat=True
        )
    )
    _forget_around(ids)
    _total, per_model = Registration.objects.filter(pk__in=ids).delete()
    SeriesBooking.objects.filter(pk__in=bookings, registrations__isnull=True).delete()
    return per_model.get(Registration._meta.label, 0)


def registrations_reduce(*, ids, now: datetime) -> int:
    """Reduce these registrations to the attendance record; return how many were not reduced yet.

    Call inside a transaction holding the rows (``_claim``).
    """
    ids = list(ids)
    if not ids:
        return 0
    reduced = Registration.objects.filter(pk__in=ids, reduced_at__isnull=True).update(
        reduced_at=now, **CLEARED
    )
    RegistrationSensitiveData.objects.filter(registration_id__in=ids).delete()
    _forget_around(ids)
    return reduced


def retention_run(*, now: datetime | None = None) -> RetentionReport:
    """Apply every retention period once and record per event what was deleted or reduced.

    A second run at the same time finds nothing left to do and changes nothing.
    """
    now = now or timezone.now()
    report = RetentionReport()
    with transaction.atomic():
        # Oldest first: a record past five years is deleted, not first reduced.
        past_deletion = Registration.objects.filter(
            event__ends_at__lte=years_before(now, settings.RETENTION_DELETE_YEARS)
        )
        rows = _claim(past_deletion, "pk", "event_id")
        registrations_delete(ids=[pk for pk, _event in rows])
        for _pk, event_id in rows:
            report.events[event_id].deleted += 1

        link_expired_before = now - timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)
        unconfirmed = Registration.objects.filter(
            status__in=[Status.PENDING, Status.EXPIRED],
            created_at__lte=link_expired_before - timedelta(days=settings.RETENTION_UNCONFIRMED_DAYS),
        )
        rows = _claim(unconfirmed, "pk", "event_id")
        registrations_delete(ids=[pk for pk, _event in rows])
        for _pk, event_id in rows:
            report.events[event_id].unconfirmed_deleted += 1

        needs = RegistrationSensitiveData.objects.filter(
            registration__event__ends_at__lte=now - timedelta(days=settings.RETENTION_NEEDS_DAYS)
        )
        rows = _claim(needs, "pk", "registration__event_id")
        RegistrationSensitiveData.objects.filter(pk__in=[pk for pk, _event in rows]).delete()
        for _pk, event_id in rows:
            report.events[event_id].needs_deleted += 1

        past_reduction = Registration.objects.filter(
            reduced_at__isnull=True,
            event__ends_at__lte=now - timedelta(weeks=settings.RETENTION_REDUCE_WEEKS),
        )
        rows = _claim(past_reduction, "pk", "event_id")
        registrations_reduce(ids=[pk for pk, _event in rows], now=now)
        for _pk, event_id in rows:
            report.events[event_id].reduced += 1

        _record(report, now=now)
    return report


def _record(report: RetentionReport, *, now: datetime) -> None:
    """Write one audit entry per event the run changed: the counts, never whose data it was."""
    changed = {event_id: counts for event_id, counts in report.events.items() if counts}
    for event in Event.objects.filter(pk__in=list(changed)).order_by("pk"):
        audit.record(
            action="events.event.retention_applied",
            obj=event,
            agency_id=event.agency_id,
            note=changed[event.pk].text(),
            at=now,
        )
