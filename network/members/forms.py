from django import forms
from django.utils.translation import gettext_lazy as _

from home.abuse.validators import validate_public_email
from home.text import SingleLineField
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
