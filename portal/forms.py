from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BarrierReport


class BarrierReportForm(forms.Form):
    message = forms.CharField(
        label=_("Welche Barriere ist Ihnen begegnet?"),
        help_text=_(
            "Beschreiben Sie bitte, was nicht funktioniert hat, zum Beispiel ein Bild ohne Beschreibung, "
            "ein Formular, das sich nicht mit der Tastatur bedienen lässt, oder ein schwer lesbarer Text."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Bitte beschreiben Sie die Barriere, damit wir ihr nachgehen können.")},
    )
    page_url = forms.CharField(
        label=_("Auf welcher Seite? (freiwillig)"),
        help_text=_("Die Adresse oder der Titel der Seite."),
        max_length=BarrierReport._meta.get_field("page_url").max_length,
        required=False,
    )
    name = forms.CharField(
        label=_("Ihr Name (freiwillig)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (freiwillig)"),
        help_text=_("Nur wenn Sie eine Antwort wünschen. Wir antworten innerhalb eines Monats."),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@example.org.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # A trap for spam robots: people never see this field, so whoever fills it in is not a person.
    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's form tag carries the token
        self.helper.layout = Layout(
            "message", "page_url", "name", "email", Div("homepage", css_class="hp-field")
        )

    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))

    def report_data(self):
        """Return the keyword arguments for ``barrier_report_create``."""
        return {key: self.cleaned_data[key] for key in ("message", "page_url", "name", "email")}
