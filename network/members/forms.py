from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from home.abuse.validators import PublicEmailField, validate_public_email
from home.text import SingleLineField
from network.models.personal import RegisterNumber, clean_register_number
from network.models.registrations import Member


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


# -- "Mijn netwerk" --------------------------------------------------------------------------------------------


class SignInForm(forms.Form):
    email = PublicEmailField(label=_("E-mailadres"))


class NewAddressForm(forms.Form):
    new_email = PublicEmailField(label=_("Nieuw e-mailadres"))

    def __init__(self, *args, current="", **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean_new_email(self):
        email = self.cleaned_data["new_email"].strip().lower()
        if email == self.current.lower():
            raise ValidationError(_("Dit is al je e-mailadres."), code="same")
        return email


class MembershipForm(MemberForm):
    """Join or change membership from "Mijn netwerk": the address is the signed-in one, already proven."""

    class Meta(MemberForm.Meta):
        fields = ["name", "organisation", "role", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # consent was given when joining
            del self.fields["consent"]


class RegisterNumberForm(forms.Form):
    register = forms.ChoiceField(label=_("Register"), choices=RegisterNumber.Register.choices)
    number = SingleLineField(
        label=_("Registernummer"),
        max_length=40,
        help_text=_("Zoals het register het schrijft, bijvoorbeeld NIP-00123456."),
    )

    def clean_number(self):
        return clean_register_number(self.cleaned_data["number"])
