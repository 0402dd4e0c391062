from django import forms
from django.utils.translation import gettext_lazy as _

from home.text import SingleLineField
from home.validators import PublicEmailField, validate_public_email

from .models.registrations import QUESTIONS, Member


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

    def answers(self):
        """The optional answers, '' for questions the event does not ask."""
        return {name: self.cleaned_data.get(name, "") for name, _label in QUESTIONS}


class MemberForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("Ik ga akkoord met de verwerking van mijn gegevens volgens de privacyverklaring."),
        error_messages={"required": _("Geef toestemming om lid te worden.")},
    )

    class Meta:
        model = Member
        fields = ["name", "email", "organisation", "role", "sector"]
        labels = {"email": _("E-mailadres")}
        field_classes = {"name": SingleLineField, "organisation": SingleLineField, "role": SingleLineField}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The sector vocabulary belongs to the knowledge bank; the model comes from the foreign key.
        sector_model = Member._meta.get_field("sector").related_model
        self.fields["sector"].queryset = sector_model.objects.filter(is_active=True)
        self.fields["sector"].empty_label = _("— kies een sector —")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        validate_public_email(email)
        return email

    def validate_unique(self):
        # An existing e-mail is not an error for the visitor: the view re-sends the confirmation.
        pass
