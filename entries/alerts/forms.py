from django import forms
from django.utils.translation import gettext_lazy as _

from home.abuse.validators import HoneypotForm, PublicEmailField

# The Dutch parameter values (as all public parameters) and what the alert stores.
FREQUENCIES = {"wekelijks": "weekly", "maandelijks": "monthly"}


class AlertForm(HoneypotForm):
    """Follow a selection by e-mail: only an address and how often."""

    email = PublicEmailField(label=_("Je e-mailadres"))
    frequentie = forms.ChoiceField(
        label=_("Hoe vaak?"),
        choices=[("wekelijks", _("Eens per week")), ("maandelijks", _("Eens per maand"))],
        initial="wekelijks",
        required=False,  # a POST from elsewhere (a button on the listing) without it means weekly
        widget=forms.RadioSelect,
    )

    def clean_frequentie(self):
        return FREQUENCIES[self.cleaned_data.get("frequentie") or "wekelijks"]
