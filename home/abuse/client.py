"""The client's address: the one rule that the lock-out, every rate limit and the security log use.

Behind PROXY_COUNT trusted proxies that each append the address they received a request from to
X-Forwarded-For (nginx `$proxy_add_x_forwarded_for`, HAProxy `option forwardfor`), the client is the
PROXY_COUNT-th address from the right: everything to its left was sent by the client and can be forged.
Without proxies (PROXY_COUNT=0) the header is ignored and REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address as text, or None when the request carries none (a test's forced login)."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    count = settings.PROXY_COUNT
    if count:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= count:
            return _valid(chain[-count]) or remote
    return remote
