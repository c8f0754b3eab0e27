"""Domain exceptions of the events app; their text is shown to the person as it is."""

from django.conf import settings
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class RegistrationError(Exception):
    """Base class: a registration rule said no. ``str(exc)`` is a German sentence for the page."""

    default_message = ""

    def __init__(self, message=None):
        super().__init__(message or self.default_message)

    @property
    def message(self):
        return str(self)


class RegistrationDisabled(RegistrationError):
    def __init__(self):
        super().__init__(_("Für diese Veranstaltung ist keine Anmeldung über das Portal möglich."))


class EventCancelled(RegistrationError):
    def __init__(self):
        super().__init__(_("Diese Veranstaltung wurde abgesagt. Eine Anmeldung ist nicht mehr möglich."))


class RegistrationNotOpenYet(RegistrationError):
    def __init__(self, opens_at):
        self.opens_at = opens_at
        super().__init__(
            _("Die Anmeldung ist ab %(when)s möglich.")
            % {"when": date_format(localtime(opens_at), "DATETIME_FORMAT")}
        )


class RegistrationClosed(RegistrationError):
    def __init__(self):
        super().__init__(_("Die Anmeldung für diese Veranstaltung ist geschlossen."))


class ModeNotOffered(RegistrationError):
    def __init__(self):
        super().__init__(_("Diese Teilnahmeform wird für die Veranstaltung nicht angeboten."))


class EventFull(RegistrationError):
    def __init__(self, mode_label):
        self.mode_label = mode_label
        super().__init__(
            _(
                "Alle Plätze (%(mode)s) sind vergeben. Sie können sich auf die Warteliste setzen lassen: "
                "Wenn ein Platz frei wird, rücken Sie automatisch nach und erhalten eine E-Mail."
            )
            % {"mode": mode_label}
        )


class AlreadyRegistered(RegistrationError):
    def __init__(self):
        super().__init__(
            _(
                "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung zu dieser Veranstaltung. "
                "Wir können Ihnen den Link zu Ihrer Anmeldung noch einmal schicken."
            )
        )


class MunicipalityLimitReached(RegistrationError):
    def __init__(self, limit):
        self.limit = limit
        super().__init__(
            _(
                "Aus Ihrer Kommune oder Organisation sind bereits %(limit)s Personen angemeldet; "
                "mehr Plätze je Kommune sind für diese Veranstaltung nicht vorgesehen."
            )
            % {"limit": limit}
        )


class RateLimited(RegistrationError):
    def __init__(self):
        super().__init__(
            _(
                "Von Ihrer Adresse kamen in kurzer Zeit sehr viele Anfragen. Bitte versuchen Sie es in "
                "einer Stunde noch einmal oder wenden Sie sich an die veranstaltende Agentur."
            )
        )


class ConsentMissing(RegistrationError):
    def __init__(self):
        super().__init__(
            _("Bitte stimmen Sie dem Datenschutzhinweis zu, damit wir Ihre Anmeldung bearbeiten können.")
        )


class PrivacyNoticeChanged(RegistrationError):
    def __init__(self):
        super().__init__(
            _(
                "Der Datenschutzhinweis wurde inzwischen geändert. Bitte lesen Sie ihn noch einmal und "
                "stimmen Sie erneut zu."
            )
        )


class ConfirmationExpired(RegistrationError):
    def __init__(self):
        super().__init__(
            _(
                "Dieser Bestätigungslink ist abgelaufen, weil die Anmeldung nicht innerhalb von %(hours)s "
                "Stunden bestätigt wurde. Bitte melden Sie sich noch einmal an."
            )
            % {"hours": settings.REGISTRATION_CONFIRMATION_HOURS}
        )


class RegistrationInactive(RegistrationError):
    def __init__(self):
        super().__init__(_("Diese Anmeldung ist nicht mehr aktiv."))


class NotAwaitingApproval(RegistrationError):
    def __init__(self):
        super().__init__(_("Diese Anmeldung wartet nicht auf eine Freigabe."))


class EventAlreadyOver(RegistrationError):
    def __init__(self):
        super().__init__(_("Die Veranstaltung hat bereits stattgefunden."))


class NoSeriesDates(RegistrationError):
    def __init__(self):
        super().__init__(
            _("Für diese Reihe gibt es keine kommenden Termine, zu denen Sie sich anmelden können.")
        )


def _contact_sentence(contact) -> str:
    """Return whom to ask: „Bitte wenden Sie sich an Erika Beispiel (erika@example.org).“"""
    if contact is None:
        return _("Bitte wenden Sie sich an die veranstaltende Transferagentur.")
    name, email = contact
    return _("Bitte wenden Sie sich an %(name)s (%(email)s).") % {"name": name, "email": email}


class PartnersOnly(RegistrationError):
    """The event is only for staff of the organising agencies' partner municipalities."""

    def __init__(self, contact=None, *, municipality_chosen=False):
        if municipality_chosen:
            reason = _(
                "Diese Veranstaltung ist nur für Beschäftigte der Partnerkommunen der veranstaltenden "
                "Transferagentur; die gewählte Kommune ist derzeit keine Partnerkommune."
            )
        else:
            reason = _(
                "Diese Veranstaltung ist nur für Beschäftigte der Partnerkommunen der veranstaltenden "
                "Transferagentur. Bitte wählen Sie Ihre Kommune im Feld „Kommune“ aus dem Verzeichnis."
            )
        question = _("Wenn Sie trotzdem teilnehmen möchten oder Fragen zur Partnerschaft haben:")
        super().__init__(f"{reason} {question} {_contact_sentence(contact)}")


class AdministrationOnly(RegistrationError):
    """The event is only for staff of municipal administrations ("Verwaltungsintern")."""

    def __init__(self, contact=None):
        reason = _(
            "Diese Veranstaltung ist verwaltungsintern: Sie richtet sich nur an Beschäftigte kommunaler "
            "Verwaltungen. Bitte wählen Sie Ihre Kommune im Feld „Kommune“ aus dem Verzeichnis; eine "
            "Anmeldung nur mit einer Organisation ist nicht möglich."
        )
        question = _("Bei Fragen zur Teilnahme:")
        super().__init__(f"{reason} {question} {_contact_sentence(contact)}")


class NotWaitlisted(RegistrationError):
    def __init__(self):
        super().__init__(_("Diese Person steht nicht auf der Warteliste."))


class NoSeatFree(RegistrationError):
    def __init__(self, mode_label):
        self.mode_label = mode_label
        super().__init__(
            _(
                "In der Teilnahmeform „%(mode)s“ ist kein Platz frei; "
                "niemand kann von der Warteliste nachrücken."
            )
            % {"mode": mode_label}
        )


class EventNotStartedYet(RegistrationError):
    def __init__(self):
        super().__init__(_("Die Teilnahme kann erst ab Beginn der Veranstaltung erfasst werden."))


class NoRecipients(RegistrationError):
    def __init__(self):
        super().__init__(_("Für diese Auswahl gibt es keine Empfängerinnen und Empfänger."))


class MunicipalityLimitReachedMeanwhile(RegistrationError):
    """Confirmed after the hold, when others of the same municipality had taken its last places."""

    def __init__(self, limit, *, contact=None):
        self.limit = limit
        reason = ngettext(
            "Ihre Anmeldung konnte nicht bestätigt werden: Für Ihre Kommune oder Organisation ist bei "
            "dieser Veranstaltung %(limit)s Platz vorgesehen, und er ist inzwischen vergeben. Wir halten "
            "einen Platz nach der Anmeldung %(minutes)s Minuten lang frei; danach hat jemand anderes "
            "aus Ihrer Kommune oder Organisation die Anmeldung zuerst bestätigt.",
            "Ihre Anmeldung konnte nicht bestätigt werden: Für Ihre Kommune oder Organisation sind bei "
            "dieser Veranstaltung höchstens %(limit)s Plätze vorgesehen, und diese sind inzwischen "
            "vergeben. Wir halten einen Platz nach der Anmeldung %(minutes)s Minuten lang frei; "
            "danach haben andere aus Ihrer Kommune oder Organisation ihre Anmeldung zuerst bestätigt.",
            limit,
        ) % {"limit": limit, "minutes": settings.REGISTRATION_MUNICIPALITY_HOLD_MINUTES}
        question = _("Wenn Sie trotzdem teilnehmen möchten:")
        super().__init__(f"{reason} {question} {_contact_sentence(contact)}")


class DeletionAlreadyCarriedOut(RegistrationError):
    def __init__(self):
        super().__init__(_("Dieser Löschantrag wurde bereits durchgeführt."))


class NoCertificate(RegistrationError):
    def __init__(self, name):
        super().__init__(
            _(
                "%(name)s ist nicht als anwesend erfasst oder hat keine E-Mail-Adresse mehr: "
                "keine Bescheinigung."
            )
            % {"name": name}
        )


class DocumentationAlreadyPublished(RegistrationError):
    def __init__(self, published_at):
        self.published_at = published_at
        super().__init__(
            _("Die Dokumentation wurde bereits am %(date)s veröffentlicht; die E-Mail ging schon hinaus.")
            % {"date": date_format(localtime(published_at), "SHORT_DATETIME_FORMAT")}
        )


class NoParticipantsMaterials(RegistrationError):
    def __init__(self):
        super().__init__(_("Diese Veranstaltung hat noch keine Materialien „nur für Teilnehmende“."))
