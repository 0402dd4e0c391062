from django import forms
from django.utils.translation import gettext_lazy as _

from home.abuse.validators import PublicEmailField
from home.text import SingleLineField
from network.models.personal import clean_register_number
from network.models.registrations import QUESTIONS


class RegistrationForm(forms.Form):
    name = SingleLineField(label=_("Naam"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = PublicEmailField(label=_("E-mailadres"))
    organisation = SingleLineField(
        label=_("Organisatie"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = SingleLineField(
        label=_("Functie"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    diet = SingleLineField(label=_("Dieetwensen"), max_length=300, required=False)
    access_needs = SingleLineField(
        label=_("Wat heb je nodig om goed mee te kunnen doen?"),
        help_text=_("Bijvoorbeeld rolstoeltoegankelijkheid, ringleiding of een tolk."),
        max_length=300,
        required=False,
    )
    remarks = forms.CharField(
        label=_("Opmerkingen"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("Ik ga akkoord met de verwerking van mijn gegevens volgens de privacyverklaring."),
        error_messages={"required": _("Geef toestemming om je aan te kunnen melden.")},
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        asked = set(event.questions or []) if event is not None else {name for name, _label in QUESTIONS}
        for name, _label in QUESTIONS:
            if name not in asked:
                del self.fields[name]
        self._ask_register_numbers(event)

    def _ask_register_numbers(self, event):
        """An event with accreditation asks for numbers in its registers (optional), for the certificate."""
        if event is None or event.contact_hours is None:
            return
        for accreditation in event.accreditations.all():
            self.fields[f"register_{accreditation.register}"] = SingleLineField(
                label=_("Je %(register)s-registernummer") % {"register": accreditation.get_register_display()},
                help_text=_("Niet verplicht. Dan staat het op je bewijs van deelname."),
                max_length=40,
                required=False,
                validators=[clean_register_number],
            )

    def register_numbers(self):
        """{register: number} as typed in the form (cleaned)."""
        prefix = "register_"
        return {
            name[len(prefix) :]: clean_register_number(value)
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value
        }

    def answers(self):
        """The optional answers, '' for questions the event does not ask."""
        return {name: self.cleaned_data.get(name, "") for name, _label in QUESTIONS}
