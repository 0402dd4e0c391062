"""Security events in the log, without personal data: accounts and addresses appear only as short hashes."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.translation import gettext as _

from home.abuse.client import client_address
from home.mail import queue_mail

logger = logging.getLogger("portal.security")


def fingerprint(value):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()
    return digest[:10]


ATTACK_WINDOW = 3600


def _address_key(address):
    return f"login-failures-address:{fingerprint(address)}"


@receiver(user_login_failed, dispatch_uid="portal-login-failed")
def log_failed_login(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    address = client_address(request) if request else ""
    logger.warning("login failed: account=%s address=%s", fingerprint(username), fingerprint(address))
    if getattr(request, "axes_locked_out", False):
        return  # a refused attempt during a lock-out is not a new guess
    _watch_account(username, address)
    _count_address(address)


def _count_address(address):
    """Failures from one address with any usernames (colleagues behind one NAT share it): counted here, as
    django-axes has one threshold and keys its own on username and address together."""
    if not address:
        return
    counters = caches["limits"]
    counters.add(_address_key(address), 0, ATTACK_WINDOW)
    try:
        counters.incr(_address_key(address))
    except ValueError:
        pass


class AddressLockoutBackend:
    """First in AUTHENTICATION_BACKENDS: an address that failed ADDRESS_FAILURE_LIMIT times within the hour
    (far more than one person's typos) gets axes's lock-out page, whatever the username."""

    def authenticate(self, request, **credentials):
        address = client_address(request) if request else None
        if address and caches["limits"].get(_address_key(address), 0) >= settings.ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise PermissionDenied
        return None


def _watch_account(username, address):
    """An account tried from many addresses within the hour is reported to the superusers, once an hour:
    locking it would let anyone lock its owner out."""
    if not username:
        return
    key = f"login-failures:{fingerprint(username)}"
    counters = caches["limits"]
    addresses = set(counters.get(key, []))
    addresses.add(fingerprint(address))
    counters.set(key, sorted(addresses), ATTACK_WINDOW)
    if len(addresses) < settings.ATTACKED_ACCOUNT_ADDRESSES:
        return
    if not counters.add(f"{key}:reported", True, ATTACK_WINDOW):
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
