"""Forms of the public registration pages (crispy-forms, Bootstrap 5)."""

import csv
from dataclasses import dataclass, field

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.registration.selectors import ModeSeats
from events.registration.services import ParticipantData
from municipalities.forms import MunicipalityField
from portal.uploads import TABLES, FileTypeValidator, decode_table

from .models import Mode

CONSENT_REQUIRED = _(
    "Bitte stimmen Sie dem Datenschutzhinweis zu, damit wir Ihre Anmeldung bearbeiten können."
)
ORGANISATION_REQUIRED = _("Bitte geben Sie Ihre Kommune oder Ihre Organisation an.")
PARTNERS_HELP = _(
    "Nur für Beschäftigte der Partnerkommunen der veranstaltenden Transferagentur: Bitte wählen Sie "
    "Ihre Kommune aus dem Verzeichnis (Name oder Gemeindeschlüssel, zum Beispiel „15002“)."
)
PARTNERS_REQUIRED = _(
    "Diese Veranstaltung ist nur für Partnerkommunen: Bitte wählen Sie Ihre Kommune aus dem Verzeichnis."
)
INTERNAL_HELP = _(
    "Verwaltungsintern: nur für Beschäftigte kommunaler Verwaltungen. Bitte wählen Sie Ihre Kommune "
    "aus dem Verzeichnis (Name oder Gemeindeschlüssel, zum Beispiel „15002“)."
)
INTERNAL_REQUIRED = _(
    "Diese Veranstaltung ist verwaltungsintern: Bitte wählen Sie Ihre Kommune aus dem Verzeichnis."
)
LIMIT_HELP = _(
    "Je Kommune sind höchstens %(limit)s Plätze vorgesehen. Tragen Sie hier eine Kommune ein (etwa "
    "„Stadt Münster“), zählen wir die Anmeldung für diese Kommune."
)
HONEYPOT_ERROR = _(
    "Ihre Anmeldung konnte nicht verarbeitet werden: Das Feld „Bitte leer lassen“ muss leer bleiben. "
    "Wenn Sie es nicht ausgefüllt haben, hat vielleicht Ihr Browser es automatisch gefüllt."
)


class RegistrationForm(forms.Form):
    """The registration form of one event; which fields it has depends on the event's options."""

    mode = forms.ChoiceField(
        label=_("Wie nehmen Sie teil?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, ob Sie vor Ort oder online teilnehmen.")},
    )
    name = forms.CharField(
        label=_("Vor- und Nachname"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("An diese Adresse schicken wir den Link, mit dem Sie die Anmeldung bestätigen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@kommune.de."),
        },
    )
    municipality = MunicipalityField(
        label=_("Kommune"),
        required=False,
        help_text=_(
            "Name oder Gemeindeschlüssel, zum Beispiel „Halle“ oder „15002“; Vorschläge kommen beim Tippen. "
            "Arbeiten Sie nicht für eine Kommune, lassen Sie das Feld leer."
        ),
    )
    organisation = forms.CharField(
        label=_("Organisation oder Dienststelle"),
        required=False,
        max_length=200,
        help_text=_("Zum Beispiel Amt, Stabsstelle oder Einrichtung; Pflicht ohne Angabe der Kommune."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    function = forms.CharField(
        label=_("Funktion"),
        max_length=200,
        help_text=_("Zum Beispiel Bildungsmanagement, Bildungsmonitoring oder Amtsleitung."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"required": _("Bitte geben Sie Ihre Funktion an.")},
    )
    dietary_needs = forms.CharField(
        label=_("Ernährungswünsche (freiwillig)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Zum Beispiel vegetarisch, vegan oder Unverträglichkeiten. "
            "Wir löschen diese Angabe bald nach der Veranstaltung."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accessibility_needs = forms.CharField(
        label=_("Unterstützung für eine barrierefreie Teilnahme (freiwillig)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Zum Beispiel Gebärdensprachdolmetschung, Induktionsschleife, stufenloser Zugang oder "
            "Unterlagen vorab. Wir löschen diese Angabe bald nach der Veranstaltung."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label=_("Anmerkungen (freiwillig)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    whole_series = forms.BooleanField(
        label=_("Für alle kommenden Termine dieser Reihe anmelden"),
        required=False,
        help_text=_("Einzelne Termine können Sie später über Ihren persönlichen Link wieder absagen."),
    )
    join_waitlist = forms.BooleanField(
        label=_("Falls kein Platz mehr frei ist: Bitte setzen Sie mich auf die Warteliste."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "Ich habe den Datenschutzhinweis gelesen und bin mit der Verarbeitung "
            "meiner Angaben einverstanden."
        ),
        error_messages={
            "required": _(
                "Bitte stimmen Sie dem Datenschutzhinweis zu, damit wir Ihre Anmeldung bearbeiten können."
            )
        },
    )
    notice_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # Honeypot: hidden from people (display: none), filled in by naive bots.
    website = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, event, options, seats: list[ModeSeats], series_dates: int = 0, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("notice_version", options.privacy_notice_version)
        super().__init__(*args, **kwargs)
        self.event = event
        self.options = options
        offered = list(seats)
        if len(offered) > 1:
            self.fields["mode"].choices = [(s.mode, self._mode_label(s)) for s in offered]
        else:
            del self.fields["mode"]
            self.single_mode = offered[0].mode if offered else Mode.ON_SITE
        for name, asked in [
            ("dietary_needs", options.ask_dietary_needs and event.has_on_site_part),
            ("accessibility_needs", options.ask_accessibility_needs),
            ("comment", options.ask_comment),
        ]:
            if not asked:
                del self.fields[name]
        if series_dates < 2:
            del self.fields["whole_series"]
        self._explain_who_may_register(event, options)
        if all(s.free is None for s in offered):
            # Unlimited: nobody ever waits. Otherwise the box stays, since seats may go while typing.
            del self.fields["join_waitlist"]
        self.helper = self._helper()

    def _explain_who_may_register(self, event, options) -> None:
        """Say at the fields, before anyone types, what the audience and the limit ask of them."""
        municipality = self.fields["municipality"]
        if event.audience != Event.Audience.PUBLIC:
            # The services enforce it; the form says so first and asks for the choice at once.
            municipality.required = True
            if event.audience == Event.Audience.PARTNERS:
                municipality.help_text = PARTNERS_HELP
                municipality.error_messages["required"] = PARTNERS_REQUIRED
            else:
                municipality.help_text = INTERNAL_HELP
                municipality.error_messages["required"] = INTERNAL_REQUIRED
        if options.max_per_municipality:
            self.fields["organisation"].help_text = LIMIT_HELP % {"limit": options.max_per_municipality}

    @staticmethod
    def _mode_label(seats: ModeSeats) -> str:
        if seats.free is None:
            return str(seats.label)
        if seats.free == 0:
            return _("%(mode)s (ausgebucht, Warteliste)") % {"mode": seats.label}
        return _("%(mode)s (noch %(free)s Plätze frei)") % {"mode": seats.label, "free": seats.free}

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        order = ["mode", "name", "email", "municipality", "organisation", "function", "dietary_needs"]
        order += ["accessibility_needs", "comment", "whole_series", "join_waitlist"]
        helper.layout = Layout(
            *[name for name in order if name in self.fields],
            HTML('{% include "events/registration/includes/privacy_notice.html" %}'),
            "consent",
            "notice_version",
            Div(Field("website"), css_class="d-none"),
        )
        return helper

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(HONEYPOT_ERROR, code="honeypot")
        municipality = cleaned_data.get("municipality")
        if not cleaned_data.get("organisation") and "municipality" not in self.errors:
            if municipality is None:
                self.add_error("organisation", ORGANISATION_REQUIRED)
            else:
                cleaned_data["organisation"] = municipality.name
        return cleaned_data

    @property
    def chosen_mode(self) -> str:
        return self.cleaned_data.get("mode") or self.single_mode

    def participant(self) -> ParticipantData:
        data = self.cleaned_data
        return ParticipantData(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            function=data["function"],
            municipality=data.get("municipality"),
            comment=data.get("comment", ""),
            dietary_needs=data.get("dietary_needs", ""),
            accessibility_needs=data.get("accessibility_needs", ""),
        )


class EmailForm(forms.Form):
    """Ask for an email address: to resend a link or to get the overview of all registrations."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@kommune.de."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


# --- attendance lists from video conferences ---------------------------------------------------------

# Header names of the address column in the exports of common video-conference tools, compared
# without case, spaces, hyphens and underscores ("E-Mail", "Teilnehmer-E-Mail", "Email Address").
EMAIL_HEADERS = {
    "email",
    "mail",
    "emailadresse",
    "emailaddress",
    "mailadresse",
    "teilnehmeremail",
    "teilnehmendeemail",
    "teilnehmerinemail",
    "participantemail",
    "attendeeemail",
    "benutzeremail",
    "useremail",
}


def _header_key(cell: str) -> str:
    return "".join(ch for ch in cell.lower() if ch.isalnum())


def _is_address(text: str) -> bool:
    try:
        validate_email(text.strip())
    except ValidationError:
        return False
    return True


@dataclass
class AttendanceList:
    """The addresses read from an uploaded list, by line number, and the lines that held none."""

    addresses: list[tuple[int, str]] = field(default_factory=list)
    without_address: list[tuple[int, str]] = field(default_factory=list)


def read_attendance_list(text: str) -> AttendanceList:
    """Read the address column of a CSV list (semicolons, commas or tabs; with or without header).

    The column is the one whose header reads like "E-Mail", else the one most of whose cells are
    addresses. Raise ``ValidationError`` when no column holds addresses.
    """
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:  # rows of different widths (a block about the meeting first): count instead
        delimiter = max(";,\t", key=sample.count)
    rows = [
        (number, row)
        for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise ValidationError(_("Die Datei enthält keine Zeilen."))
    # Some tools put a block about the meeting above the list: the header may be any row.
    column, body = None, rows
    for position, (_number, row) in enumerate(rows):
        keys = [_header_key(cell) for cell in row]
        column = next((index for index, key in enumerate(keys) if key in EMAIL_HEADERS), None)
        if column is not None:
            body = rows[position + 1 :]
            break
    if column is None:
        width = max(len(row) for _number, row in rows)
        hits = [
            sum(1 for _number, row in rows if index < len(row) and _is_address(row[index]))
            for index in range(width)
        ]
        if not hits or max(hits) == 0:
            raise ValidationError(_("In der Datei steht keine Spalte mit E-Mail-Adressen."))
        column = hits.index(max(hits))
        if not _is_address(rows[0][1][column] if column < len(rows[0][1]) else ""):
            body = rows[1:]  # a header we do not know by name
    result = AttendanceList()
    for number, row in body:
        cell = row[column].strip() if column < len(row) else ""
        if _is_address(cell):
            result.addresses.append((number, cell))
        else:
            result.without_address.append((number, delimiter.join(row).strip()[:200]))
    return result


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Teilnahmeliste (CSV)"),
        validators=[FileTypeValidator(TABLES)],
        help_text=_(
            "Die Liste der Teilnehmenden, wie das Videokonferenz-Werkzeug sie exportiert: eine Spalte "
            "mit E-Mail-Adressen, getrennt durch Semikolon oder Komma, UTF-8 oder Windows-Zeichensatz."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.seek(0)
        text = decode_table(upload.read())
        if text is None:
            raise ValidationError(_("Die Datei ist keine lesbare CSV-Datei."))
        return read_attendance_list(text)
