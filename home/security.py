"""Security events in the log, without personal data: accounts and addresses appear only as short hashes."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("portal.security")


def fingerprint(value):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()
    return digest[:10]


@receiver(user_login_failed, dispatch_uid="portal-login-failed")
def log_failed_login(sender, credentials, request=None, **kwargs):
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    logger.warning(
        "login failed: account=%s address=%s", fingerprint(credentials.get("username", "")), fingerprint(address)
    )
