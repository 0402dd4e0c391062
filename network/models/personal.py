"""For the "Mijn netwerk" pages: sign-in links, the sessions they open, and the numbers a person keeps in
professional registers.

Members and registrants are not Django users: a person is an e-mail address that proves itself by a link. Only a
hash of each secret is stored, so the table cannot be used to sign in as anyone."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REGISTER_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}")


def clean_register_number(value):
    """A register number as registers write it (NIP-00123456, 12345, BIG 19012345601), upper case; refuses
    anything else, so nothing a spreadsheet would run reaches an export."""
    number = (value or "").strip().upper()
    if not REGISTER_NUMBER.fullmatch(number):
        raise ValidationError(
            _("Gebruik alleen letters, cijfers, spaties, punten, streepjes en schuine strepen."), code="invalid"
        )
    return number


def secret_hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class SignInLink(models.Model):
    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", _("inloggen")
        NEW_ADDRESS = "new_address", _("nieuw e-mailadres")

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"), db_index=True)
    # For a change of address: the address the records move to once this link (sent there) is used.
    new_email = models.EmailField(_("nieuw e-mailadres"), blank=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.SIGN_IN)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("inloglink")
        verbose_name_plural = _("inloglinks")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def state(self, now=None):
        """'valid', 'used' or 'expired'."""
        if self.used_at is not None:
            return "used"
        return "expired" if self.expires_at <= (now or timezone.now()) else "valid"


class PersonalSession(models.Model):
    """A signed-in visit to "Mijn netwerk"; the browser holds the key in a signed cookie of its own."""

    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"), db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("sessie van Mijn netwerk")
        verbose_name_plural = _("sessies van Mijn netwerk")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class RegisterNumber(models.Model):
    """A person's number in a professional register: only for certificates of attendance and accreditation
    exports; seen by the person and by Netwerkbeheer."""

    class Register(models.TextChoices):
        NIP = "nip", "NIP"
        LVSC = "lvsc", "LVSC"
        REGISTERPLEIN = "registerplein", "Registerplein"
        BIG = "big", "BIG-register"
        NVO = "nvo", "NVO"
        OTHER = "other", _("ander register")

    email = models.EmailField(_("e-mailadres"), db_index=True)
    register = models.CharField(_("register"), max_length=16, choices=Register.choices)
    # The same rule at every door: Mijn netwerk, the registration form and the admin.
    number = models.CharField(_("registernummer"), max_length=40, validators=[clean_register_number])
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now, editable=False)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["email", "register"]
        verbose_name = _("registernummer")
        verbose_name_plural = _("registernummers")
        constraints = [models.UniqueConstraint(Lower("email"), "register", name="one_number_per_register")]

    def __str__(self):
        return f"{self.get_register_display()} {self.number}"
