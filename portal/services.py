import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import outbox
from .dates import add_months
from .links import absolute_url
from .models import BarrierReport
from .permissions import GROUP_PERMISSIONS
from .selectors import accessibility_statement_get

ANSWER_WITHIN_MONTHS = 1


def barrier_report_answer_due(*, received_at) -> datetime.date:
    """Return the date by which a report received at ``received_at`` must be answered."""
    return add_months(timezone.localdate(received_at), ANSWER_WITHIN_MONTHS)


def barrier_report_create(
    *, message: str, page_url: str = "", name: str = "", email: str = ""
) -> BarrierReport:
    """Store a report about a barrier and tell the accessibility contact about it."""
    received_at = timezone.now()
    report = BarrierReport(
        message=message.strip(),
        page_url=page_url.strip(),
        name=name.strip(),
        email=email.strip(),
        received_at=received_at,
        answer_due=barrier_report_answer_due(received_at=received_at),
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        _notify_contact(report)
    return report


def barrier_report_mark_answered(*, report: BarrierReport, on: datetime.date | None = None) -> BarrierReport:
    """Record that the person who sent ``report`` got an answer (today unless ``on`` is given)."""
    report.answered_on = on or timezone.localdate()
    report.full_clean()
    report.save(update_fields=["answered_on"])
    return report


def _notify_contact(report: BarrierReport) -> None:
    statement = accessibility_statement_get()
    if statement is None or not statement.contact_email:
        return
    admin_url = absolute_url(reverse("admin:portal_barrierreport_change", args=[report.pk]))
    body = _(
        "Über das Transferportal ist eine Meldung zu einer Barriere eingegangen.\n\n"
        "Seite: %(page)s\nAbsender: %(sender)s\nAntwort fällig bis: %(due)s\n\n%(message)s\n\n"
        "Zur Meldung in der Verwaltung: %(url)s\n"
    ) % {
        "page": absolute_url(report.page_url) or "–",
        "sender": ", ".join(part for part in (report.name, report.email) if part) or _("ohne Angabe"),
        "due": date_format(report.answer_due, "DATE_FORMAT"),
        "message": report.message,
        "url": admin_url,
    }
    outbox.queue_mail(
        kind="barrier_report",
        to=[statement.contact_email],
        subject=_("Neue Barrieremeldung im Transferportal"),
        body=body,
    )


def staff_groups_sync() -> dict[str, Group]:
    """Create the staff groups if needed and give each exactly the permissions in GROUP_PERMISSIONS."""
    groups = {}
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for label, actions in permissions.items():
            app_label, model_name = label.split(".")
            for action in actions:
                codename = f"{action}_{model_name}"
                wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        groups[name] = group
    return groups
