"""What public forms accept: e-mail addresses at real domains, and a honeypot field against robots."""

import ipaddress

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Top-level names that never reach a mailbox (RFC 2606, 6761, 6762, 7686, 8375).
RESERVED_TOP_LEVEL = {"test", "example", "invalid", "localhost", "local", "onion", "internal", "arpa", "home"}


def validate_public_email(value):
    """Refuses IP literals (a@[127.0.0.1]), bare host names and reserved top-level names."""
    domain = value.rpartition("@")[2].strip().lower().rstrip(".")
    message = _("Gebruik een e-mailadres met een gewone domeinnaam, zoals naam@organisatie.nl.")
    if domain.startswith("[") or "." not in domain:
        raise ValidationError(message, code="reserved_domain")
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        pass
    else:
        raise ValidationError(message, code="reserved_domain")
    if domain.rsplit(".", 1)[1] in RESERVED_TOP_LEVEL:
        raise ValidationError(message, code="reserved_domain")


class PublicEmailField(forms.EmailField):
    """The e-mail field of every public form: a real domain, at most 254 characters, and `autocomplete`."""

    default_validators = [*forms.EmailField.default_validators, validate_public_email]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)


class HoneypotForm(forms.Form):
    """A field hidden from people and tempting for robots (templates/components/honeypot.html)."""

    website_confirm = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200)
