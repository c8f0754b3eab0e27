"""Domain errors of the press workflow; views and admin actions show them as messages."""

from django.utils.translation import gettext_lazy as _


class PressReleaseError(Exception):
    """Base class; ``str(exc)`` is a sentence for the person who tried."""

    message = _("Diese Änderung ist nicht möglich.")

    def __init__(self, message=None):
        super().__init__(str(message or self.message))


class NotWithdrawable(PressReleaseError):
    message = _("Nur veröffentlichte Pressemitteilungen können zurückgezogen werden.")


class ScheduleInPast(PressReleaseError):
    message = _("Bitte wählen Sie für die Planung einen Zeitpunkt in der Zukunft.")


class AlreadyPublic(PressReleaseError):
    message = _("Die Pressemitteilung ist bereits veröffentlicht.")


class NotScheduled(PressReleaseError):
    message = _("Nur geplante, noch nicht erschienene Pressemitteilungen können zurück in den Entwurf.")


class PreviewNotAvailable(PressReleaseError):
    message = _("Eine Vorschau gibt es nur für Entwürfe und geplante, noch nicht erschienene Mitteilungen.")
