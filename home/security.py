"""Security events in the log, without personal data: accounts and addresses appear only as short hashes."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .client import client_address
from .mail import queue_mail

logger = logging.getLogger("portal.security")


def fingerprint(value):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()
    return digest[:10]


ATTACK_WINDOW = 3600


@receiver(user_login_failed, dispatch_uid="portal-login-failed")
def log_failed_login(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    address = client_address(request) if request else ""
    logger.warning("login failed: account=%s address=%s", fingerprint(username), fingerprint(address))
    _watch_account(username, address)


def _watch_account(username, address):
    """An account tried from many addresses within the hour is reported to the superusers, once an hour:
    locking it would let anyone lock its owner out."""
    if not username:
        return
    key = f"login-failures:{fingerprint(username)}"
    addresses = set(cache.get(key, []))
    addresses.add(fingerprint(address))
    cache.set(key, sorted(addresses), ATTACK_WINDOW)
    if len(addresses) < settings.ATTACKED_ACCOUNT_ADDRESSES:
        return
    if not cache.add(f"{key}:reported", True, ATTACK_WINDOW):
        return
    logger.error("account attacked from %s addresses: account=%s", len(addresses), fingerprint(username))
    User = get_user_model()
    for email in (
        User.objects.filter(is_superuser=True, is_active=True).exclude(email="").values_list("email", flat=True)
    ):
        queue_mail(
            email,
            _("Veel mislukte inlogpogingen op één account"),
            "home/mail/account_attacked.txt",
            {"username": username, "addresses": len(addresses)},
        )
